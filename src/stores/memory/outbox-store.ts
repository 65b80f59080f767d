import { randomUUID } from 'node:crypto';
import type { OutboxMessage, OutboxStatus } from '../../domain/model';
import type { Claim, NewOutboxMessage, OutboxStore, OutboxFilter } from '../../domain/ports/stores';
import { isLeaseLive } from './claim-due';
import { DueQueue } from './due-queue';
import { newestFirst } from './newest-first';
import { clone } from './clone';
import { CorpIndex } from './corp-index';
import { RunningCounts } from './running-counts';

export class MemoryOutboxStore implements OutboxStore {
  private readonly messages = new Map<string, OutboxMessage>();
  /** The unique index on dedupeKey. */
  private readonly idByDedupeKey = new Map<string, string>();
  /** Queued and sending messages by notBefore, then creation: what claims and cancels look at. */
  private readonly unfinished = new DueQueue<OutboxMessage>();
  /** Sent, failed and cancelled messages by when they finished: a purge reads only what it forgets. */
  private readonly finished = new DueQueue<OutboxMessage>();
  private readonly byCorp = new CorpIndex<OutboxMessage>();
  /**
   * Each message's place in writing order: ties in a list by time go to the later written. A Map
   * emptied by the purge, not a WeakMap: the collector walks a WeakMap's entries on every pass.
   */
  private readonly written = new Map<OutboxMessage, number>();
  private nextWritten = 0;
  /** By status: /metrics counts and a list by status reads its own messages, without a walk. */
  private readonly byStatus = new RunningCounts<OutboxMessage, 'status'>((m) => ({ status: m.status }));

  async enqueue(msg: NewOutboxMessage, now: Date): Promise<{ message: OutboxMessage; created: boolean }> {
    const existingId = this.idByDedupeKey.get(msg.dedupeKey);
    if (existingId !== undefined) {
      return { message: clone(this.messages.get(existingId)!), created: false };
    }
    // One literal with every field of a new message (its optional ones only when given, as a
    // database stores them): objects built by spreading and adding get a hidden class each on Node 20.
    const message: OutboxMessage = {
      id: flatId(),
      dedupeKey: msg.dedupeKey,
      channel: msg.channel,
      payload: clone(msg.payload),
      topic: msg.topic,
      status: 'queued',
      attempts: 0,
      notBefore: msg.notBefore ?? now,
      createdAt: now,
      updatedAt: now,
    };
    if (msg.suiteId !== undefined) message.suiteId = msg.suiteId;
    if (msg.corpId !== undefined) message.corpId = msg.corpId;
    if (msg.toUser !== undefined) message.toUser = msg.toUser;
    if (msg.ref !== undefined) message.ref = msg.ref;
    this.messages.set(message.id, message);
    this.idByDedupeKey.set(message.dedupeKey, message.id);
    this.unfinished.set(message, message.notBefore);
    this.byStatus.add(message);
    this.written.set(message, this.nextWritten++);
    if (message.corpId !== undefined) this.byCorp.add(message.corpId, message);
    return { message: clone(message), created: true };
  }

  async claimDue(claim: Claim): Promise<OutboxMessage[]> {
    // A 'sending' message whose lease expired belongs to a sender that crashed: send it again.
    const taken = this.unfinished.due(claim.now, claim.limit, (m) => !isLeaseLive(m.lease, claim.now));
    for (const m of taken) {
      this.setStatus(m, 'sending');
      m.lease = { owner: claim.owner, until: new Date(claim.now.getTime() + claim.leaseMs) };
      m.updatedAt = claim.now;
    }
    return clone(taken);
  }

  async markSent(
    id: string,
    owner: string,
    result: { responseCode?: string; msgId?: string },
    now: Date,
  ): Promise<boolean> {
    const m = this.leasedTo(id, owner);
    if (!m) return false;
    this.finish(m, 'sent', now);
    m.sentAt = now;
    if (result.responseCode !== undefined) m.responseCode = result.responseCode;
    if (result.msgId !== undefined) m.msgId = result.msgId;
    this.endLease(m, now);
    return true;
  }

  async markRetry(
    id: string,
    owner: string,
    failure: { error: string; errcode?: number; notBefore: Date; countAttempt: boolean },
    now: Date,
  ): Promise<boolean> {
    const m = this.leasedTo(id, owner);
    if (!m) return false;
    this.setStatus(m, 'queued');
    m.notBefore = failure.notBefore;
    this.unfinished.set(m, m.notBefore);
    if (failure.countAttempt) m.attempts += 1;
    this.keepError(m, failure);
    this.endLease(m, now);
    return true;
  }

  async markFailed(
    id: string,
    owner: string,
    failure: { error: string; errcode?: number },
    now: Date,
  ): Promise<boolean> {
    const m = this.leasedTo(id, owner);
    if (!m) return false;
    this.finish(m, 'failed', now);
    this.keepError(m, failure);
    this.endLease(m, now);
    return true;
  }

  async cancelQueued(filter: { corpId: string; suiteId?: string }, now: Date): Promise<number> {
    let cancelled = 0;
    for (const m of this.unfinished.values()) {
      if (m.status !== 'queued' || m.corpId !== filter.corpId) continue;
      if (filter.suiteId !== undefined && m.suiteId !== filter.suiteId) continue;
      this.finish(m, 'cancelled', now);
      m.updatedAt = now;
      cancelled += 1;
    }
    return cancelled;
  }

  async get(id: string): Promise<OutboxMessage | undefined> {
    return clone(this.messages.get(id));
  }

  /** The stored message itself, for the adapter's own chart feed: read in place, never handed out. */
  peek(id: string): Readonly<OutboxMessage> | undefined {
    return this.messages.get(id);
  }

  async findByDedupeKey(dedupeKey: string): Promise<OutboxMessage | undefined> {
    const id = this.idByDedupeKey.get(dedupeKey);
    return id === undefined ? undefined : clone(this.messages.get(id));
  }

  async list(filter: OutboxFilter = {}): Promise<OutboxMessage[]> {
    const candidates =
      filter.corpId !== undefined
        ? this.byCorp.keysOf(filter.corpId)
        : filter.status !== undefined
          ? this.inWritingOrder(this.byStatus.members('status', filter.status))
          : this.messages.values();
    const found = [...candidates].filter(
      (m) =>
        (filter.corpId === undefined || m.corpId === filter.corpId) &&
        (filter.suiteId === undefined || m.suiteId === filter.suiteId) &&
        (filter.status === undefined || m.status === filter.status) &&
        (filter.channel === undefined || m.channel === filter.channel) &&
        (filter.ref === undefined || m.ref === filter.ref) &&
        (filter.topic === undefined || m.topic === filter.topic),
    );
    return clone(newestFirst(found, (m) => m.createdAt, filter.limit));
  }

  async purgeFinished(before: Date): Promise<number> {
    // Due by `before - 1 ms`: a message updated exactly at `before` is kept.
    const old = this.finished.due(new Date(before.getTime() - 1), Infinity, () => true);
    for (const m of old) {
      this.finished.delete(m);
      this.messages.delete(m.id);
      this.written.delete(m);
      this.idByDedupeKey.delete(m.dedupeKey);
      if (m.corpId !== undefined) this.byCorp.delete(m.corpId, m);
      this.byStatus.remove(m);
    }
    return old.length;
  }

  async countByStatus(): Promise<Record<OutboxStatus, number>> {
    const counts: Record<OutboxStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
    for (const { group, count } of this.byStatus.groups()) counts[group.status as OutboxStatus] = count;
    return counts;
  }

  /** A status's messages joined it in the order their status changed, not the order they were written. */
  private inWritingOrder(messages: OutboxMessage[]): OutboxMessage[] {
    return messages.sort((a, b) => this.written.get(a)! - this.written.get(b)!);
  }

  private setStatus(m: OutboxMessage, status: OutboxStatus): void {
    this.byStatus.remove(m);
    m.status = status;
    this.byStatus.add(m);
  }

  /** Out of the send queue and into the purge queue, by when it finished. */
  private finish(m: OutboxMessage, status: OutboxStatus, now: Date): void {
    this.setStatus(m, status);
    this.unfinished.delete(m);
    this.finished.set(m, now);
  }

  /** The message while `owner` holds its lease (live or expired but not taken over). */
  private leasedTo(id: string, owner: string): OutboxMessage | undefined {
    const m = this.messages.get(id);
    return m?.status === 'sending' && m.lease?.owner === owner ? m : undefined;
  }

  private keepError(m: OutboxMessage, failure: { error: string; errcode?: number }): void {
    m.lastError = failure.error;
    if (failure.errcode === undefined) delete m.lastErrcode;
    else m.lastErrcode = failure.errcode;
  }

  private endLease(m: OutboxMessage, now: Date): void {
    delete m.lease;
    m.updatedAt = now;
  }
}

/**
 * A new message id as one flat string. randomUUID builds its text from about ten pieces, and a
 * kept string keeps its pieces (V8 cons strings): a tenth of what every queued message held.
 * Lower-casing a UUID changes no character and makes the one copy.
 */
function flatId(): string {
  return randomUUID().toLowerCase();
}
