import { type Catalogue, type Locale, wordsFor } from '../../shared/locale';
import type { ReachKind, RolloutStage, Visibility } from '../model';
import { ROOT_PARTY } from './reach';

/** How admins read a range and a stage, one language at a time. */
interface ReachWords {
  /** A stage's name by what it reaches: reaches are unique in a plan, so the name is too. */
  stage: Record<ReachKind, string>;
  /** What a stage asks of the range. */
  needs: Record<ReachKind, string>;
  wholeCompany: string;
  nobody: string;
  count: (n: number, unit: 'users' | 'parties' | 'tags') => string;
  join: string;
  /** Short keys for a card's rows (≤ 5 characters). */
  rowKeys: { users: string; parties: string; tags: string; now: string };
}

const WORDS: Catalogue<ReachWords> = {
  'zh-CN': {
    stage: { members: '试点', departments: '部门', company: '全员' },
    needs: { members: '选几位试点成员', departments: '加入至少一个部门', company: '选择根部门（全员）' },
    wholeCompany: '全员（根部门）',
    nobody: '无人可见',
    count: (n, unit) => `${n} ${{ users: '位成员', parties: '个部门', tags: '个标签' }[unit]}`,
    join: '、',
    rowKeys: { users: '成员', parties: '部门', tags: '标签', now: '当前可见' },
  },
  en: {
    stage: { members: 'Pilot', departments: 'Departments', company: 'Everyone' },
    needs: {
      members: 'a few pilot members',
      departments: 'at least one department',
      company: 'the root department',
    },
    wholeCompany: 'the whole company',
    nobody: 'nobody',
    count: (n, unit) => {
      const word = { users: 'member', parties: 'department', tags: 'tag' }[unit];
      return `${n} ${word}${n === 1 ? '' : 's'}`;
    },
    join: ', ',
    rowKeys: { users: 'Users', parties: 'Depts', tags: 'Tags', now: 'Now' },
  },
};

/**
 * A stage as admins read it, by its reach: never the plan's configured names (stage-name.ts), which
 * support reads. These always fit a card and are in one language, whatever plan a rollout was
 * started with (older plans carry bilingual names).
 */
export function reachName(stage: Pick<RolloutStage, 'reach'>, locale: Locale): string {
  return wordsFor(WORDS, locale).stage[stage.reach];
}

export function reachNeeds(reach: ReachKind, locale: Locale): string {
  return wordsFor(WORDS, locale).needs[reach];
}

const parts = (v: Visibility) =>
  [
    ['users', v.users.length],
    ['parties', v.parties.length],
    ['tags', v.tags.length],
  ] as const;

/** "3 位成员、1 个部门" / "3 members, 1 department", for replies. */
export function visibilityWords(v: Visibility, locale: Locale): string {
  const w = wordsFor(WORDS, locale);
  if (v.parties.includes(ROOT_PARTY)) return w.wholeCompany;
  const said = parts(v)
    .filter(([, n]) => n > 0)
    .map(([unit, n]) => w.count(n, unit));
  return said.length ? said.join(w.join) : w.nobody;
}

/** The range as a card's rows: one per kind, so each key and value fits whatever the counts. */
export function visibilityRows(v: Visibility, locale: Locale): { keyname: string; value: string }[] {
  const w = wordsFor(WORDS, locale);
  if (v.parties.includes(ROOT_PARTY)) return [{ keyname: w.rowKeys.now, value: w.wholeCompany }];
  const rows = parts(v)
    .filter(([, n]) => n > 0)
    .map(([unit, n]) => ({ keyname: w.rowKeys[unit], value: String(n) }));
  return rows.length ? rows : [{ keyname: w.rowKeys.now, value: w.nobody }];
}
