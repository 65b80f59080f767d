/** Newest first by `at`; equal times put the later written first, as a descending _id tiebreak would. */
export function newestFirst<T>(items: readonly T[], at: (item: T) => Date, limit?: number): T[] {
  const sorted = items
    .map((item, written) => ({ item, written }))
    .sort((a, b) => at(b.item).getTime() - at(a.item).getTime() || b.written - a.written)
    .map(({ item }) => item);
  return limit === undefined ? sorted : sorted.slice(0, limit);
}
