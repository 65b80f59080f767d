import type { CountedGroup } from '../../domain/ports/stores';

/** Counts by group kept up to date as records come, change and go: /metrics never walks a collection. */
export class RunningCounts<T, K extends string> {
  private readonly counts = new Map<string, CountedGroup<K>>();

  constructor(private readonly groupOf: (item: T) => Record<K, string>) {}

  add(item: T): void {
    this.bump(item, 1);
  }

  remove(item: T): void {
    this.bump(item, -1);
  }

  groups(): CountedGroup<K>[] {
    return [...this.counts.values()].map((c) => ({ group: { ...c.group }, count: c.count }));
  }

  private bump(item: T, delta: 1 | -1): void {
    const group = this.groupOf(item);
    const key = Object.values(group).join('\u0000');
    const c = this.counts.get(key) ?? { group, count: 0 };
    c.count += delta;
    if (c.count === 0) this.counts.delete(key);
    else this.counts.set(key, c);
  }
}
