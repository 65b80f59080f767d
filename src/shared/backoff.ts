/** The wait before the attempt-th retry: base × 2^(attempt − 1), never more than cap. */
export function cappedDoubling(attempt: number, o: { baseMs: number; capMs: number }): number {
  return Math.min(o.capMs, o.baseMs * 2 ** Math.min(attempt - 1, 30));
}

/**
 * Full jitter: a random wait up to the capped doubling. Retries of many callers spread out
 * instead of landing together. `random` is [0, 1), injected so tests are deterministic.
 */
export function fullJitter(
  attempt: number,
  o: { baseMs: number; capMs: number },
  random: () => number,
): number {
  return Math.floor(random() * cappedDoubling(attempt, o));
}
