import type { Model } from 'mongoose';
import type { CountedGroup } from '../../domain/ports/stores';

/** A counted query: the database groups and counts; no document leaves it. */
export async function countGroups<T, K extends string>(
  model: Model<T>,
  by: Record<K, unknown>,
  match: Record<string, unknown> = {},
): Promise<CountedGroup<K>[]> {
  const groups = await model.aggregate<{ _id: Record<K, string>; n: number }>([
    { $match: match },
    { $group: { _id: by, n: { $sum: 1 } } },
  ]);
  return groups.map((g) => ({ group: g._id, count: g.n }));
}
