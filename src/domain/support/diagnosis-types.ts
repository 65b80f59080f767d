import { wordsFor, type Catalogue, type Locale } from '../../shared/locale';
import type {
  App,
  Authorization,
  InboundEvent,
  OutboxMessage,
  PermissionRequest,
  Rollout,
  SuiteTicket,
  WecomErrorRecord,
} from '../model';

/** Who has to do something about a finding. */
export type Actor = 'enterprise_admin' | 'support' | 'provider_console' | 'nobody';

export const ACTOR_LABELS: Catalogue<Record<Actor, string>> = {
  'zh-CN': {
    enterprise_admin: '企业管理员',
    support: '客服',
    provider_console: '服务商后台',
    nobody: '无需处理',
  },
  en: {
    enterprise_admin: 'the enterprise admin',
    support: 'support staff',
    provider_console: 'the provider console',
    nobody: 'nobody',
  },
};

export type FindingSeverity = 'critical' | 'warning' | 'info';

/** A one-click fix: an existing admin API call (path relative to the bot, JSON body if any). */
export interface ActionDescriptor {
  label: string;
  method: 'POST' | 'PUT';
  path: string;
  body?: Record<string, unknown>;
}

export type DiagnosisRule =
  | 'authorization_cancelled'
  | 'ip_not_allowed'
  | 'no_permission'
  | 'nobody_reachable'
  | 'wecom_error'
  | 'suite_ticket_stale'
  | 'callback_failed'
  | 'permission_unanswered'
  | 'permission_declined'
  | 'permission_not_in_effect'
  | 'app_not_online'
  | 'app_closed'
  | 'no_admins'
  | 'rollout_escalated'
  | 'rollout_stuck'
  | 'messages_failed';

/** One cause, in plain words, with who acts and what they do next, in the locale the caller chose. */
export interface Finding {
  rule: DiagnosisRule;
  /** Same problem → same key (60020 is keyed by IP: one finding however many enterprises hit it). */
  key: string;
  severity: FindingSeverity;
  needsPerson: boolean;
  corpId?: string;
  suiteId?: string;
  cause: string;
  actor: Actor;
  actorLabel: string;
  nextStep: string;
  action?: ActionDescriptor;
  /** When the problem began or was last seen, whichever the rule knows. */
  since?: Date;
  /** The facts it rests on, one short line each. */
  evidence: string[];
}

/** What the rules read about one enterprise, gathered once. Lists are newest first. */
export interface EnterpriseFacts {
  corpId: string;
  corpName: string;
  now: Date;
  authorizations: Authorization[];
  apps: App[];
  rollouts: Rollout[];
  requests: PermissionRequest[];
  /** The enterprise's messages (app channels) and the support alerts about it. */
  messages: OutboxMessage[];
  /** WeCom errors seen for the enterprise within the error window. */
  errors: WecomErrorRecord[];
  callbacks: InboundEvent[];
  maxUnanswered: number;
  timeZone: string;
  /** The language of the findings' texts. */
  locale: Locale;
}

/** What the rules read about one template (provider-wide problems). */
export interface TemplateFacts {
  suiteId: string;
  name: string;
  now: Date;
  ticket?: SuiteTicket;
  /** Since when the bot has been listening: a missing ticket only counts from then. */
  listeningSince: Date;
  /** Template callbacks of this suite without an enterprise (create_auth, reset_permanent_code …). */
  callbacks: InboundEvent[];
  /** WeCom errors without an enterprise for this suite (suite token, webhook …). */
  errors: WecomErrorRecord[];
  /** Where WeCom should send this template's callbacks, when the public base URL is configured. */
  callbackUrl?: string;
  timeZone: string;
  locale: Locale;
}

export type EnterpriseRule = (f: EnterpriseFacts) => Finding[];
export type TemplateRule = (f: TemplateFacts) => Finding[];

/** Helps rules fill in the actor's label from the actor, in the findings' locale. */
export function finding(f: Omit<Finding, 'actorLabel'>, locale: Locale): Finding {
  return { ...f, actorLabel: wordsFor(ACTOR_LABELS, locale)[f.actor] };
}
