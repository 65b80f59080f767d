import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import type { OutboxMessage, OutboxStatus } from '../../domain/model';
import type { Claim, NewOutboxMessage, OutboxStore, OutboxFilter } from '../../domain/ports/stores';
import { defined, fromDoc, patchUpdate } from './documents';
import { claimEach, type LeaseClock } from './lease';
import { isDuplicateKey } from './mongo-errors';
import { OUTBOX_STATUSES, type OutboxMessageDoc } from './models/outbox-message.model';

export class MongoOutboxStore implements OutboxStore {
  constructor(
    private readonly messages: Model<OutboxMessageDoc>,
    private readonly leaseClock: LeaseClock,
  ) {}

  async enqueue(msg: NewOutboxMessage, now: Date): Promise<{ message: OutboxMessage; created: boolean }> {
    const message: OutboxMessage = {
      ...defined(msg),
      id: randomUUID(),
      status: 'queued',
      attempts: 0,
      notBefore: msg.notBefore ?? now,
      createdAt: now,
      updatedAt: now,
    };
    try {
      const created = await this.messages.create(message);
      return { message: fromDoc<OutboxMessage>(created.toObject()), created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    // The unique dedupe key refused a second copy: answer with the first.
    const first = await this.messages.findOne({ dedupeKey: msg.dedupeKey }).lean<OutboxMessageDoc>().orFail();
    return { message: fromDoc(first), created: false };
  }

  async claimDue(claim: Claim): Promise<OutboxMessage[]> {
    // A 'sending' message whose lease ended belongs to a sender that crashed: it is due again.
    return claimEach(
      this.messages,
      claim,
      this.leaseClock,
      { status: { $in: ['queued', 'sending'] }, notBefore: { $lte: claim.now } },
      { notBefore: 1 },
      { status: 'sending', updatedAt: claim.now },
    );
  }

  async markSent(
    id: string,
    owner: string,
    result: { responseCode?: string; msgId?: string },
    now: Date,
  ): Promise<boolean> {
    return this.settle(id, owner, { status: 'sent', sentAt: now, ...defined(result) }, now);
  }

  async markRetry(
    id: string,
    owner: string,
    failure: { error: string; errcode?: number; notBefore: Date; countAttempt: boolean },
    now: Date,
  ): Promise<boolean> {
    const fields = {
      status: 'queued',
      notBefore: failure.notBefore,
      lastError: failure.error,
      lastErrcode: failure.errcode,
    } as const;
    return this.settle(id, owner, fields, now, failure.countAttempt ? 1 : 0);
  }

  async markFailed(
    id: string,
    owner: string,
    failure: { error: string; errcode?: number },
    now: Date,
  ): Promise<boolean> {
    const fields = { status: 'failed', lastError: failure.error, lastErrcode: failure.errcode } as const;
    return this.settle(id, owner, fields, now);
  }

  async cancelQueued(filter: { corpId: string; suiteId?: string }, now: Date): Promise<number> {
    const result = await this.messages.updateMany(
      { ...defined(filter), status: 'queued' },
      { $set: { status: 'cancelled', updatedAt: now } },
    );
    return result.modifiedCount;
  }

  async get(id: string): Promise<OutboxMessage | undefined> {
    const doc = await this.messages.findOne({ id }).lean<OutboxMessageDoc>();
    return doc ? fromDoc(doc) : undefined;
  }

  async findByDedupeKey(dedupeKey: string): Promise<OutboxMessage | undefined> {
    const doc = await this.messages.findOne({ dedupeKey }).lean<OutboxMessageDoc>();
    return doc ? fromDoc(doc) : undefined;
  }

  async list(filter: OutboxFilter = {}): Promise<OutboxMessage[]> {
    const { limit, ...where } = filter;
    const query = this.messages.find(defined(where)).sort({ createdAt: -1, _id: -1 });
    if (limit !== undefined) query.limit(limit);
    const docs = await query.lean<OutboxMessageDoc[]>();
    return docs.map(fromDoc);
  }

  async purgeFinished(before: Date): Promise<number> {
    const result = await this.messages.deleteMany({
      status: { $in: ['sent', 'failed', 'cancelled'] },
      updatedAt: { $lt: before },
    });
    return result.deletedCount;
  }

  async countByStatus(): Promise<Record<OutboxStatus, number>> {
    const groups = await this.messages.aggregate<{ _id: OutboxStatus; n: number }>([
      { $group: { _id: '$status', n: { $sum: 1 } } },
    ]);
    const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
    for (const g of groups) counts[g._id] = g.n;
    return counts;
  }

  /**
   * Applies a send's outcome while `owner` holds the lease (live, or ended but not taken over by
   * another claim), and ends the lease. An errcode left out clears the previous one.
   */
  private async settle(
    id: string,
    owner: string,
    fields: Partial<OutboxMessage>,
    now: Date,
    attempts = 0,
  ): Promise<boolean> {
    const { $set, $unset } = patchUpdate(fields);
    $set.updatedAt = now;
    $unset.lease = 1;
    const result = await this.messages.updateOne(
      { id, status: 'sending', 'lease.owner': owner },
      { $set, $unset, ...(attempts > 0 ? { $inc: { attempts } } : {}) },
      { runValidators: true },
    );
    return result.matchedCount === 1;
  }
}
