import type { Model, QueryFilter, Types } from 'mongoose';
import type { Claim } from '../../domain/ports/stores';
import { fromDoc, literals } from './documents';

/**
 * Which clock leases follow. 'caller': the `now` the caller passes, as the store contract says
 * (tests and the simulator move time). 'database': the server's $$NOW, so instances whose clocks
 * disagree still agree on when a lease ends. Due times always follow the caller's `now`.
 */
export type LeaseClock = 'database' | 'caller';

/** The instant leases are compared with and counted from, as an aggregation expression. */
export type LeaseNow = Date | '$$NOW';

export function leaseNow(clock: LeaseClock, now: Date): LeaseNow {
  return clock === 'database' ? '$$NOW' : now;
}

/**
 * Filter: no live lease holds the item, i.e. not (lease.until > now). A missing lease compares
 * lower than any date, so unleased items match. An $expr, because $$NOW exists only in expressions.
 */
export function noLiveLease(at: LeaseNow): Record<string, unknown> {
  return { $expr: { $not: [{ $gt: ['$lease.until', at] }] } };
}

/**
 * Leases up to `limit` due items, earliest due first, one atomic findOneAndUpdate each: the filter
 * re-checks "due and no live lease" at write time, so two instances never take the same item.
 * The update is a pipeline so that, with the database clock, the lease ends at $$NOW + leaseMs.
 */
export async function claimEach<T>(
  model: Model<T>,
  claim: Claim,
  clock: LeaseClock,
  due: Record<string, unknown>,
  sort: Record<string, 1 | -1>,
  set: Record<string, unknown> = {},
): Promise<T[]> {
  const at = leaseNow(clock, claim.now);
  const taken: T[] = [];
  // With leaseMs <= 0 a fresh lease is not live; this keeps one claim from taking an item twice.
  const takenIds: Types.ObjectId[] = [];
  for (let i = 0; i < claim.limit; i++) {
    const filter = { $and: [due, noLiveLease(at), { _id: { $nin: takenIds } }] } as QueryFilter<T>;
    const update = [
      {
        $set: {
          ...literals(set),
          lease: { owner: { $literal: claim.owner }, until: { $add: [at, claim.leaseMs] } },
        },
      },
    ];
    const doc = await model
      .findOneAndUpdate(filter, update, {
        sort: { ...sort, _id: 1 },
        returnDocument: 'after',
        updatePipeline: true,
      })
      .lean<T & { _id: Types.ObjectId }>();
    if (!doc) break;
    takenIds.push(doc._id);
    taken.push(fromDoc(doc));
  }
  return taken;
}
