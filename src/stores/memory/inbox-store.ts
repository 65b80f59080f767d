import type { InboundEvent } from '../../domain/model';
import type {
  Claim,
  CountedGroup,
  InboxFilter,
  InboxStore,
  NewInboundEvent,
} from '../../domain/ports/stores';
import { claimDue } from './claim-due';
import { newestFirst } from './newest-first';
import { clone } from './clone';
import { CorpIndex } from './corp-index';
import { DueQueue } from './due-queue';

export class MemoryInboxStore implements InboxStore {
  private readonly events = new Map<string, InboundEvent>();
  /**
   * Running counts by kind, then status, kept as events change: /metrics never walks the events.
   * Two lookups rather than one on a joined key: no string made three times per callback.
   */
  private readonly counts = new Map<string, Map<string, CountedGroup<'kind' | 'status'>>>();
  /** Received or failed: what a retry claim looks at, a handful among the window's thousands. */
  private readonly unhandled = new Set<InboundEvent>();
  /** By expiry: a purge reads only what it forgets. */
  private readonly byExpiry = new DueQueue<InboundEvent>();
  private readonly byCorp = new CorpIndex<InboundEvent>();
  /** The template-level callbacks, a few per template and hour among every enterprise's. */
  private readonly withoutCorp = new Set<InboundEvent>();

  async recordOnce(ev: NewInboundEvent): Promise<'new' | 'duplicate'> {
    const existing = this.events.get(ev.key);
    // An expired key is gone as far as a TTL index is concerned, purged yet or not.
    if (existing && existing.expiresAt.getTime() > ev.receivedAt.getTime()) return 'duplicate';
    if (existing) this.forget(existing);
    this.events.delete(ev.key); // re-inserted at the end, so iteration stays in recording order
    // A literal, not `{ ...clone(ev), status }`: see `head` in to-event.ts for why.
    const recorded: InboundEvent = {
      key: ev.key,
      kind: ev.kind,
      suiteId: ev.suiteId,
      event: clone(ev.event),
      status: 'received',
      attempts: 0,
      receivedAt: clone(ev.receivedAt),
      expiresAt: clone(ev.expiresAt),
    };
    if (ev.corpId !== undefined) recorded.corpId = ev.corpId;
    this.events.set(ev.key, recorded);
    this.count(recorded, 1);
    this.unhandled.add(recorded);
    this.byExpiry.set(recorded, recorded.expiresAt);
    if (recorded.corpId !== undefined) this.byCorp.add(recorded.corpId, recorded);
    else this.withoutCorp.add(recorded);
    return 'new';
  }

  async markHandled(key: string, now: Date): Promise<void> {
    const stored = this.events.get(key);
    if (!stored) return;
    this.count(stored, -1);
    stored.status = 'handled';
    this.count(stored, 1);
    this.unhandled.delete(stored);
    stored.handledAt = now;
    delete stored.lease;
    delete stored.nextAttemptAt;
  }

  async markFailed(key: string, error: string, _now: Date, retryAt?: Date): Promise<void> {
    const stored = this.events.get(key);
    if (!stored) return;
    this.count(stored, -1);
    stored.status = 'failed';
    this.count(stored, 1);
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
    const taken = claimDue(this.unhandled, claim, (e) => {
      // Oldest received first, as the mongo adapter sorts.
      if (e.status === 'received') return e.receivedAt < opts.receivedBefore ? e.receivedAt : undefined;
      const retryDue = e.nextAttemptAt !== undefined && e.nextAttemptAt <= claim.now;
      return e.status === 'failed' && e.attempts < opts.maxAttempts && retryDue ? e.receivedAt : undefined;
    });
    return clone(taken);
  }

  async list(filter: InboxFilter = {}): Promise<InboundEvent[]> {
    const found = [...this.scope(filter)].filter(
      (e) =>
        (filter.corpId === undefined || e.corpId === filter.corpId) &&
        (filter.suiteId === undefined || e.suiteId === filter.suiteId) &&
        (filter.kind === undefined || e.kind === filter.kind) &&
        (filter.status === undefined || e.status === filter.status) &&
        (!filter.withoutCorp || e.corpId === undefined),
    );
    return clone(newestFirst(found, (e) => e.receivedAt, filter.limit));
  }

  async purgeExpired(now: Date): Promise<number> {
    const expired = this.byExpiry.due(now, Infinity, () => true);
    for (const e of expired) {
      this.events.delete(e.key);
      this.forget(e);
    }
    return expired.length;
  }

  async countByKindAndStatus(): Promise<CountedGroup<'kind' | 'status'>[]> {
    return [...this.counts.values()].flatMap((byStatus) =>
      [...byStatus.values()].map((c) => ({ group: { ...c.group }, count: c.count })),
    );
  }

  /** The smallest index that holds every event the filter can match. */
  private scope(filter: InboxFilter): Iterable<InboundEvent> {
    if (filter.corpId !== undefined) return this.byCorp.keysOf(filter.corpId);
    if (filter.withoutCorp) return this.withoutCorp;
    if (filter.status === 'received' || filter.status === 'failed') return this.unhandled;
    return this.events.values();
  }

  /** Out of every index and count (the events map is the caller's). */
  private forget(e: InboundEvent): void {
    this.count(e, -1);
    this.unhandled.delete(e);
    this.byExpiry.delete(e);
    if (e.corpId !== undefined) this.byCorp.delete(e.corpId, e);
    else this.withoutCorp.delete(e);
  }

  private count(e: InboundEvent, delta: 1 | -1): void {
    let byStatus = this.counts.get(e.kind);
    if (!byStatus) this.counts.set(e.kind, (byStatus = new Map()));
    const c = byStatus.get(e.status) ?? { group: { kind: e.kind, status: e.status }, count: 0 };
    c.count += delta;
    if (c.count !== 0) byStatus.set(e.status, c);
    else if (byStatus.delete(e.status) && byStatus.size === 0) this.counts.delete(e.kind);
  }
}
