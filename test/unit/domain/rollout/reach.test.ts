import type { RolloutStage, Visibility } from '../../../../src/domain/model';
import { describeVisibility, reachedStageIndex, removedFrom } from '../../../../src/domain/rollout/reach';

const plan: RolloutStage[] = [
  { name: '试点', names: { en: 'Pilot' }, reach: 'members', waitMinutes: 4320 },
  { name: '部门', names: { en: 'Department' }, reach: 'departments', waitMinutes: 10080 },
  { name: '全员', names: { en: 'Whole company' }, reach: 'company', waitMinutes: 0 },
];
const vis = (v: Partial<Visibility>): Visibility => ({ users: [], parties: [], tags: [], ...v });

describe('reachedStageIndex', () => {
  it('is -1 when nobody can see the app', () => {
    expect(reachedStageIndex(vis({}), plan)).toBe(-1);
  });

  it('counts members, and tags, as the pilot', () => {
    expect(reachedStageIndex(vis({ users: ['u1'] }), plan)).toBe(0);
    expect(reachedStageIndex(vis({ tags: [7] }), plan)).toBe(0);
  });

  it("does not count the app's own admins alone as a pilot", () => {
    expect(reachedStageIndex(vis({ users: ['admin1', 'admin2'] }), plan, ['admin1', 'admin2'])).toBe(-1);
    expect(reachedStageIndex(vis({ users: ['admin1', 'u1'] }), plan, ['admin1', 'admin2'])).toBe(0);
  });

  it('counts any department as the department stage', () => {
    expect(reachedStageIndex(vis({ parties: [5] }), plan)).toBe(1);
    expect(reachedStageIndex(vis({ users: ['u1'], parties: [5, 6] }), plan)).toBe(1);
  });

  it('counts the root department (partyid 1) as the whole company', () => {
    expect(reachedStageIndex(vis({ parties: [1] }), plan)).toBe(2);
  });

  it('gives the highest stage met in a shorter plan', () => {
    expect(reachedStageIndex(vis({ parties: [1] }), plan.slice(0, 2))).toBe(1);
    expect(reachedStageIndex(vis({ users: ['u1'] }), plan.slice(1))).toBe(-1);
  });
});

describe('describeVisibility', () => {
  it('words a range in Chinese and English', () => {
    expect(describeVisibility(vis({ users: ['a', 'b', 'c'], parties: [5] }))).toBe(
      '3 位成员、1 个部门 / 3 members, 1 department',
    );
    expect(describeVisibility(vis({ tags: [1, 2] }))).toBe('2 个标签 / 2 tags');
  });

  it('says nobody and whole company', () => {
    expect(describeVisibility(vis({}))).toBe('无人可见 / nobody');
    expect(describeVisibility(vis({ users: ['a'], parties: [1, 5] }))).toBe(
      '全员（根部门） / whole company (root department)',
    );
  });
});

describe('removedFrom', () => {
  it('lists who left the range, or nothing when it only grew', () => {
    expect(removedFrom(vis({ users: ['a', 'b'], parties: [5] }), vis({ users: ['a'] }))).toEqual(
      vis({ users: ['b'], parties: [5] }),
    );
    expect(removedFrom(vis({ users: ['a'] }), vis({ users: ['a', 'b'], parties: [1] }))).toBeUndefined();
  });
});
