import type { Locale } from '../../shared/locale';
import type { OutboxMessage } from '../model';
import type { NewOutboxMessage } from './stores';

/** What domain services need to send: write to the outbox (the worker sends later). */
export interface Outbox {
  enqueue(msg: NewOutboxMessage): Promise<{ message: OutboxMessage; created: boolean }>;
}

export type AlertSeverity = 'info' | 'warning' | 'critical';

/** One alert states each fact once: the template renders the corp, the template and what to do. */
export interface SupportAlert {
  /** Same key → the alert is sent once. */
  dedupeKey: string;
  /** What happened, without the corp (it has its own line). */
  title: string;
  /** Further facts, one a line, none repeating the fields below. */
  lines: string[];
  corpId?: string;
  /** Shown beside corpId, where the sender knows it. */
  corpName?: string;
  /** The template (suite) the alert is about. */
  suiteId?: string;
  /** What support should do, when something is to be done. */
  action?: string;
  severity?: AlertSeverity;
}

/** Alerts to the provider's support group chat (group robot webhook, through the outbox). */
export interface SupportAlerts {
  /** The support group's one language: whoever raises an alert writes its words in it. */
  readonly locale: Locale;
  alert(a: SupportAlert): Promise<void>;
}

/** Encrypts secrets at rest (permanent codes). */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}
