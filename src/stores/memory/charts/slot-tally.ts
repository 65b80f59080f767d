import { MINUTE } from '../../../shared/clock';

/** The memory charts count by quarter hour: every time zone's day starts on one. */
const SLOT_MS = 15 * MINUTE;

interface Item<K extends string> {
  corpId: string;
  at: number;
  kind: K;
}

const slotOf = (ms: number): number => Math.floor(ms / SLOT_MS);

/**
 * Running counts of records (permission requests, messages) by quarter hour and kind, for
 * customers only: a record of a test enterprise is kept aside, and moves in or out of the counts
 * when its enterprise is marked or unmarked.
 */
export class SlotTally<K extends string> {
  private readonly items = new Map<string, Item<K>>();
  private readonly byCorp = new Map<string, Set<string>>();
  private readonly bySlot = new Map<number, Set<string>>();
  private readonly counts = new Map<number, Record<K, number>>();
  private readonly testCorps = new Set<string>();
  private oldest = Number.POSITIVE_INFINITY;

  constructor(private readonly kinds: readonly K[]) {}

  set(id: string, corpId: string, at: Date, kind: K): void {
    this.delete(id);
    const item = { corpId, at: at.getTime(), kind };
    this.items.set(id, item);
    ids(this.byCorp, corpId).add(id);
    ids(this.bySlot, slotOf(item.at)).add(id);
    this.oldest = Math.min(this.oldest, slotOf(item.at));
    this.count(item, 1);
  }

  /** Forgets the records timed before `before`, as a purge of the collection would. */
  forgetBefore(before: Date): void {
    const last = slotOf(before.getTime());
    for (let s = this.oldest; s <= last; s += 1) {
      for (const id of this.bySlot.get(s) ?? [])
        if (this.items.get(id)!.at < before.getTime()) this.delete(id);
    }
    this.oldest = Math.max(this.oldest, last);
  }

  markTest(corpId: string, test: boolean): void {
    if (this.testCorps.has(corpId) === test) return;
    const corpIds = this.byCorp.get(corpId) ?? new Set<string>();
    for (const id of corpIds) this.count(this.items.get(id)!, -1);
    if (test) this.testCorps.add(corpId);
    else this.testCorps.delete(corpId);
    for (const id of corpIds) this.count(this.items.get(id)!, 1);
  }

  /** Counts in [since, until), both taken to their quarter hour. */
  sum(since: Date, until: Date): Record<K, number> {
    const total = this.zero();
    const end = Math.ceil(until.getTime() / SLOT_MS);
    for (let s = slotOf(since.getTime()); s < end; s += 1) {
      const counts = this.counts.get(s);
      if (counts) for (const k of this.kinds) total[k] += counts[k];
    }
    return total;
  }

  private delete(id: string): void {
    const item = this.items.get(id);
    if (!item) return;
    this.count(item, -1);
    this.items.delete(id);
    this.byCorp.get(item.corpId)?.delete(id);
    this.bySlot.get(slotOf(item.at))?.delete(id);
  }

  private count(item: Item<K>, by: 1 | -1): void {
    if (this.testCorps.has(item.corpId)) return;
    const slot = slotOf(item.at);
    let counts = this.counts.get(slot);
    if (!counts) this.counts.set(slot, (counts = this.zero()));
    counts[item.kind] += by;
  }

  private zero(): Record<K, number> {
    return Object.fromEntries(this.kinds.map((k) => [k, 0])) as Record<K, number>;
  }
}

function ids<T>(index: Map<T, Set<string>>, key: T): Set<string> {
  let found = index.get(key);
  if (!found) index.set(key, (found = new Set()));
  return found;
}
