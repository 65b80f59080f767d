interface Entry<T> {
  item: T;
  at: number;
  seq: number;
  removed: boolean;
}

/**
 * Items ordered by due time, then by the order they were first added (the tiebreak a database's
 * ids give). A claim reads from the front and stops at the first item not yet due, so a long
 * backlog costs what is claimed, not a scan and a sort of everything waiting. Taking an item out
 * only marks its entry (the ones sent are at the front, where a splice would move all the rest);
 * marked entries are dropped once they are half of the queue.
 */
export class DueQueue<T> {
  private entries: Entry<T>[] = [];
  private removed = 0;
  /** Every entry before this one is removed. */
  private head = 0;
  private readonly byItem = new Map<T, Entry<T>>();
  private nextSeq = 0;

  /** Adds `item` due at `at`, or moves it there (keeping its place among equal times) if queued. */
  set(item: T, at: Date): void {
    const queued = this.byItem.get(item);
    const seq = queued ? queued.seq : this.nextSeq++;
    if (queued) this.delete(item);
    const entry: Entry<T> = { item, at: at.getTime(), seq, removed: false };
    const i = this.indexAfter(entry);
    // Most items go at the end, where a push does not copy as a splice does.
    if (i === this.entries.length) this.entries.push(entry);
    else this.entries.splice(i, 0, entry);
    if (i < this.head) this.head = i;
    this.byItem.set(item, entry);
  }

  /** Takes `item` out of the queue. */
  delete(item: T): void {
    const entry = this.byItem.get(item);
    if (!entry) return;
    this.byItem.delete(item);
    entry.removed = true;
    if (++this.removed * 2 > this.entries.length) {
      this.entries = this.entries.filter((e) => !e.removed);
      this.removed = 0;
      this.head = 0;
    }
  }

  /** Up to `limit` items due at or before `now` that `eligible` accepts, earliest first. */
  due(now: Date, limit: number, eligible: (item: T) => boolean): T[] {
    const until = now.getTime();
    const found: T[] = [];
    while (this.entries[this.head]?.removed) this.head++;
    for (let i = this.head; i < this.entries.length; i++) {
      const entry = this.entries[i]!;
      if (entry.at > until || found.length >= limit) break;
      if (!entry.removed && eligible(entry.item)) found.push(entry.item);
    }
    return found;
  }

  values(): T[] {
    return this.entries.filter((e) => !e.removed).map((e) => e.item);
  }

  /** The index just after every entry that sorts before or equal to `entry`. */
  private indexAfter(entry: Entry<T>): number {
    // Most items are due now, after everything queued: the end, without a search.
    const last = this.entries[this.entries.length - 1];
    if (!last || sortsBefore(last, entry)) return this.entries.length;
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.entries[mid]!;
      if (sortsBefore(e, entry)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** `a` sorts before `b`, or is it: due earlier, or at the same time and first added earlier. */
function sortsBefore<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq <= b.seq);
}
