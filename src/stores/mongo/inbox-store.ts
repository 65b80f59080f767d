import type { Model } from 'mongoose';
import type { InboundEvent } from '../../domain/model';
import type {
  Claim,
  CountedGroup,
  InboxFilter,
  InboxStore,
  NewInboundEvent,
} from '../../domain/ports/stores';
import { countGroups } from './count-groups';
import { claimEach, type LeaseClock } from './lease';
import { defined, fromDoc } from './documents';
import { isDuplicateKey } from './mongo-errors';
import type { InboundEventDoc } from './models/inbound-event.model';

export class MongoInboxStore implements InboxStore {
  constructor(
    private readonly events: Model<InboundEventDoc>,
    private readonly leaseClock: LeaseClock = 'caller',
  ) {}

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
    await this.events.updateOne(
      { key },
      { $set: { status: 'handled', handledAt: now }, $unset: { lease: 1, nextAttemptAt: 1 } },
    );
  }

  async markFailed(key: string, error: string, _now: Date, retryAt?: Date): Promise<void> {
    await this.events.updateOne(
      { key },
      retryAt
        ? {
            $set: { status: 'failed', lastError: error, nextAttemptAt: retryAt },
            $inc: { attempts: 1 },
            $unset: { lease: 1 },
          }
        : {
            $set: { status: 'failed', lastError: error },
            $inc: { attempts: 1 },
            $unset: { lease: 1, nextAttemptAt: 1 },
          },
    );
  }

  async claimForRetry(
    claim: Claim,
    opts: { maxAttempts: number; receivedBefore: Date },
  ): Promise<InboundEvent[]> {
    const due = {
      $or: [
        { status: 'received', receivedAt: { $lt: opts.receivedBefore } },
        { status: 'failed', attempts: { $lt: opts.maxAttempts }, nextAttemptAt: { $lte: claim.now } },
      ],
    };
    return claimEach(this.events, claim, this.leaseClock, due, { receivedAt: 1 });
  }

  async list(filter: InboxFilter = {}): Promise<InboundEvent[]> {
    const { limit, withoutCorp, ...where } = filter;
    // null matches a missing corpId: how an event that names no enterprise is stored.
    const query = this.events
      .find({ ...defined(where), ...(withoutCorp ? { corpId: null } : {}) })
      .sort({ receivedAt: -1, _id: -1 });
    if (limit !== undefined) query.limit(limit);
    const docs = await query.lean<InboundEventDoc[]>();
    return docs.map(fromDoc);
  }
  countByKindAndStatus(): Promise<CountedGroup<'kind' | 'status'>[]> {
    return countGroups(this.events, { kind: '$kind', status: '$status' });
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
