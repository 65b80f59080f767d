import { MINUTE } from '../../../shared/clock';

/** The memory charts count by quarter hour: every time zone's day starts on one. */
export const SLOT_MS = 15 * MINUTE;

interface Item<K extends string> {
  corpId: string;
  slot: number;
  kind: K;
}

/**
 * Running counts of records (permission requests, messages) by quarter hour and kind, for
 * customers only: a record of a test enterprise is kept aside, and moves in or out of the counts
 * when its enterprise is marked or unmarked.
 */
export class SlotTally<K extends string> {
  private readonly items = new Map<string, Item<K>>();
  private readonly byCorp = new Map<string, Set<string>>();
  private readonly slots = new Map<number, Record<K, number>>();
  private readonly testCorps = new Set<string>();

  constructor(private readonly kinds: readonly K[]) {}

  set(id: string, corpId: string, at: Date, kind: K): void {
    const old = this.items.get(id);
    if (old) this.add(old, -1);
    const item = { corpId, slot: Math.floor(at.getTime() / SLOT_MS), kind };
    this.items.set(id, item);
    let ids = this.byCorp.get(corpId);
    if (!ids) this.byCorp.set(corpId, (ids = new Set()));
    ids.add(id);
    this.add(item, 1);
  }

  markTest(corpId: string, test: boolean): void {
    if (this.testCorps.has(corpId) === test) return;
    const ids = this.byCorp.get(corpId) ?? new Set<string>();
    for (const id of ids) this.add(this.items.get(id)!, -1);
    if (test) this.testCorps.add(corpId);
    else this.testCorps.delete(corpId);
    for (const id of ids) this.add(this.items.get(id)!, 1);
  }

  /** Counts in [since, until), both taken to their quarter hour. */
  sum(since: Date, until: Date): Record<K, number> {
    const total = this.zero();
    const end = Math.ceil(until.getTime() / SLOT_MS);
    for (let s = Math.floor(since.getTime() / SLOT_MS); s < end; s += 1) {
      const counts = this.slots.get(s);
      if (counts) for (const k of this.kinds) total[k] += counts[k];
    }
    return total;
  }

  private add(item: Item<K>, by: 1 | -1): void {
    if (this.testCorps.has(item.corpId)) return;
    let counts = this.slots.get(item.slot);
    if (!counts) this.slots.set(item.slot, (counts = this.zero()));
    counts[item.kind] += by;
  }

  private zero(): Record<K, number> {
    return Object.fromEntries(this.kinds.map((k) => [k, 0])) as Record<K, number>;
  }
}
