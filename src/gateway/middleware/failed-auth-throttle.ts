import type { Clock } from '../../shared/clock';
import { MINUTE } from '../../shared/clock';

export interface FailedAuthThrottle {
  /** Whole seconds `address` must wait before its next try; 0 when it may try now. */
  waitSeconds(address: string): number;
  failed(address: string): void;
  succeeded(address: string): void;
}

/** A person mistyping gets these for free; after them each failure doubles the wait. */
const FREE_FAILURES = 5;
const MAX_WAIT_MS = 15 * MINUTE;
/** An address quiet this long starts afresh. */
const FORGET_AFTER_MS = 60 * MINUTE;
/** Bounds memory against a spread of addresses; the longest-quiet one makes room. */
const MAX_ADDRESSES = 10_000;

interface Failures {
  count: number;
  last: number;
  until: number;
}

/**
 * Slows down guessing of the admin token per client address: after a few wrong tokens, the next
 * try waits 1 s, then 2 s, 4 s … up to 15 minutes, and is refused (429) unchecked until then.
 * Behind a proxy the address is the proxy's unless `trustProxy` is set.
 */
export function createFailedAuthThrottle(clock: Clock): FailedAuthThrottle {
  const byAddress = new Map<string, Failures>();

  function live(address: string, now: number): Failures | undefined {
    const f = byAddress.get(address);
    if (f && now - f.last > FORGET_AFTER_MS) {
      byAddress.delete(address);
      return undefined;
    }
    return f;
  }

  return {
    waitSeconds(address) {
      const now = clock.now().getTime();
      const f = live(address, now);
      return f ? Math.max(0, Math.ceil((f.until - now) / 1000)) : 0;
    },
    failed(address) {
      const now = clock.now().getTime();
      const f = live(address, now) ?? { count: 0, last: now, until: 0 };
      f.count += 1;
      f.last = now;
      if (f.count > FREE_FAILURES)
        f.until = now + Math.min(MAX_WAIT_MS, 1000 * 2 ** (f.count - FREE_FAILURES - 1));
      // Re-inserted, so the Map stays ordered by last failure.
      byAddress.delete(address);
      if (byAddress.size >= MAX_ADDRESSES) byAddress.delete(byAddress.keys().next().value!);
      byAddress.set(address, f);
    },
    succeeded(address) {
      byAddress.delete(address);
    },
  };
}
