import type { ReachKind, RolloutStage, Visibility } from '../model';

/** WeCom's root department: a range that includes it covers the whole company. */
export const ROOT_PARTY = 1;

/**
 * Whether a visibility range meets a reach. Any range with somebody in it meets 'members':
 * departments and tags hold members too (a tag is a hand-picked group, which is what a pilot is).
 * The app's own admins alone are not a pilot: they are who can see it before anyone starts using it.
 */
export function meetsReach(v: Visibility, reach: ReachKind, admins: readonly string[] = []): boolean {
  switch (reach) {
    case 'members':
      return v.users.some((u) => !admins.includes(u)) || v.tags.length > 0 || v.parties.length > 0;
    case 'departments':
      return v.parties.length > 0;
    case 'company':
      return v.parties.includes(ROOT_PARTY);
  }
}

/** The highest stage whose reach the range meets; -1 when none (not even the pilot). */
export function reachedStageIndex(
  v: Visibility,
  plan: readonly RolloutStage[],
  admins: readonly string[] = [],
): number {
  for (let i = plan.length - 1; i >= 0; i--) if (meetsReach(v, plan[i]!.reach, admins)) return i;
  return -1;
}

/** "3 位成员、1 个部门 / 3 members, 1 department". */
export function describeVisibility(v: Visibility): string {
  if (v.parties.includes(ROOT_PARTY)) return '全员（根部门） / whole company (root department)';
  const zh: string[] = [];
  const en: string[] = [];
  const add = (n: number, unitZh: string, unitEn: string): void => {
    if (n === 0) return;
    zh.push(`${n} ${unitZh}`);
    en.push(`${n} ${unitEn}${n === 1 ? '' : 's'}`);
  };
  add(v.users.length, '位成员', 'member');
  add(v.parties.length, '个部门', 'department');
  add(v.tags.length, '个标签', 'tag');
  return zh.length ? `${zh.join('、')} / ${en.join(', ')}` : '无人可见 / nobody';
}

/** What a stage asks of the range, in words. */
export function describeReach(reach: ReachKind): string {
  switch (reach) {
    case 'members':
      return '选几位试点成员 / a few pilot members';
    case 'departments':
      return '加入至少一个部门 / at least one department';
    case 'company':
      return '选择根部门（全员） / the root department (everyone)';
  }
}

/** Who is in `before` but no longer in `after`; undefined when nobody left. */
export function removedFrom(before: Visibility, after: Visibility): Visibility | undefined {
  const removed: Visibility = {
    users: before.users.filter((u) => !after.users.includes(u)),
    parties: before.parties.filter((p) => !after.parties.includes(p)),
    tags: before.tags.filter((t) => !after.tags.includes(t)),
  };
  const any = removed.users.length + removed.parties.length + removed.tags.length > 0;
  return any ? removed : undefined;
}
