import { bilingualStageName, stageName } from '../../../../src/domain/rollout/stage-name';

describe("a stage's configured name", () => {
  const department = { name: '部门', names: { en: 'Department' } };

  it('is its name for that locale, else its own name', () => {
    expect(stageName(department, 'en')).toBe('Department');
    expect(stageName(department, 'zh-CN')).toBe('部门');
    expect(stageName({ name: '部门 Department' }, 'en')).toBe('部门 Department');
    expect(stageName({ name: 'Pilot', names: { 'zh-CN': '试点' } }, 'zh-CN')).toBe('试点');
  });

  it('reads in both languages for the two-language lines, once when they agree', () => {
    expect(bilingualStageName(department)).toBe('部门 / Department');
    expect(bilingualStageName({ name: '全员' })).toBe('全员');
    expect(bilingualStageName({ name: 'Pilot', names: { 'zh-CN': '试点' } })).toBe('试点 / Pilot');
  });
});
