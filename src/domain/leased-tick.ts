import type { Logger } from '../shared/logger';

/** One scheduled job over leased items: what it claims, how it handles one, how it gives one back. */
export interface LeasedJob<T, O extends string> {
  /** Leases the due items to this owner. */
  claim(): Promise<T[]>;
  /** Handles one item and ends its lease; says what happened, for the tick's counts. */
  handle(item: T): Promise<O | undefined>;
  /** After a failure: ends the lease with a later due time, so the item comes back. */
  giveBack(item: T): Promise<unknown>;
  /** Log fields naming the item. */
  describe(item: T): Record<string, unknown>;
}

/**
 * Claim → handle → release, one item after another. A failure is logged with the item, and the
 * item is given back for later; it never stops the rest of the batch.
 */
export async function runLeasedTick<T, O extends string>(
  job: LeasedJob<T, O>,
  counts: Record<O, number>,
  log: Logger,
): Promise<Record<O, number>> {
  for (const item of await job.claim()) {
    try {
      const outcome = await job.handle(item);
      if (outcome !== undefined) counts[outcome] += 1;
    } catch (err) {
      log.error({ err, ...job.describe(item) }, 'scheduled item failed; retried later');
      // A no-op when the failure came after the release: the lease is gone by then.
      await job
        .giveBack(item)
        .catch((e: unknown) => log.error({ err: e, ...job.describe(item) }, 'scheduled item not given back'));
    }
  }
  return counts;
}
