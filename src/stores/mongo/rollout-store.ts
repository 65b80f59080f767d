import type { Model } from 'mongoose';
import type { HistoryEntry, Rollout, RolloutState } from '../../domain/model';
import { PROGRESS_STEPS, STUCK_OVERDUE_MS, STUCK_WITHOUT_PROGRESS_MS } from '../../domain/rollout/is-stuck';
import type {
  Claim,
  CountedGroup,
  RolloutCondition,
  RolloutPatch,
  RolloutStore,
} from '../../domain/ports/stores';
import { countGroups } from './count-groups';
import { changeUpdate, defined, fromDoc } from './documents';
import { claimEach, type LeaseClock } from './lease';
import { isDuplicateKey } from './mongo-errors';
import type { RolloutDoc } from './models/rollout.model';

export class MongoRolloutStore implements RolloutStore {
  constructor(
    private readonly rollouts: Model<RolloutDoc>,
    private readonly leaseClock: LeaseClock,
  ) {}

  async create(r: Rollout): Promise<'created' | 'exists'> {
    try {
      await this.rollouts.create(defined(r));
      return 'created';
    } catch (err) {
      if (isDuplicateKey(err)) return 'exists';
      throw err;
    }
  }

  async get(suiteId: string, corpId: string): Promise<Rollout | undefined> {
    const doc = await this.rollouts.findOne({ suiteId, corpId }).lean<RolloutDoc>();
    return doc ? fromDoc(doc) : undefined;
  }

  async list(filter: { suiteId?: string; corpId?: string; state?: RolloutState } = {}): Promise<Rollout[]> {
    const docs = await this.rollouts.find(defined(filter)).sort({ _id: 1 }).lean<RolloutDoc[]>();
    return docs.map(fromDoc);
  }
  countByStageAndState(): Promise<CountedGroup<'reach' | 'state'>[]> {
    // $arrayElemAt takes -1 as the last stage: before the pilot there is no stage reached.
    const reached = { $arrayElemAt: ['$plan.reach', '$stageIndex'] };
    const reach = { $cond: [{ $lt: ['$stageIndex', 0] }, 'none', { $ifNull: [reached, 'none'] }] };
    return countGroups(this.rollouts, { reach, state: '$state' });
  }

  /** isStuck as a counted query: escalated, or active and overdue, or active without progress. */
  async countStuck(now: Date): Promise<number> {
    const [result] = await this.rollouts.aggregate<{ n: number }>([...stuckStages(now), { $count: 'n' }]);
    return result?.n ?? 0;
  }

  async listStuck(now: Date): Promise<Rollout[]> {
    const docs = await this.rollouts.aggregate<RolloutDoc>([...stuckStages(now), { $unset: 'progressAt' }]);
    return docs.map(fromDoc);
  }

  async update(
    suiteId: string,
    corpId: string,
    patch: RolloutPatch,
    now: Date,
    opts: RolloutCondition & { entry?: HistoryEntry } = {},
  ): Promise<Rollout | undefined> {
    const filter = {
      suiteId,
      corpId,
      ...(opts.ifState ? { state: { $in: [...opts.ifState] } } : {}),
      // $ne also matches a rollout with no answer recorded at all.
      ...(opts.ifQuestionOpen !== undefined ? { 'lastAnswer.question': { $ne: opts.ifQuestionOpen } } : {}),
    };
    const doc = await this.rollouts
      .findOneAndUpdate(filter, changeUpdate(patch, now, opts.entry), {
        returnDocument: 'after',
        runValidators: true,
      })
      .lean<RolloutDoc>();
    return doc ? fromDoc(doc) : undefined;
  }

  async claimDue(claim: Claim): Promise<Rollout[]> {
    return claimEach(
      this.rollouts,
      claim,
      this.leaseClock,
      { state: 'active', nextReminderAt: { $lte: claim.now } },
      { nextReminderAt: 1 },
    );
  }

  async release(
    suiteId: string,
    corpId: string,
    owner: string,
    patch: RolloutPatch,
    now: Date,
    entry?: HistoryEntry,
  ): Promise<boolean> {
    const update = changeUpdate(patch, now, entry);
    update.$unset.lease = 1;
    const result = await this.rollouts.updateOne({ suiteId, corpId, 'lease.owner': owner }, update, {
      runValidators: true,
    });
    return result.matchedCount === 1;
  }
}

/** The stuck rollouts, as isStuck judges them; the state index narrows them to escalated and active. */
function stuckStages(now: Date) {
  const progress = { $filter: { input: '$history', cond: { $in: ['$$this.what', PROGRESS_STEPS] } } };
  return [
    { $match: { state: { $in: ['escalated', 'active'] } } },
    // History is in order, so the last progress step is the latest.
    {
      $addFields: {
        progressAt: { $ifNull: [{ $max: { $map: { input: progress, in: '$$this.at' } } }, '$createdAt'] },
      },
    },
    {
      $match: {
        $or: [
          { state: 'escalated' },
          { nextReminderAt: { $lt: new Date(now.getTime() - STUCK_OVERDUE_MS) } },
          { progressAt: { $lt: new Date(now.getTime() - STUCK_WITHOUT_PROGRESS_MS) } },
        ],
      },
    },
  ];
}
