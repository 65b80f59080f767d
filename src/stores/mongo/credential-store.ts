import type { Model } from 'mongoose';
import type { CachedToken, SuiteTicket } from '../../domain/model';
import type { CredentialStore } from '../../domain/ports/stores';
import { fromDoc } from './documents';
import { leaseNow, type LeaseClock } from './lease';
import { isDuplicateKey } from './mongo-errors';
import type { CachedTokenDoc } from './models/cached-token.model';
import type { SuiteTicketDoc } from './models/suite-ticket.model';
import type { TokenLeaseDoc } from './models/token-lease.model';

export class MongoCredentialStore implements CredentialStore {
  constructor(
    private readonly tickets: Model<SuiteTicketDoc>,
    private readonly tokens: Model<CachedTokenDoc>,
    private readonly tokenLeases: Model<TokenLeaseDoc>,
    private readonly leaseClock: LeaseClock,
  ) {}

  async saveSuiteTicket(t: SuiteTicket): Promise<boolean> {
    // WeCom pushes a ticket every 10 minutes and retries; a late retry must not roll it back.
    return this.replaceIfOlder(this.tickets, { suiteId: t.suiteId, timestamp: { $lt: t.timestamp } }, t);
  }

  async getSuiteTicket(suiteId: string): Promise<SuiteTicket | undefined> {
    const doc = await this.tickets.findOne({ suiteId }).lean<SuiteTicketDoc>();
    return doc ? fromDoc(doc) : undefined;
  }

  async getToken(key: string): Promise<CachedToken | undefined> {
    const doc = await this.tokens.findOne({ key }).lean<CachedTokenDoc>();
    return doc ? fromDoc(doc) : undefined;
  }

  async putToken(t: CachedToken): Promise<boolean> {
    return this.replaceIfOlder(this.tokens, { key: t.key, fetchedAt: { $lt: t.fetchedAt } }, t);
  }

  async invalidateToken(key: string, token: string): Promise<void> {
    await this.tokens.deleteOne({ key, token });
  }

  async acquireTokenLease(key: string, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    const at = leaseNow(this.leaseClock, now);
    // The lease is taken when nobody holds it live, or renewed by its own holder. One upserting
    // pipeline decides that at write time; $cond and not the filter, because an upsert's filter
    // may not hold $expr (and $$NOW lives only in expressions).
    const take = { $or: [{ $eq: ['$owner', { $literal: owner }] }, { $not: [{ $gt: ['$until', at] }] }] };
    const update = [
      {
        $set: {
          owner: { $cond: [take, { $literal: owner }, '$owner'] },
          until: { $cond: [take, { $add: [at, leaseMs] }, '$until'] },
        },
      },
    ];
    try {
      const lease = await this.tokenLeases
        .findOneAndUpdate({ key }, update, {
          upsert: true,
          returnDocument: 'after',
          updatePipeline: true,
          setDefaultsOnInsert: false,
        })
        .lean<TokenLeaseDoc>();
      return lease?.owner === owner;
    } catch (err) {
      // Another instance created the lease between our look and our insert: it holds it.
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async releaseTokenLease(key: string, owner: string): Promise<void> {
    await this.tokenLeases.deleteOne({ key, owner });
  }

  /**
   * Writes `value` unless the stored one is as new or newer: the filter matches only an older
   * document; with none, the upsert inserts, and with a newer one it collides with the unique key.
   */
  private async replaceIfOlder<T extends object>(
    model: Model<T>,
    olderThanValue: Record<string, unknown>,
    value: T,
  ): Promise<boolean> {
    try {
      await model.updateOne(olderThanValue, { $set: value }, { upsert: true, runValidators: true });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
}
