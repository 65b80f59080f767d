import type { Clock } from '../../shared/clock';
import {
  APP_STATUSES,
  type AppStatus,
  type Authorization,
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
  /**
   * Counted queries and running counts, never a listing: the same cost with 100,000 enterprises as
   * with 1,000. The provider's own test enterprises (`testAuths`, read once by the caller, which
   * leaves them out of its to-do list too) would skew its customers' figures: their few records are
   * read by enterprise and taken back out.
   */
  async function counts(testAuths: readonly Authorization[]): Promise<SupportCounts> {
    const now = clock.now();
    const [authGroups, appGroups, requestGroups, rolloutGroups, stuck, outbox] = await Promise.all([
      stores.authorizations.countByState(),
      stores.apps.countByTemplateAndStatus(),
      stores.permissionRequests.countByState(),
      stores.rollouts.countByStageAndState(),
      stores.rollouts.countStuck(now),
      stores.outbox.countByStatus(),
    ]);
    const test = await testRecords(testAuths);
    const authorizations = zeroes<AuthorizationState>(['active', 'cancelled']);
    for (const g of authGroups) add(authorizations, g.group.state, g.count);
    for (const a of testAuths) add(authorizations, a.state, -1);
    const byTemplate: Record<string, Record<AppStatus, number>> = {};
    const appsIn = (suiteId: string) => (byTemplate[suiteId] ??= zeroes(APP_STATUSES));
    for (const g of appGroups) add(appsIn(g.group.suiteId), g.group.status, g.count);
    for (const a of test.apps) add(appsIn(a.suiteId), a.status, -1);
    const byStatus = zeroes(APP_STATUSES);
    for (const t of Object.values(byTemplate)) for (const k of APP_STATUSES) byStatus[k] += t[k];
    const permissionRequests = zeroes<PermissionRequestState>([
      'pending',
      'granted',
      'declined',
      'superseded',
    ]);
    for (const g of requestGroups) add(permissionRequests, g.group.state, g.count);
    for (const r of test.requests) add(permissionRequests, r.state, -1);
    const byStageAndState = Object.fromEntries(STAGES.map((s) => [s, zeroes(ROLLOUT_STATES)])) as Record<
      StageReach,
      Record<RolloutState, number>
    >;
    for (const g of rolloutGroups) {
      const stage = byStageAndState[g.group.reach as StageReach];
      if (stage) add(stage, g.group.state, g.count);
    }
    for (const r of test.rollouts) add(byStageAndState[stageReach(r)], r.state, -1);
    const byState = zeroes(ROLLOUT_STATES);
    const byStage = zeroes(STAGES);
    for (const s of STAGES) {
      for (const k of ROLLOUT_STATES) {
        byState[k] += byStageAndState[s][k];
        byStage[s] += byStageAndState[s][k];
      }
    }
    return {
      apps: { byStatus, byTemplate },
      authorizations,
      permissionRequests,
      rollouts: {
        byState,
        byStage,
        byStageAndState,
        stuck: stuck - test.rollouts.filter((r) => isStuck(r, now)).length,
      },
      outbox,
    };
  }

  /** The apps, requests and rollouts of the test authorizations, read enterprise by enterprise. */
  async function testRecords(testAuths: readonly CorpRef[]) {
    const keys = new Set(testAuths.map(corpKey));
    const ofTest = <T extends CorpRef>(items: T[]) => items.filter((i) => keys.has(corpKey(i)));
    const corps = [...new Set(testAuths.map((a) => a.corpId))];
    const perCorp = await Promise.all(
      corps.map((corpId) =>
        Promise.all([
          stores.apps.list({ corpId }),
          stores.permissionRequests.list({ corpId }),
          stores.rollouts.list({ corpId }),
        ]),
      ),
    );
    return {
      apps: ofTest(perCorp.flatMap(([apps]) => apps)),
      requests: ofTest(perCorp.flatMap(([, requests]) => requests)),
      rollouts: ofTest(perCorp.flatMap(([, , rollouts]) => rollouts)),
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

/** Adds to a known key only: a value a newer version stored is not counted under a wrong name. */
function add<K extends string>(counts: Record<K, number>, key: string, n: number): void {
  if (key in counts) counts[key as K] += n;
}
