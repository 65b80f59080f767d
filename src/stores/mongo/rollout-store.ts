import type { Model } from 'mongoose';
import type { HistoryEntry, Rollout, RolloutState } from '../../domain/model';
import type { Claim, RolloutCondition, RolloutPatch, RolloutStore } from '../../domain/ports/stores';
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
