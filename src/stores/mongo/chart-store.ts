import { DAY } from '../../shared/clock';
import type { PermissionRequestState } from '../../domain/model';
import type { ChartStore, FunnelCount, MessageOutcomes } from '../../domain/ports/chart-store';
import { PROGRESS_STEPS, STUCK_OVERDUE_MS, STUCK_WITHOUT_PROGRESS_MS } from '../../domain/rollout/is-stuck';
import { FUNNEL_STAGES, type FunnelStage } from '../../domain/support/funnel-stage';
import type { Models } from './models';

/** The record of the same template and enterprise in another collection, found through its corpId index. */
function sameApp(from: string, as: string, fields: Record<string, 1>) {
  return {
    $lookup: {
      from,
      localField: 'corpId',
      foreignField: 'corpId',
      let: { suiteId: '$suiteId' },
      pipeline: [{ $match: { $expr: { $eq: ['$suiteId', '$$suiteId'] } } }, { $project: fields }],
      as,
    },
  };
}

/** A customer's app: its authorization exists and is not the provider's test enterprise. */
const CUSTOMER = { 'auth.0': { $exists: true }, 'auth.test': { $ne: true } };

/** isStuck (domain/rollout/is-stuck.ts) as an expression on the joined `rollout`. */
function stuckAt(now: Date) {
  const progress = {
    $filter: { input: { $ifNull: ['$rollout.history', []] }, cond: { $in: ['$$this.what', PROGRESS_STEPS] } },
  };
  const progressAt = {
    $ifNull: [{ $max: { $map: { input: progress, in: '$$this.at' } } }, '$rollout.createdAt'],
  };
  const overdue = {
    $and: [
      { $eq: [{ $type: '$rollout.nextReminderAt' }, 'date'] },
      { $lt: ['$rollout.nextReminderAt', new Date(now.getTime() - STUCK_OVERDUE_MS)] },
    ],
  };
  const quiet = { $lt: [progressAt, new Date(now.getTime() - STUCK_WITHOUT_PROGRESS_MS)] };
  return {
    $or: [
      { $eq: ['$rollout.state', 'escalated'] },
      { $and: [{ $eq: ['$rollout.state', 'active'] }, { $or: [overdue, quiet] }] },
    ],
  };
}

/** The charts as indexed aggregations; the test enterprises are few, so they are read first. */
export class MongoChartStore implements ChartStore {
  constructor(
    private readonly m: Pick<Models, 'authorizations' | 'apps' | 'permissionRequests' | 'outbox'>,
  ) {}

  async funnel(now: Date): Promise<FunnelCount[]> {
    const reached = {
      $cond: [
        { $lt: ['$rollout.stageIndex', 0] },
        null,
        { $arrayElemAt: ['$rollout.plan.reach', '$rollout.stageIndex'] },
      ],
    };
    const groups = await this.m.apps.aggregate<{ _id: FunnelStage; count: number; stuck: number }>([
      sameApp('authorizations', 'auth', { state: 1, test: 1 }),
      { $match: { ...CUSTOMER, 'auth.state': 'active' } },
      sameApp('rollouts', 'rollout', {
        plan: 1,
        stageIndex: 1,
        state: 1,
        nextReminderAt: 1,
        history: 1,
        createdAt: 1,
      }),
      { $set: { rollout: { $first: '$rollout' } } },
      {
        $group: {
          _id: { $cond: [{ $ne: ['$status', 'enabled'] }, '$status', { $ifNull: [reached, 'enabled'] }] },
          count: { $sum: 1 },
          stuck: { $sum: { $cond: [stuckAt(now), 1, 0] } },
        },
      },
    ]);
    const by = new Map(groups.map((g) => [g._id, g]));
    return FUNNEL_STAGES.map((stage) => ({
      stage,
      count: by.get(stage)?.count ?? 0,
      stuck: by.get(stage)?.stuck ?? 0,
    }));
  }

  async daysToEnabled(): Promise<{ days: number; count: number }[]> {
    const groups = await this.m.apps.aggregate<{ _id: number; count: number }>([
      { $match: { enabledAt: { $type: 'date' } } },
      sameApp('authorizations', 'auth', { test: 1 }),
      { $match: CUSTOMER },
      {
        $group: {
          _id: { $floor: { $divide: [{ $subtract: ['$enabledAt', '$createdAt'] }, DAY] } },
          count: { $sum: 1 },
        },
      },
    ]);
    return groups.map((g) => ({ days: g._id, count: g.count }));
  }

  async requestOutcomes(since: Date, until: Date): Promise<Record<PermissionRequestState, number>> {
    const groups = await this.m.permissionRequests.aggregate<{ _id: PermissionRequestState; n: number }>([
      { $match: { createdAt: { $gte: since, $lt: until }, corpId: { $nin: await this.testCorps() } } },
      { $group: { _id: '$state', n: { $sum: 1 } } },
    ]);
    const counts = { pending: 0, granted: 0, declined: 0, superseded: 0 };
    for (const g of groups) counts[g._id] = g.n;
    return counts;
  }

  async messageOutcomes(bounds: readonly Date[]): Promise<MessageOutcomes[]> {
    const outcomes = bounds.slice(1).map(() => ({ sent: 0, failed: 0 }));
    if (outcomes.length === 0) return outcomes;
    const test = await this.testCorps();
    const count = async (kind: keyof MessageOutcomes, at: 'sentAt' | 'updatedAt') => {
      const buckets = await this.m.outbox.aggregate<{ _id: Date; n: number }>([
        {
          $match: {
            status: kind,
            [at]: { $gte: bounds[0], $lt: bounds.at(-1) },
            corpId: { $exists: true, $nin: test },
          },
        },
        { $bucket: { groupBy: `$${at}`, boundaries: [...bounds], output: { n: { $sum: 1 } } } },
      ]);
      for (const b of buckets) {
        const i = bounds.findIndex((d) => d.getTime() === b._id.getTime());
        if (i >= 0 && i < outcomes.length) outcomes[i]![kind] = b.n;
      }
    };
    await Promise.all([count('sent', 'sentAt'), count('failed', 'updatedAt')]);
    return outcomes;
  }

  private async testCorps(): Promise<string[]> {
    return this.m.authorizations.distinct('corpId', { test: true });
  }
}
