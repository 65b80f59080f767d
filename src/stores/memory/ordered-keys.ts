interface Entry<K> {
  at: number;
  tie: string;
  key: K;
}

const before = (a: Entry<unknown>, b: Entry<unknown>): boolean =>
  a.at < b.at || (a.at === b.at && a.tie < b.tie);

/**
 * Keys kept sorted by a time, then by a tiebreak string: counting those before a moment is a
 * binary search, and a page is read from the front without sorting anything. What a database's
 * index on (time, id) gives the mongo adapter.
 */
export class OrderedKeys<K> {
  private entries: Entry<K>[] = [];
  private readonly byKey = new Map<K, Entry<K>>();

  /** Puts `key` at `at` (moving it if it was elsewhere); undefined takes it out. */
  set(key: K, at: Date | number | undefined, tie = ''): void {
    this.delete(key);
    if (at === undefined) return;
    const entry = { at: typeof at === 'number' ? at : at.getTime(), tie, key };
    this.entries.splice(this.indexOf(entry, true), 0, entry);
    this.byKey.set(key, entry);
  }

  delete(key: K): void {
    const entry = this.byKey.get(key);
    if (!entry) return;
    this.byKey.delete(key);
    for (let i = this.indexOf(entry, false); i < this.entries.length; i++) {
      if (this.entries[i] === entry) {
        this.entries.splice(i, 1);
        return;
      }
    }
  }

  /** How many keys sort before `at`. */
  countBefore(at: number): number {
    return this.indexOf({ at, tie: '', key: undefined as K }, false);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The keys in order, from the first; only those before `until` when given. */
  *keys(until = Infinity): IterableIterator<K> {
    for (const e of this.entries) {
      if (e.at >= until) return;
      yield e.key;
    }
  }

  /** The first index whose entry does not sort before `entry` (after equal ones when `after`). */
  private indexOf(entry: Entry<K>, after: boolean): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.entries[mid]!;
      if (before(e, entry) || (after && e.at === entry.at && e.tie === entry.tie)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
