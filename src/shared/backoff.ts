/**
 * Full jitter: a random wait up to min(cap, base × 2^(attempt − 1)). Retries of many callers
 * spread out instead of landing together. `random` is [0, 1), injected so tests are deterministic.
 */
export function fullJitter(
  attempt: number,
  o: { baseMs: number; capMs: number },
  random: () => number,
): number {
  return Math.floor(random() * Math.min(o.capMs, o.baseMs * 2 ** (attempt - 1)));
}
