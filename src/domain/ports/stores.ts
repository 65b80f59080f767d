import type {
  App,
  AppStatus,
  Authorization,
  AuthorizationState,
  BatchQrCode,
  CachedToken,
  GrantEvidence,
  HistoryEntry,
  PermissionAnswerRecord,
  PermissionRequest,
  PermissionRequestState,
  PreviousApp,
  Rollout,
  RolloutState,
  SuiteTicket,
  Template,
  TemplateStatus,
  WecomErrorRecord,
} from '../model';
import type { ChartStore } from './chart-store';
import type { InboxStore, OutboxStore } from './message-stores';
import type { Claim, CountedGroup } from './store-common';

export type { Claim, CountedGroup } from './store-common';
export type { ChartStore, FunnelCount, MessageOutcomes } from './chart-store';

/**
 * Store interfaces, shaped by what the domain needs. Every transition is atomic and
 * conditional ("if it is still pending"); claims lease items to one owner until a time.
 * Callers pass `now`, and every adapter compares leases and due times with it (not with its own
 * clock), so tests and the simulator can move time without sleeping.
 *
 * Leases: an item whose lease is live (`lease.until > now`) is claimed by nobody, not even its
 * owner (two overlapping ticks of one instance must not both work on it). Release and mark* succeed
 * for the lease owner, even after expiry, until another owner claims the item.
 * Patches: a key present with the value `undefined` clears that field.
 * Lists with a `limit` return the newest first, unless the method says otherwise.
 */

export interface TemplateStore {
  /** Records a new template as given; 'exists' (and nothing changes) when its suite id is recorded. */
  create(t: Template): Promise<'created' | 'exists'>;
  /** Sets the fields given; undefined when the template is unknown. */
  update(
    suiteId: string,
    patch: Partial<Pick<Template, 'name' | 'qrCode'>>,
    now: Date,
  ): Promise<Template | undefined>;
  /** Moves the status only if it is one of `from`; records the change. Undefined when it did not move. */
  transition(
    suiteId: string,
    from: readonly TemplateStatus[],
    to: TemplateStatus,
    by: string,
    now: Date,
  ): Promise<Template | undefined>;
  get(suiteId: string): Promise<Template | undefined>;
  list(): Promise<Template[]>;
}

export type AuthorizationPatch = Partial<
  Pick<
    Authorization,
    | 'corpName'
    | 'agentId'
    | 'authUserId'
    | 'admins'
    | 'permanentCodeEnc'
    | 'privilege'
    | 'timeZone'
    | 'state'
    | 'test'
    | 'locale'
  >
>;

export interface AuthorizationStore {
  /** One authorization per template and enterprise: a second create answers 'exists'. */
  create(a: Authorization): Promise<'created' | 'exists'>;
  get(suiteId: string, corpId: string): Promise<Authorization | undefined>;
  /** Setting state 'active' clears cancelledAt; 'cancelled' sets it. */
  update(
    suiteId: string,
    corpId: string,
    patch: AuthorizationPatch,
    now: Date,
  ): Promise<Authorization | undefined>;
  /** Cancels an active authorization; false when it was not active. */
  cancel(suiteId: string, corpId: string, now: Date): Promise<boolean>;
  /** `test: true` lists the provider's test enterprises' authorizations (a few: an index answers it). */
  list(filter?: {
    suiteId?: string;
    corpId?: string;
    state?: AuthorizationState;
    test?: boolean;
    /** No app admin known (few: the overview's to-do list reads them). */
    withoutAdmins?: boolean;
  }): Promise<Authorization[]>;
  /**
   * Every authorization, newest first (createdAt descending, then corp id, then template id), read
   * as the caller goes: a page of the support lists reads as far as that page, not everything.
   */
  newestFirst(): AsyncIterable<Authorization>;
  countByState(): Promise<CountedGroup<'state'>[]>;
}

export type AppPatch = Partial<
  Pick<
    App,
    | 'agentId'
    | 'name'
    | 'configuration'
    | 'visibility'
    | 'visibilityObservedAt'
    | 'publishStatus'
    | 'closed'
    | 'effectivePermissions'
    | 'nextPollAt'
  >
>;

export interface AppStore {
  /** One app per template and enterprise: a second create answers 'exists'. */
  create(app: App): Promise<'created' | 'exists'>;
  get(suiteId: string, corpId: string): Promise<App | undefined>;
  list(filter?: { suiteId?: string; corpId?: string; status?: AppStatus; closed?: boolean }): Promise<App[]>;
  countByTemplateAndStatus(): Promise<CountedGroup<'suiteId' | 'status'>[]>;
  /** How many enterprises have an app (an index answers it: the support list's total). */
  countCorps(): Promise<number>;
  /**
   * Moves the status only if it is one of `from`; records the change. Undefined when it did not move.
   * Entering 'enabled' sets enabledAt, the first time only.
   */
  transition(
    suiteId: string,
    corpId: string,
    from: readonly AppStatus[],
    to: AppStatus,
    by: string,
    now: Date,
  ): Promise<App | undefined>;
  update(suiteId: string, corpId: string, patch: AppPatch, now: Date): Promise<App | undefined>;
  /**
   * A new app in the stored one's place (WeCom made a new one on re-authorization): every field
   * is the new app's, the lease is dropped, and `previous` is appended to previousApps.
   * Undefined when there is no app to replace.
   */
  replace(app: Omit<App, 'previousApps' | 'lease'>, previous: PreviousApp): Promise<App | undefined>;
  /** Leases apps whose nextPollAt is due (and not under a live lease), oldest first. */
  claimDuePolls(claim: Claim): Promise<App[]>;
  /** Ends the caller's lease and sets the next poll (undefined stops polling). */
  releasePoll(suiteId: string, corpId: string, owner: string, nextPollAt: Date | undefined): Promise<boolean>;
}

export type NewPermissionRequest = Omit<
  PermissionRequest,
  'state' | 'answer' | 'evidence' | 'supersededBy' | 'checkedAt' | 'lease' | 'updatedAt'
>;

export type PermissionRequestPatch = Partial<
  Pick<PermissionRequest, 'raisedCount' | 'nextActionAt' | 'checkedAt'>
>;

/** A state change WeCom showed (or support confirmed); nextActionAt replaces any earlier follow-up. */
export interface PermissionSettlement {
  to: 'granted' | 'declined';
  /** Only from these states: a request changes once, whoever sees it first. */
  from: readonly PermissionRequestState[];
  at: Date;
  evidence?: GrantEvidence;
  nextActionAt?: Date;
  entry: HistoryEntry;
}

/** What names a waiting permission request: enough to rank its enterprise, not to diagnose it. */
export type WaitingRequest = Pick<PermissionRequest, 'id' | 'suiteId' | 'corpId' | 'createdAt'>;

export interface PermissionRequestStore {
  /**
   * Inserts a pending request and supersedes the app's pending one, if any (at most one is pending).
   * The new one gets a 'filed' history entry; the superseded one gets supersededBy, a 'superseded'
   * entry and no nextActionAt (nothing follows up a superseded request).
   */
  file(req: NewPermissionRequest): Promise<{ request: PermissionRequest; superseded?: PermissionRequest }>;
  get(id: string): Promise<PermissionRequest | undefined>;
  list(filter?: {
    suiteId?: string;
    corpId?: string;
    state?: PermissionRequestState;
  }): Promise<PermissionRequest[]>;
  /**
   * The pending requests a person may need to look at: unanswered and filed at or before
   * `filedBefore`, or approved and still not in effect. The fresh ones, usually nearly all of
   * them, are passed over, and of the others only what names them is read out.
   */
  listWaiting(filedBefore: Date): Promise<WaitingRequest[]>;
  /**
   * Records an admin's answer only while pending and unanswered (the first answer wins), with an
   * 'answered' history entry. `answered: false` returns the request as it is.
   */
  answer(
    id: string,
    answer: PermissionAnswerRecord,
    nextActionAt: Date | undefined,
  ): Promise<{ answered: boolean; request?: PermissionRequest }>;
  /** Changes the state only from `from`; `settled: false` returns the request as it is. */
  settle(
    id: string,
    settlement: PermissionSettlement,
  ): Promise<{ settled: boolean; request?: PermissionRequest }>;
  update(
    id: string,
    patch: PermissionRequestPatch,
    now: Date,
    entry?: HistoryEntry,
  ): Promise<PermissionRequest | undefined>;
  /** Leases requests with nextActionAt due (declined ones to raise again, pending ones to check). */
  claimDueActions(claim: Claim): Promise<PermissionRequest[]>;
  release(
    id: string,
    owner: string,
    patch: PermissionRequestPatch,
    now: Date,
    entry?: HistoryEntry,
  ): Promise<boolean>;
  /** Clears pending follow-ups for a cancelled authorization. */
  stopFollowUps(suiteId: string, corpId: string, now: Date): Promise<number>;
  countByState(): Promise<CountedGroup<'state'>[]>;
  /**
   * The app was replaced by a new one (re-authorization): each pending request becomes superseded
   * (with `entry`, no nextActionAt) and is returned; nothing asks the new app's admins about them.
   */
  supersedeAll(suiteId: string, corpId: string, entry: HistoryEntry): Promise<PermissionRequest[]>;
}

export type RolloutPatch = Partial<
  Pick<
    Rollout,
    | 'plan'
    | 'stageIndex'
    | 'state'
    | 'nextReminderAt'
    | 'unanswered'
    | 'remindersSent'
    | 'actual'
    | 'actualObservedAt'
    | 'lastAnswer'
    | 'round'
  >
>;

/** When a rollout change applies: while its state is one of `ifState`, and while question n is unanswered. */
export interface RolloutCondition {
  ifState?: readonly RolloutState[];
  /** No answer to this question is recorded yet (lastAnswer.question is another one, or none). */
  ifQuestionOpen?: number;
}

export interface RolloutStore {
  /** One rollout per app: a second create answers 'exists'. */
  create(r: Rollout): Promise<'created' | 'exists'>;
  get(suiteId: string, corpId: string): Promise<Rollout | undefined>;
  list(filter?: { suiteId?: string; corpId?: string; state?: RolloutState }): Promise<Rollout[]>;
  /** `reach` is the reach of the stage reached (plan[stageIndex]), 'none' before the pilot. */
  countByStageAndState(): Promise<CountedGroup<'reach' | 'state'>[]>;
  /** How many rollouts isStuck (domain/rollout/is-stuck.ts) holds stuck at `now`. */
  countStuck(now: Date): Promise<number>;
  /** The rollouts isStuck holds stuck at `now`, read from an index, not by judging every one. */
  listStuck(now: Date): Promise<Rollout[]>;
  /** Applies the patch only when the conditions hold (always when omitted). */
  update(
    suiteId: string,
    corpId: string,
    patch: RolloutPatch,
    now: Date,
    opts?: RolloutCondition & { entry?: HistoryEntry },
  ): Promise<Rollout | undefined>;
  /** Leases active rollouts whose reminder is due, earliest first. */
  claimDue(claim: Claim): Promise<Rollout[]>;
  /** Ends the caller's lease with a patch; false when the lease was lost (another owner took it). */
  release(
    suiteId: string,
    corpId: string,
    owner: string,
    patch: RolloutPatch,
    now: Date,
    entry?: HistoryEntry,
  ): Promise<boolean>;
}

export interface CredentialStore {
  /** Stores the ticket only if its TimeStamp is newer than the stored one. */
  saveSuiteTicket(t: SuiteTicket): Promise<boolean>;
  getSuiteTicket(suiteId: string): Promise<SuiteTicket | undefined>;
  getToken(key: string): Promise<CachedToken | undefined>;
  /** Stores a token unless a newer one (later fetchedAt) is already there. */
  putToken(t: CachedToken): Promise<boolean>;
  /** Drops the token only if it is still the given one (WeCom said it is invalid). */
  invalidateToken(key: string, token: string): Promise<void>;
  /** A lease so that one instance at a time refreshes a token. */
  acquireTokenLease(key: string, owner: string, now: Date, leaseMs: number): Promise<boolean>;
  releaseTokenLease(key: string, owner: string): Promise<void>;
}

export interface BatchQrStore {
  create(qr: BatchQrCode): Promise<BatchQrCode>;
  list(): Promise<BatchQrCode[]>;
  /** Marks and returns codes expiring before `before` that were not yet alerted. */
  claimExpiring(before: Date, now: Date): Promise<BatchQrCode[]>;
}

export interface WecomErrorStore {
  record(e: WecomErrorRecord): Promise<void>;
  list(filter?: { corpId?: string; since?: Date; limit?: number }): Promise<WecomErrorRecord[]>;
  countByCode(): Promise<Record<string, number>>;
}

export type {
  InboxFilter,
  InboxStore,
  NewInboundEvent,
  NewOutboxMessage,
  OutboxFilter,
  OutboxStore,
} from './message-stores';

export interface Stores {
  kind: 'memory' | 'mongo';
  templates: TemplateStore;
  authorizations: AuthorizationStore;
  apps: AppStore;
  permissionRequests: PermissionRequestStore;
  rollouts: RolloutStore;
  outbox: OutboxStore;
  inbox: InboxStore;
  credentials: CredentialStore;
  batchQrCodes: BatchQrStore;
  wecomErrors: WecomErrorStore;
  /** The overview's charts, from aggregates the adapter keeps or indexes. */
  charts: ChartStore;
  /** Readiness: the store answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
