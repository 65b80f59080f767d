import type { Clock } from '../../shared/clock';
import { STATUS_LABELS } from '../lifecycle/app-status';
import type {
  App,
  AppStatus,
  Authorization,
  AuthorizationState,
  PermissionRequest,
  Rollout,
  RolloutState,
} from '../model';
import type { Stores } from '../ports/stores';
import { isStuck } from '../rollout/is-stuck';
import { STATE_LABELS as ROLLOUT_STATE_LABELS } from '../rollout/rollout-texts';

/** One app as support lists it: its status, its rollout and its waiting permission request at a glance. */
export interface AppRow {
  suiteId: string;
  corpId: string;
  corpName: string;
  name: string;
  status: AppStatus;
  statusLabel: string;
  authorization: AuthorizationState;
  /** The provider's own test enterprise, listed apart from its customers. */
  test: boolean;
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

export interface AppRowDeps {
  stores: Pick<Stores, 'authorizations' | 'apps' | 'rollouts' | 'permissionRequests'>;
  clock: Clock;
}

/** An app's own records: what a list judges it by before building its row. */
export interface AppRecords {
  app: App;
  auth: Authorization;
  rollout?: Rollout;
  pending?: PermissionRequest;
  /** The list order's keys (see compareRows). */
  suiteId: string;
  corpId: string;
  authorizedAt: Date;
}

/** Every app joined with its authorization, rollout and pending request; newest authorization first. */
export async function appRows({ stores, clock }: AppRowDeps): Promise<AppRow[]> {
  const [auths, apps, rollouts, pending] = await Promise.all([
    stores.authorizations.list(),
    stores.apps.list(),
    stores.rollouts.list(),
    stores.permissionRequests.list({ state: 'pending' }),
  ]);
  return toRows(joinRecords(auths, apps, rollouts, pending), clock.now());
}

/** The same for one enterprise, from its own records only. */
export async function appRowsOf(deps: AppRowDeps, corpId: string): Promise<AppRow[]> {
  return toRows(await appRecordsOf(deps, corpId), deps.clock.now());
}

/** One enterprise's apps, each with its own records; in no particular order. */
export async function appRecordsOf(
  { stores }: Pick<AppRowDeps, 'stores'>,
  corpId: string,
): Promise<AppRecords[]> {
  const [auths, apps, rollouts, pending] = await Promise.all([
    stores.authorizations.list({ corpId }),
    stores.apps.list({ corpId }),
    stores.rollouts.list({ corpId }),
    stores.permissionRequests.list({ corpId, state: 'pending' }),
  ]);
  return joinRecords(auths, apps, rollouts, pending);
}

/** One app (a template in an enterprise) as a map key: what the lists join its records by. */
export function appKey(r: { suiteId: string; corpId: string }): string {
  return `${r.suiteId}\u0000${r.corpId}`;
}

/** Each app with an authorization, joined with its records; in no particular order. */
export function joinRecords(
  auths: Authorization[],
  apps: App[],
  rollouts: Rollout[],
  pending: PermissionRequest[],
): AppRecords[] {
  const authBy = new Map(auths.map((a) => [appKey(a), a]));
  const rolloutBy = new Map(rollouts.map((r) => [appKey(r), r]));
  const pendingBy = new Map(pending.map((r) => [appKey(r), r]));
  return apps.flatMap((app) => {
    const k = appKey(app);
    const auth = authBy.get(k);
    if (!auth) return [];
    const rollout = rolloutBy.get(k);
    const waiting = pendingBy.get(k);
    return [
      {
        app,
        auth,
        ...(rollout ? { rollout } : {}),
        ...(waiting ? { pending: waiting } : {}),
        suiteId: app.suiteId,
        corpId: app.corpId,
        authorizedAt: auth.createdAt,
      },
    ];
  });
}

function toRows(records: AppRecords[], now: Date): AppRow[] {
  return records.map((r) => toAppRow(r.app, r.auth, r.rollout, r.pending, now)).sort(compareRows);
}

/** The lists' order: newest authorization first, then by corp and template id. */
export function compareRows(
  a: Pick<AppRow, 'authorizedAt' | 'corpId' | 'suiteId'>,
  b: Pick<AppRow, 'authorizedAt' | 'corpId' | 'suiteId'>,
): number {
  return (
    b.authorizedAt.getTime() - a.authorizedAt.getTime() ||
    compare(a.corpId, b.corpId) ||
    compare(a.suiteId, b.suiteId)
  );
}

/** By code point, as the stores order ids (newestFirst): the same order in every list. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function toAppRow(
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
    test: auth.test === true,
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
