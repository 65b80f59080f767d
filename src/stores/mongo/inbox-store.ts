import type { Model } from 'mongoose';
import type { InboundEvent } from '../../domain/model';
import type { InboxStore, NewInboundEvent } from '../types';
import { defined, fromDoc } from './documents';
import { isDuplicateKey } from './mongo-errors';
import type { InboundEventDoc } from './models/inbound-event.model';

export class MongoInboxStore implements InboxStore {
  constructor(private readonly events: Model<InboundEventDoc>) {}

  async recordOnce(ev: NewInboundEvent): Promise<'new' | 'duplicate'> {
    const recorded: InboundEvent = { ...defined(ev), status: 'received', attempts: 0 };
    if (await this.insert(recorded)) return 'new';
    // The key is taken. If that entry had expired by now (the TTL monitor runs only once a
    // minute), it is gone as far as dedupe goes: drop it and record anew. The conditional delete
    // and the unique index leave one winner when two deliveries race.
    const expired = await this.events.deleteOne({ key: ev.key, expiresAt: { $lte: ev.receivedAt } });
    if (expired.deletedCount === 1 && (await this.insert(recorded))) return 'new';
    return 'duplicate';
  }

  async markHandled(key: string, now: Date): Promise<void> {
    await this.events.updateOne({ key }, { $set: { status: 'handled', handledAt: now } });
  }

  async markFailed(key: string, error: string, _now: Date): Promise<void> {
    await this.events.updateOne(
      { key },
      { $set: { status: 'failed', lastError: error }, $inc: { attempts: 1 } },
    );
  }

  async listUnhandled(limit: number): Promise<InboundEvent[]> {
    const docs = await this.events
      .find({ status: 'received' })
      .sort({ receivedAt: 1, _id: 1 })
      .limit(limit)
      .lean<InboundEventDoc[]>();
    return docs.map(fromDoc);
  }

  async list(
    filter: { corpId?: string; suiteId?: string; kind?: string; limit?: number } = {},
  ): Promise<InboundEvent[]> {
    const { limit, ...where } = filter;
    const query = this.events.find(defined(where)).sort({ receivedAt: -1, _id: -1 });
    if (limit !== undefined) query.limit(limit);
    const docs = await query.lean<InboundEventDoc[]>();
    return docs.map(fromDoc);
  }

  /** The TTL index expires events in production; this makes expiry exact where time is driven. */
  async purgeExpired(now: Date): Promise<number> {
    const result = await this.events.deleteMany({ expiresAt: { $lte: now } });
    return result.deletedCount;
  }

  /** True when inserted; false when the key is already recorded. */
  private async insert(recorded: InboundEvent): Promise<boolean> {
    try {
      await this.events.create(recorded);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
}
