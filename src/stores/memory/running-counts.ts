import type { CountedGroup } from '../../domain/ports/stores';

/**
 * Records grouped by the values of some fields, kept up to date as records come, change and go:
 * /metrics counts without walking a collection, and a list by state reads only its own group.
 */
export class RunningCounts<T, K extends string> {
  private readonly groups_ = new Map<string, { group: Record<K, string>; members: Set<T> }>();

  constructor(private readonly groupOf: (item: T) => Record<K, string>) {}

  add(item: T): void {
    const group = this.groupOf(item);
    const key = Object.values(group).join('\u0000');
    const found = this.groups_.get(key) ?? { group, members: new Set<T>() };
    found.members.add(item);
    this.groups_.set(key, found);
  }

  remove(item: T): void {
    const key = Object.values(this.groupOf(item)).join('\u0000');
    const found = this.groups_.get(key);
    found?.members.delete(item);
    if (found?.members.size === 0) this.groups_.delete(key);
  }

  groups(): CountedGroup<K>[] {
    return [...this.groups_.values()].map((g) => ({ group: { ...g.group }, count: g.members.size }));
  }

  /** The records of every group where `field` has `value`. */
  members(field: K, value: string): T[] {
    return [...this.groups_.values()].filter((g) => g.group[field] === value).flatMap((g) => [...g.members]);
  }
}
