/**
 * The domain model: plain types, no mongoose. Both store adapters map to and from these.
 * Times are Dates; ids are strings.
 */

import type { Locale } from '../shared/locale';

/** The handbook's template states: saved, submitted for review, 待上线 (review passed), online. */
export const TEMPLATE_STATUSES = ['created', 'in_review', 'approved', 'online'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

export interface Template {
  suiteId: string;
  name: string;
  status: TemplateStatus;
  /** The authorization QR code (URL or image reference); WeCom makes one only once online. */
  qrCode?: string;
  statusHistory: StatusChange<TemplateStatus>[];
  createdAt: Date;
  updatedAt: Date;
}

export type AuthorizationState = 'active' | 'cancelled';

/** Visibility range as WeCom reports it (agent/get allow_userinfos, allow_partys, allow_tags). */
export interface Visibility {
  users: string[];
  parties: number[];
  tags: number[];
}

export interface Authorization {
  suiteId: string;
  corpId: string;
  corpName: string;
  agentId?: number;
  /** The admin who scanned the QR code. */
  authUserId?: string;
  admins: string[];
  /** AES-256-GCM ciphertext; never the plain code. */
  permanentCodeEnc: string;
  state: AuthorizationState;
  /** What get_auth_info last said, to compare on change_auth. */
  privilege?: Visibility & { level?: number };
  timeZone: string;
  /** The provider's own test enterprise (support marks it): listed apart, not counted, no escalation alert, short waits. */
  test?: boolean;
  /** The one language the bot speaks to this enterprise's admins (support sets it); unset: messages.locale. */
  locale?: Locale;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt?: Date;
}

export type AppStatus = 'developing' | 'in_review' | 'approved' | 'enabled';
export const APP_STATUSES: readonly AppStatus[] = ['developing', 'in_review', 'approved', 'enabled'];

export interface AppConfiguration {
  name?: string;
  intro?: string;
  callbackUrl?: string;
  homepageUrl?: string;
  trustedDomain?: string;
  ipWhitelist?: string[];
}

export interface StatusChange<S extends string = AppStatus> {
  from: S;
  to: S;
  at: Date;
  by: string;
}

/** An app WeCom replaced with a new one (the enterprise authorized again), kept as history. */
export interface PreviousApp {
  agentId?: number;
  name: string;
  status: AppStatus;
  visibility?: Visibility;
  effectivePermissions: string[];
  enabledAt?: Date;
  /** The last rollout stage it reached, by name, and the rollout's state then. */
  rolloutStage?: string;
  rolloutState?: RolloutState;
  createdAt: Date;
  replacedAt: Date;
}

export interface App {
  suiteId: string;
  corpId: string;
  agentId?: number;
  name: string;
  status: AppStatus;
  statusHistory: StatusChange[];
  configuration: AppConfiguration;
  visibility?: Visibility;
  visibilityObservedAt?: Date;
  /** agent/get customized_publish_status: 0 not created, 1 developing, 2 online, 3 online with newer draft. */
  publishStatus?: number;
  closed: boolean;
  effectivePermissions: string[];
  enabledAt?: Date;
  /** When the next agent/get poll is due; unset once enabled. */
  nextPollAt?: Date;
  /** The apps this one replaced, oldest first; everything else on the record is about this app. */
  previousApps?: PreviousApp[];
  lease?: Lease;
  /** When this app's record started (a re-authorization starts a new one). */
  createdAt: Date;
  updatedAt: Date;
}

export interface Lease {
  owner: string;
  until: Date;
}

/**
 * WeCom's state of the change, never the admin's word: pending is the console's 待企业客户确认,
 * granted was seen working in WeCom, declined is a not-now WeCom does not show granted.
 */
export type PermissionRequestState = 'pending' | 'granted' | 'declined' | 'superseded';
export type AnswerChannel = 'button' | 'text';

/** An admin's answer in chat: the intent only; the grant itself happens in WeCom's own notice. */
export interface PermissionAnswerRecord {
  answer: 'approve' | 'not_now';
  by: string;
  at: Date;
  via: AnswerChannel;
}

export type GrantEvidenceKind = 'probe' | 'get_permissions' | 'auth_info' | 'support';

/** What showed the request granted: a check call, agent/get_permissions, or support staff. */
export interface GrantEvidence {
  kind: GrantEvidenceKind;
  at: Date;
  /** Support staff who confirmed it from the provider console. */
  by?: string;
  detail?: string;
}

export interface HistoryEntry {
  at: Date;
  what: string;
  by?: string;
  detail?: string;
}

export interface PermissionRequest {
  id: string;
  suiteId: string;
  corpId: string;
  requested: string[];
  previous: string[];
  state: PermissionRequestState;
  filedBy: string;
  /** The first admin answer while pending; later answers are refused. */
  answer?: PermissionAnswerRecord;
  /** Set with state granted. */
  evidence?: GrantEvidence;
  supersededBy?: string;
  /** How many times it was raised to the admins (1 at filing). */
  raisedCount: number;
  /** When a declined request is raised again, or a pending one is checked in WeCom again. */
  nextActionAt?: Date;
  /** When WeCom was last asked whether it is granted. */
  checkedAt?: Date;
  lease?: Lease;
  history: HistoryEntry[];
  createdAt: Date;
  updatedAt: Date;
}

export type ReachKind = 'members' | 'departments' | 'company';

export interface RolloutStage {
  /** In the provider's own language: stored history details and wherever no language applies. */
  name: string;
  /** The name in other languages, for texts read in one language; `name` where one is missing. */
  names?: Partial<Record<Locale, string>>;
  reach: ReachKind;
  /** Wait after reaching this stage before suggesting the next one. */
  waitMinutes: number;
}

export type RolloutState = 'active' | 'paused' | 'completed' | 'cancelled' | 'escalated';

/** The card a rollout question is asked on: the enabled notice first, then each reminder. */
export type RolloutCard = 'enabled' | 'reminder';

/** The answer that decided a question; the first one wins, later taps are told of it. */
export interface RolloutAnswer {
  /** remindersSent when it was answered: 0 is the enabled notice, n the n-th reminder. */
  question: number;
  action: 'widened' | 'later' | 'pause';
  /** The card the decider tapped. */
  card: RolloutCard;
  by: string;
  at: Date;
}

export interface Rollout {
  suiteId: string;
  corpId: string;
  plan: RolloutStage[];
  /** Index of the stage reached; -1 before the pilot. */
  stageIndex: number;
  state: RolloutState;
  nextReminderAt?: Date;
  unanswered: number;
  remindersSent: number;
  actual?: Visibility;
  actualObservedAt?: Date;
  lastAnswer?: RolloutAnswer;
  /** How many times it started over for a new app (re-authorization); keeps its message keys apart. */
  round?: number;
  lease?: Lease;
  history: HistoryEntry[];
  createdAt: Date;
  updatedAt: Date;
}

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';
export type OutboxChannel = 'app' | 'app_card_update' | 'support';

export interface OutboxMessage {
  id: string;
  dedupeKey: string;
  channel: OutboxChannel;
  suiteId?: string;
  corpId?: string;
  /** Who it is for (userid), when for one member; used for per-member send budgets. */
  toUser?: string;
  /** The WeCom request body, without agentid (filled in at send time). */
  payload: Record<string, unknown>;
  /** What the message is about, for the timeline (e.g. 'enabled_card', 'permission_card'). */
  topic: string;
  /** Domain reference, e.g. the permission request id or the card's task id. */
  ref?: string;
  status: OutboxStatus;
  attempts: number;
  lastError?: string;
  lastErrcode?: number;
  notBefore: Date;
  lease?: Lease;
  responseCode?: string;
  msgId?: string;
  createdAt: Date;
  updatedAt: Date;
  sentAt?: Date;
}

export type InboundStatus = 'received' | 'handled' | 'failed';

export interface InboundEvent {
  key: string;
  kind: string;
  suiteId: string;
  corpId?: string;
  event: Record<string, unknown>;
  status: InboundStatus;
  attempts: number;
  lastError?: string;
  receivedAt: Date;
  expiresAt: Date;
  handledAt?: Date;
  /** When a failed event is tried again. */
  nextAttemptAt?: Date;
  lease?: Lease;
}

export interface SuiteTicket {
  suiteId: string;
  ticket: string;
  /** The callback's TimeStamp (seconds); the newest wins. */
  timestamp: number;
  receivedAt: Date;
}

export interface CachedToken {
  key: string;
  token: string;
  expiresAt: Date;
  fetchedAt: Date;
}

export interface BatchQrCode {
  id: string;
  suiteIds: string[];
  url?: string;
  createdAt: Date;
  expiresAt: Date;
  expiryAlertedAt?: Date;
}

/** A WeCom error seen for an enterprise; feeds the diagnosis. */
export interface WecomErrorRecord {
  corpId?: string;
  suiteId?: string;
  api: string;
  errcode: number;
  errmsg: string;
  at: Date;
}
