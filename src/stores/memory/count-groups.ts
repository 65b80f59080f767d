import type { CountedGroup } from '../../domain/ports/stores';

/** Counts items by the group each belongs to, in one pass and without copying any item. */
export function countGroups<T, K extends string>(
  items: Iterable<T>,
  groupOf: (item: T) => Record<K, string>,
): CountedGroup<K>[] {
  const counts = new Map<string, CountedGroup<K>>();
  for (const item of items) {
    const group = groupOf(item);
    const key = Object.values(group).join('\u0000');
    const found = counts.get(key);
    if (found) found.count += 1;
    else counts.set(key, { group, count: 1 });
  }
  return [...counts.values()];
}
