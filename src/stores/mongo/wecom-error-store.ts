import type { Model } from 'mongoose';
import type { WecomErrorRecord } from '../../domain/model';
import type { WecomErrorStore } from '../../domain/ports/stores';
import { defined, fromDoc } from './documents';
import type { WecomErrorDoc } from './models/wecom-error.model';

export class MongoWecomErrorStore implements WecomErrorStore {
  constructor(private readonly errors: Model<WecomErrorDoc>) {}

  async record(e: WecomErrorRecord): Promise<void> {
    await this.errors.create(defined(e));
  }

  async list(filter: { corpId?: string; since?: Date; limit?: number } = {}): Promise<WecomErrorRecord[]> {
    const query = this.errors
      .find(defined({ corpId: filter.corpId, at: filter.since && { $gte: filter.since } }))
      .sort({ at: -1, _id: -1 });
    if (filter.limit !== undefined) query.limit(filter.limit);
    const docs = await query.lean<WecomErrorDoc[]>();
    return docs.map(fromDoc);
  }

  async countByCode(): Promise<Record<string, number>> {
    const groups = await this.errors.aggregate<{ _id: number; n: number }>([
      { $group: { _id: '$errcode', n: { $sum: 1 } } },
    ]);
    return Object.fromEntries(groups.map((g) => [String(g._id), g.n]));
  }
}
