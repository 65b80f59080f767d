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
    const key = keyOf(group);
    const found = this.groups_.get(key);
    if (found) found.members.add(item);
    else this.groups_.set(key, { group, members: new Set([item]) });
  }

  remove(item: T): void {
    const key = keyOf(this.groupOf(item));
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

/** A group's values joined; a one-field group's key is its value, with no array or string made. */
function keyOf(group: Record<string, string>): string {
  let key: string | undefined;
  for (const field in group) key = key === undefined ? group[field]! : `${key}\u0000${group[field]!}`;
  return key ?? '';
}
