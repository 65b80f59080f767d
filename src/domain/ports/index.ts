import type { OutboxMessage } from '../model';
import type { NewOutboxMessage } from './stores';

/** What domain services need to send: write to the outbox (the worker sends later). */
export interface Outbox {
  enqueue(msg: NewOutboxMessage): Promise<{ message: OutboxMessage; created: boolean }>;
}

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface SupportAlert {
  /** Same key → the alert is sent once. */
  dedupeKey: string;
  title: string;
  lines: string[];
  corpId?: string;
  severity?: AlertSeverity;
}

/** Alerts to the provider's support group chat (group robot webhook, through the outbox). */
export interface SupportAlerts {
  alert(a: SupportAlert): Promise<void>;
}

/** Encrypts secrets at rest (permanent codes). */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}
