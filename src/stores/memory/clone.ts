/**
 * A deep copy of stored data (plain objects, arrays, Dates), so callers never hold stored state.
 * Not structuredClone: under jest it makes Dates of another realm, and `instanceof Date` fails in
 * the tests of code that uses these stores.
 */
export function clone<T>(value: T): T {
  // Most values are strings and numbers: they are returned before any other test.
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => clone(item)) as T;
  // Object.keys, not Object.entries: no array per property on a path every callback takes.
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) copy[key] = clone(source[key]);
  return copy as T;
}
