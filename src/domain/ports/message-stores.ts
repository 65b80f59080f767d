import type { InboundEvent, InboundStatus, OutboxChannel, OutboxMessage, OutboxStatus } from '../model';
import type { Claim, CountedGroup } from './store-common';

/** The stores of what comes in (callbacks, once each) and what goes out (the outbox). */

export type NewOutboxMessage = Pick<
  OutboxMessage,
  'dedupeKey' | 'channel' | 'payload' | 'topic' | 'suiteId' | 'corpId' | 'toUser' | 'ref'
> & { notBefore?: Date };

export interface OutboxStore {
  /** Writes the message once per dedupe key; a second enqueue returns the first, `created: false`. */
  enqueue(msg: NewOutboxMessage, now: Date): Promise<{ message: OutboxMessage; created: boolean }>;
  /** Leases queued messages due by now, and 'sending' ones whose lease expired (a crashed sender). */
  claimDue(claim: Claim): Promise<OutboxMessage[]>;
  /** The outcome of a send; each is applied only while the caller holds the lease. */
  markSent(
    id: string,
    owner: string,
    result: { responseCode?: string; msgId?: string },
    now: Date,
  ): Promise<boolean>;
  markRetry(
    id: string,
    owner: string,
    failure: { error: string; errcode?: number; notBefore: Date; countAttempt: boolean },
    now: Date,
  ): Promise<boolean>;
  markFailed(
    id: string,
    owner: string,
    failure: { error: string; errcode?: number },
    now: Date,
  ): Promise<boolean>;
  /** Cancels queued messages (e.g. of a cancelled authorization); returns how many. */
  cancelQueued(filter: { corpId: string; suiteId?: string }, now: Date): Promise<number>;
  get(id: string): Promise<OutboxMessage | undefined>;
  findByDedupeKey(dedupeKey: string): Promise<OutboxMessage | undefined>;
  list(filter?: OutboxFilter): Promise<OutboxMessage[]>;
  countByStatus(): Promise<Record<OutboxStatus, number>>;
  /** Forgets sent, failed and cancelled messages last updated before `before`; returns how many. */
  purgeFinished(before: Date): Promise<number>;
}

export interface OutboxFilter {
  corpId?: string;
  suiteId?: string;
  status?: OutboxStatus;
  channel?: OutboxChannel;
  ref?: string;
  topic?: string;
  limit?: number;
}

export interface InboxFilter {
  corpId?: string;
  suiteId?: string;
  kind?: string;
  status?: InboundStatus;
  /** Only the callbacks that name no enterprise: a template's own (suite_ticket, create_auth …). */
  withoutCorp?: true;
  limit?: number;
}

export type NewInboundEvent = Pick<
  InboundEvent,
  'key' | 'kind' | 'suiteId' | 'corpId' | 'event' | 'receivedAt' | 'expiresAt'
>;

export interface InboxStore {
  /**
   * Records an inbound event once per key (unique); a repeat answers 'duplicate'. A key whose
   * expiresAt is not after the new receivedAt counts as new, purged or not (as a TTL index would).
   */
  recordOnce(ev: NewInboundEvent): Promise<'new' | 'duplicate'>;
  /** Both outcomes end the caller's lease, if any. */
  markHandled(key: string, now: Date): Promise<void>;
  /** Counts the attempt (attempts + 1), keeps the error, and the time to try again (none: never). */
  markFailed(key: string, error: string, now: Date, retryAt?: Date): Promise<void>;
  /**
   * Leases events to handle again, oldest first: failed ones whose retry is due and that have had
   * fewer than maxAttempts, and ones still 'received' since before receivedBefore (an instance
   * crashed after answering; younger ones are still in a live instance's queue).
   */
  claimForRetry(claim: Claim, opts: { maxAttempts: number; receivedBefore: Date }): Promise<InboundEvent[]>;
  list(filter?: InboxFilter): Promise<InboundEvent[]>;
  /** Recorded events (expired ones until purged) by kind and handling status. */
  countByKindAndStatus(): Promise<CountedGroup<'kind' | 'status'>[]>;
  /** Memory only needs this; mongo expires through a TTL index. */
  purgeExpired(now: Date): Promise<number>;
}
