import type { FunnelStage } from '../../../domain/support/funnel-stage';

interface Timer {
  at: number;
  key: string;
  version: number;
}

interface Live extends Timer {
  stage: FunnelStage;
  passed: boolean;
}

/**
 * Active rollouts become stuck when time passes a moment known in advance (a reminder overdue, or
 * no progress for weeks) and stay stuck until their record changes. So each gets a timer, kept in
 * a min-heap; a count pops the timers that passed since the last one: its cost follows what
 * changed, not how many rollouts there are. A count at an earlier time than the last rebuilds.
 */
export class StuckTimers {
  private heap: Timer[] = [];
  private readonly live = new Map<string, Live>();
  private readonly passed = new Map<FunnelStage, number>();
  private lastNow = Number.NEGATIVE_INFINITY;
  private version = 0;

  /** Stuck once `now` is after `at` (isStuck compares with >). */
  add(key: string, stage: FunnelStage, at: number): void {
    const timer = { at, key, version: ++this.version };
    this.live.set(key, { ...timer, stage, passed: false });
    this.push(timer);
  }

  remove(key: string): void {
    const timer = this.live.get(key);
    if (!timer) return;
    if (timer.passed) this.passed.set(timer.stage, (this.passed.get(timer.stage) ?? 0) - 1);
    this.live.delete(key);
    // Its heap entry goes stale (the version no longer matches); compact now and then.
    if (this.heap.length > 2 * this.live.size + 64) this.rebuild(false);
  }

  /** How many timers of each stage had passed at `now`. */
  count(now: number): ReadonlyMap<FunnelStage, number> {
    if (now < this.lastNow) this.rebuild(true);
    this.lastNow = now;
    while (this.heap.length > 0 && this.heap[0]!.at < now) {
      const top = this.pop();
      const timer = this.live.get(top.key);
      if (timer && timer.version === top.version && !timer.passed) {
        timer.passed = true;
        this.passed.set(timer.stage, (this.passed.get(timer.stage) ?? 0) + 1);
      }
    }
    return this.passed;
  }

  /** A fresh heap of the live timers; `reset` also forgets which passed (time went back). */
  private rebuild(reset: boolean): void {
    if (reset) {
      this.passed.clear();
      for (const t of this.live.values()) t.passed = false;
    }
    this.heap = [];
    for (const t of this.live.values())
      if (!t.passed) this.push({ at: t.at, key: t.key, version: t.version });
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.at <= h[i]!.at) break;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }

  private pop(): Timer {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let min = i;
        if (l < h.length && h[l]!.at < h[min]!.at) min = l;
        if (r < h.length && h[r]!.at < h[min]!.at) min = r;
        if (min === i) break;
        [h[min], h[i]] = [h[i]!, h[min]!];
        i = min;
      }
    }
    return top;
  }
}
