import type { Clock } from '../../shared/clock';
import { NotFoundError } from '../../shared/errors';
import type { Stores } from '../ports/stores';
import { STATUS_LABELS } from '../lifecycle/app-status';
import {
  APP_STATUSES,
  type App,
  type AppStatus,
  type Authorization,
  type AuthorizationState,
  type BatchQrCode,
  type OutboxMessage,
  type OutboxStatus,
  type PermissionRequest,
  type PermissionRequestState,
  type ReachKind,
  type Rollout,
  type RolloutState,
  type TemplateStatus,
} from '../model';
import { stateLabel } from '../permissions/state-label';
import { isStuck } from '../rollout/is-stuck';
import { STATE_LABELS as ROLLOUT_STATE_LABELS } from '../rollout/rollout-texts';
import { buildTimeline, type TimelineEntry } from './app-timeline';
import {
  type AppFilter,
  DEFAULT_PAGE_SIZE,
  type MessageFilter,
  type Page,
  type Paging,
  paginate,
} from './query-params';

export type { MessageFilter } from './query-params';

/** One app as support lists it: its status, its rollout and its waiting permission request at a glance. */
export interface AppRow {
  suiteId: string;
  corpId: string;
  corpName: string;
  name: string;
  status: AppStatus;
  statusLabel: string;
  authorization: AuthorizationState;
  agentId?: number;
  authorizedAt: Date;
  enabledAt?: Date;
  rollout?: {
    state: RolloutState;
    stateLabel: string;
    /** The stage reached; none before the pilot. */
    stage?: string;
    stageIndex: number;
    stages: number;
    stuck: boolean;
    nextReminderAt?: Date;
  };
  pendingRequest?: { id: string; requested: string[]; createdAt: Date; raisedCount: number };
}

/** One enterprise: its apps (one per template it authorized). */
export interface EnterpriseRow {
  corpId: string;
  corpName: string;
  /** Active while any of its authorizations is. */
  authorization: AuthorizationState;
  authorizedAt: Date;
  apps: AppRow[];
  pendingRequests: number;
  stuckRollouts: number;
}

export interface AppDetail extends AppRow {
  admins: string[];
  timeZone: string;
  visibility?: App['visibility'];
  visibilityObservedAt?: Date;
  publishStatus?: number;
  closed: boolean;
  configuration: App['configuration'];
  effectivePermissions: string[];
  requests: (PermissionRequest & { stateLabel: string })[];
}

export type MessageRow = Omit<OutboxMessage, 'payload' | 'lease'>;

export interface TemplateRow {
  suiteId: string;
  name: string;
  /** As recorded by support; absent for a template only in the configuration. */
  status?: TemplateStatus;
  /** Whether this bot has its secrets (config templates[]) and so receives its callbacks. */
  configured: boolean;
  lastSuiteTicketAt?: Date;
  updatedAt?: Date;
}

export type BatchQrRow = BatchQrCode & { expired: boolean };

/** The rollout stage an enterprise reached, by how far it reaches; 'none' before the pilot. */
export type StageReach = ReachKind | 'none';

/** Counts for the overview and for /metrics. */
export interface SupportCounts {
  apps: { byStatus: Record<AppStatus, number>; byTemplate: Record<string, Record<AppStatus, number>> };
  authorizations: Record<AuthorizationState, number>;
  permissionRequests: Record<PermissionRequestState, number>;
  rollouts: {
    byState: Record<RolloutState, number>;
    byStage: Record<StageReach, number>;
    byStageAndState: Record<StageReach, Record<RolloutState, number>>;
    stuck: number;
  };
  outbox: Record<OutboxStatus, number>;
}

export interface SupportQueriesDeps {
  stores: Stores;
  clock: Clock;
  /** Configured templates (suite id → name). */
  templates: ReadonlyMap<string, { name: string }>;
}

/** Read-only views for support staff: the API, the dashboard and the CLI show these. */
export function createSupportQueries(deps: SupportQueriesDeps) {
  const { stores, clock } = deps;

  /** Every app joined with its authorization, rollout and pending request; newest authorization first. */
  async function appRows(): Promise<AppRow[]> {
    const [auths, apps, rollouts, pending] = await Promise.all([
      stores.authorizations.list(),
      stores.apps.list(),
      stores.rollouts.list(),
      stores.permissionRequests.list({ state: 'pending' }),
    ]);
    const key = (x: { suiteId: string; corpId: string }): string => `${x.suiteId}\u0000${x.corpId}`;
    const authBy = new Map(auths.map((a) => [key(a), a]));
    const rolloutBy = new Map(rollouts.map((r) => [key(r), r]));
    const pendingBy = new Map(pending.map((r) => [key(r), r]));
    const now = clock.now();
    return apps
      .flatMap((app) => {
        const auth = authBy.get(key(app));
        return auth ? [toRow(app, auth, rolloutBy.get(key(app)), pendingBy.get(key(app)), now)] : [];
      })
      .sort(
        (a, b) =>
          b.authorizedAt.getTime() - a.authorizedAt.getTime() ||
          a.corpId.localeCompare(b.corpId) ||
          a.suiteId.localeCompare(b.suiteId),
      );
  }

  async function listApps(filter: AppFilter = {}, paging: Paging = DEFAULT_PAGING): Promise<Page<AppRow>> {
    return paginate(
      (await appRows()).filter((r) => matches(r, filter)),
      paging,
    );
  }

  /** Enterprises with at least one app matching the filter; each lists all its apps. */
  async function listEnterprises(
    filter: AppFilter = {},
    paging: Paging = DEFAULT_PAGING,
  ): Promise<Page<EnterpriseRow>> {
    const byCorp = new Map<string, AppRow[]>();
    for (const row of await appRows()) byCorp.set(row.corpId, [...(byCorp.get(row.corpId) ?? []), row]);
    const rows = [...byCorp.values()]
      .filter((apps) => apps.some((r) => matches(r, filter)))
      .map(toEnterprise);
    return paginate(rows, paging);
  }

  async function getApp(suiteId: string, corpId: string): Promise<AppDetail> {
    const [auth, app, rollout, requests] = await Promise.all([
      stores.authorizations.get(suiteId, corpId),
      stores.apps.get(suiteId, corpId),
      stores.rollouts.get(suiteId, corpId),
      stores.permissionRequests.list({ suiteId, corpId }),
    ]);
    if (!auth || !app) throw new NotFoundError(`app ${suiteId}/${corpId}`);
    requests.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const pending = requests.find((r) => r.state === 'pending');
    return {
      ...toRow(app, auth, rollout, pending, clock.now()),
      admins: auth.admins,
      timeZone: auth.timeZone,
      ...(app.visibility ? { visibility: app.visibility } : {}),
      ...(app.visibilityObservedAt ? { visibilityObservedAt: app.visibilityObservedAt } : {}),
      ...(app.publishStatus !== undefined ? { publishStatus: app.publishStatus } : {}),
      closed: app.closed,
      configuration: app.configuration,
      effectivePermissions: app.effectivePermissions,
      requests: requests.map((r) => ({ ...withoutLease(r), stateLabel: stateLabel(r) })),
    };
  }

  /** Callbacks, messages, alerts, permission decisions, rollout steps, status changes and WeCom errors, newest first. */
  async function appTimeline(
    suiteId: string,
    corpId: string,
    paging: Paging = DEFAULT_PAGING,
  ): Promise<Page<TimelineEntry>> {
    const [authorization, app, rollout, requests, messages, alerts, callbacks, errors] = await Promise.all([
      stores.authorizations.get(suiteId, corpId),
      stores.apps.get(suiteId, corpId),
      stores.rollouts.get(suiteId, corpId),
      stores.permissionRequests.list({ suiteId, corpId }),
      stores.outbox.list({ suiteId, corpId, limit: 500 }),
      // Alerts name the enterprise in ref (not corpId), and are not per template.
      stores.outbox.list({ channel: 'support', ref: corpId, limit: 100 }),
      stores.inbox.list({ suiteId, corpId, limit: 200 }),
      stores.wecomErrors.list({ corpId, limit: 200 }),
    ]);
    if (!authorization || !app) throw new NotFoundError(`app ${suiteId}/${corpId}`);
    const entries = buildTimeline({
      authorization,
      app,
      rollout,
      requests,
      messages: messages.filter((m) => m.channel !== 'support'),
      alerts,
      callbacks,
      errors: errors.filter((e) => e.suiteId === undefined || e.suiteId === suiteId),
    });
    return paginate(entries, paging);
  }

  async function listMessages(
    filter: MessageFilter = {},
    paging: Paging = DEFAULT_PAGING,
  ): Promise<Page<MessageRow>> {
    const found = await stores.outbox.list(filter);
    return paginate(found.map(withoutPayload), paging);
  }

  async function getMessage(id: string): Promise<Omit<OutboxMessage, 'lease'>> {
    const m = await stores.outbox.get(id);
    if (!m) throw new NotFoundError(`message ${id}`);
    return withoutLease(m);
  }

  /** Recorded templates and configured ones, with when each last got its suite ticket. */
  async function listTemplates(): Promise<TemplateRow[]> {
    const recorded = await stores.templates.list();
    const ids = [...new Set([...recorded.map((t) => t.suiteId), ...deps.templates.keys()])].sort();
    return Promise.all(
      ids.map(async (suiteId) => {
        const t = recorded.find((x) => x.suiteId === suiteId);
        const ticket = await stores.credentials.getSuiteTicket(suiteId);
        return {
          suiteId,
          name: t?.name || deps.templates.get(suiteId)?.name || suiteId,
          ...(t ? { status: t.status, updatedAt: t.updatedAt } : {}),
          configured: deps.templates.has(suiteId),
          ...(ticket ? { lastSuiteTicketAt: ticket.receivedAt } : {}),
        };
      }),
    );
  }

  async function listBatchQrCodes(): Promise<BatchQrRow[]> {
    const now = clock.now().getTime();
    return (await stores.batchQrCodes.list())
      .map((qr) => ({ ...qr, expired: qr.expiresAt.getTime() <= now }))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  async function counts(): Promise<SupportCounts> {
    const [auths, apps, requests, rollouts, outbox] = await Promise.all([
      stores.authorizations.list(),
      stores.apps.list(),
      stores.permissionRequests.list(),
      stores.rollouts.list(),
      stores.outbox.countByStatus(),
    ]);
    const now = clock.now();
    const byTemplate: Record<string, Record<AppStatus, number>> = {};
    for (const app of apps) (byTemplate[app.suiteId] ??= zeroes(APP_STATUSES))[app.status] += 1;
    const byStageAndState = Object.fromEntries(STAGES.map((s) => [s, zeroes(ROLLOUT_STATES)])) as Record<
      StageReach,
      Record<RolloutState, number>
    >;
    for (const r of rollouts) byStageAndState[stageReach(r)][r.state] += 1;
    return {
      apps: { byStatus: tally(apps, (a) => a.status, zeroes(APP_STATUSES)), byTemplate },
      authorizations: tally(auths, (a) => a.state, { active: 0, cancelled: 0 }),
      permissionRequests: tally(requests, (r) => r.state, {
        pending: 0,
        approved: 0,
        declined: 0,
        superseded: 0,
      }),
      rollouts: {
        byState: tally(rollouts, (r) => r.state, zeroes(ROLLOUT_STATES)),
        byStage: tally(rollouts, stageReach, zeroes(STAGES)),
        byStageAndState,
        stuck: rollouts.filter((r) => isStuck(r, now)).length,
      },
      outbox,
    };
  }

  return {
    listApps,
    listEnterprises,
    getApp,
    appTimeline,
    listMessages,
    getMessage,
    listTemplates,
    listBatchQrCodes,
    counts,
  };
}

export type SupportQueries = ReturnType<typeof createSupportQueries>;

const DEFAULT_PAGING: Paging = { page: 1, pageSize: DEFAULT_PAGE_SIZE };

function toRow(
  app: App,
  auth: Authorization,
  rollout: Rollout | undefined,
  pending: PermissionRequest | undefined,
  now: Date,
): AppRow {
  return {
    suiteId: app.suiteId,
    corpId: app.corpId,
    corpName: auth.corpName,
    name: app.name,
    status: app.status,
    statusLabel: STATUS_LABELS[app.status],
    authorization: auth.state,
    ...(app.agentId !== undefined ? { agentId: app.agentId } : {}),
    authorizedAt: auth.createdAt,
    ...(app.enabledAt ? { enabledAt: app.enabledAt } : {}),
    ...(rollout
      ? {
          rollout: {
            state: rollout.state,
            stateLabel: ROLLOUT_STATE_LABELS[rollout.state],
            ...(rollout.plan[rollout.stageIndex] ? { stage: rollout.plan[rollout.stageIndex]!.name } : {}),
            stageIndex: rollout.stageIndex,
            stages: rollout.plan.length,
            stuck: isStuck(rollout, now),
            ...(rollout.nextReminderAt ? { nextReminderAt: rollout.nextReminderAt } : {}),
          },
        }
      : {}),
    ...(pending
      ? {
          pendingRequest: {
            id: pending.id,
            requested: pending.requested,
            createdAt: pending.createdAt,
            raisedCount: pending.raisedCount,
          },
        }
      : {}),
  };
}

function matches(row: AppRow, f: AppFilter): boolean {
  return (
    (f.status === undefined || row.status === f.status) &&
    (f.template === undefined || row.suiteId === f.template) &&
    (f.authorization === undefined || row.authorization === f.authorization) &&
    (f.stuck === undefined || Boolean(row.rollout?.stuck) === f.stuck) &&
    (f.pending === undefined || Boolean(row.pendingRequest) === f.pending)
  );
}

function toEnterprise(apps: AppRow[]): EnterpriseRow {
  const first = apps[0]!;
  return {
    corpId: first.corpId,
    corpName: first.corpName,
    authorization: apps.some((a) => a.authorization === 'active') ? 'active' : 'cancelled',
    authorizedAt: new Date(Math.min(...apps.map((a) => a.authorizedAt.getTime()))),
    apps,
    pendingRequests: apps.filter((a) => a.pendingRequest).length,
    stuckRollouts: apps.filter((a) => a.rollout?.stuck).length,
  };
}

function stageReach(r: Rollout): StageReach {
  return r.plan[r.stageIndex]?.reach ?? 'none';
}

const STAGES: readonly StageReach[] = ['none', 'members', 'departments', 'company'];
const ROLLOUT_STATES: readonly RolloutState[] = ['active', 'paused', 'completed', 'cancelled', 'escalated'];

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

function tally<T, K extends string>(items: readonly T[], key: (item: T) => K, zero: Record<K, number>) {
  for (const item of items) zero[key(item)] += 1;
  return zero;
}

function withoutLease<T extends { lease?: unknown }>(x: T): Omit<T, 'lease'> {
  const copy = { ...x };
  delete copy.lease;
  return copy;
}

function withoutPayload(m: OutboxMessage): MessageRow {
  const copy: Partial<OutboxMessage> = { ...m };
  delete copy.payload;
  delete copy.lease;
  return copy as MessageRow;
}
