import type { InboundEvent } from '../../domain/model';
import type { Claim, InboxStore, NewInboundEvent } from '../../domain/ports/stores';
import { claimDue } from './claim-due';
import { newestFirst } from './newest-first';
import { clone } from './clone';

export class MemoryInboxStore implements InboxStore {
  private readonly events = new Map<string, InboundEvent>();

  async recordOnce(ev: NewInboundEvent): Promise<'new' | 'duplicate'> {
    const existing = this.events.get(ev.key);
    // An expired key is gone as far as a TTL index is concerned, purged yet or not.
    if (existing && existing.expiresAt.getTime() > ev.receivedAt.getTime()) return 'duplicate';
    this.events.delete(ev.key); // re-inserted at the end, so iteration stays in recording order
    const recorded: InboundEvent = { ...clone(ev), status: 'received', attempts: 0 };
    if (recorded.corpId === undefined) delete recorded.corpId;
    this.events.set(ev.key, recorded);
    return 'new';
  }

  async markHandled(key: string, now: Date): Promise<void> {
    const stored = this.events.get(key);
    if (!stored) return;
    stored.status = 'handled';
    stored.handledAt = now;
    delete stored.lease;
    delete stored.nextAttemptAt;
  }

  async markFailed(key: string, error: string, _now: Date, retryAt?: Date): Promise<void> {
    const stored = this.events.get(key);
    if (!stored) return;
    stored.status = 'failed';
    stored.attempts += 1;
    stored.lastError = error;
    delete stored.lease;
    if (retryAt) stored.nextAttemptAt = new Date(retryAt);
    else delete stored.nextAttemptAt;
  }

  async claimForRetry(
    claim: Claim,
    opts: { maxAttempts: number; receivedBefore: Date },
  ): Promise<InboundEvent[]> {
    const taken = claimDue(this.events.values(), claim, (e) => {
      // Oldest received first, as the mongo adapter sorts.
      if (e.status === 'received') return e.receivedAt < opts.receivedBefore ? e.receivedAt : undefined;
      const retryDue = e.nextAttemptAt !== undefined && e.nextAttemptAt <= claim.now;
      return e.status === 'failed' && e.attempts < opts.maxAttempts && retryDue ? e.receivedAt : undefined;
    });
    return clone(taken);
  }

  async list(
    filter: { corpId?: string; suiteId?: string; kind?: string; limit?: number } = {},
  ): Promise<InboundEvent[]> {
    const found = [...this.events.values()].filter(
      (e) =>
        (filter.corpId === undefined || e.corpId === filter.corpId) &&
        (filter.suiteId === undefined || e.suiteId === filter.suiteId) &&
        (filter.kind === undefined || e.kind === filter.kind),
    );
    return clone(newestFirst(found, (e) => e.receivedAt, filter.limit));
  }

  async purgeExpired(now: Date): Promise<number> {
    let purged = 0;
    for (const [key, e] of this.events) {
      if (e.expiresAt.getTime() > now.getTime()) continue;
      this.events.delete(key);
      purged += 1;
    }
    return purged;
  }
}
