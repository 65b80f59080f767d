import type { Clock } from '../../shared/clock';
import {
  APP_STATUSES,
  type AppStatus,
  type AuthorizationState,
  type OutboxStatus,
  type PermissionRequestState,
  type ReachKind,
  type Rollout,
  type RolloutState,
} from '../model';
import type { Stores } from '../ports/stores';
import { isStuck } from '../rollout/is-stuck';

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

export interface SupportCountsDeps {
  stores: Pick<Stores, 'authorizations' | 'apps' | 'permissionRequests' | 'rollouts' | 'outbox'>;
  clock: Clock;
}

export function createSupportCounts({ stores, clock }: SupportCountsDeps) {
  async function counts(): Promise<SupportCounts> {
    const [allAuths, allApps, allRequests, allRollouts, outbox] = await Promise.all([
      stores.authorizations.list(),
      stores.apps.list(),
      stores.permissionRequests.list(),
      stores.rollouts.list(),
      stores.outbox.countByStatus(),
    ]);
    // The provider's own test enterprises would skew the figures of its customers.
    const test = new Set(allAuths.filter((a) => a.test).map((a) => corpKey(a)));
    const customer = <T extends CorpRef>(items: T[]) => items.filter((i) => !test.has(corpKey(i)));
    const [auths, apps, requests, rollouts] = [
      customer(allAuths),
      customer(allApps),
      customer(allRequests),
      customer(allRollouts),
    ];
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
        granted: 0,
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

  return { counts };
}

interface CorpRef {
  suiteId: string;
  corpId: string;
}

function corpKey(r: CorpRef): string {
  return `${r.suiteId}/${r.corpId}`;
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
