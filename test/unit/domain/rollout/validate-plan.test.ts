import { validatePlan } from '../../../../src/domain/rollout/validate-plan';
import { ValidationError } from '../../../../src/shared/errors';

function fieldOf(stages: unknown): string | undefined {
  try {
    validatePlan(stages);
    return undefined;
  } catch (err) {
    if (err instanceof ValidationError) return err.field;
    throw err;
  }
}

describe('validatePlan', () => {
  it('accepts a plan and drops unknown keys', () => {
    expect(
      validatePlan([
        { name: ' 试点 ', reach: 'members', waitMinutes: 60, extra: true },
        { name: '全员', reach: 'company', waitMinutes: 0 },
      ]),
    ).toEqual([
      { name: '试点', reach: 'members', waitMinutes: 60 },
      { name: '全员', reach: 'company', waitMinutes: 0 },
    ]);
  });

  it('keeps a name per locale, trimmed', () => {
    expect(
      validatePlan([
        { name: '试点', names: { en: ' Pilot ' }, reach: 'members', waitMinutes: 60 },
        {
          name: 'Everyone',
          names: { 'zh-CN': '全员', en: 'Whole company' },
          reach: 'company',
          waitMinutes: 0,
        },
      ]),
    ).toEqual([
      { name: '试点', names: { en: 'Pilot' }, reach: 'members', waitMinutes: 60 },
      { name: 'Everyone', names: { 'zh-CN': '全员', en: 'Whole company' }, reach: 'company', waitMinutes: 0 },
    ]);
  });

  it('holds each name per locale to the rule of name, and refuses a locale it does not know', () => {
    const stage = (names: unknown) => [{ name: '试点', names, reach: 'members', waitMinutes: 0 }];
    expect(fieldOf(stage({ en: 'x'.repeat(33) }))).toBe('stages[0].names.en');
    expect(fieldOf(stage({ 'zh-CN': ' ' }))).toBe('stages[0].names.zh-CN');
    expect(fieldOf(stage({ en: 'Pilot', fr: 'Pilote' }))).toBe('stages[0].names.fr');
    expect(fieldOf(stage('Pilot'))).toBe('stages[0].names');
    expect(fieldOf(stage({ en: 'x'.repeat(32) }))).toBeUndefined();
  });

  it('names the field that breaks a rule', () => {
    expect(fieldOf('nope')).toBe('stages');
    expect(fieldOf([])).toBe('stages');
    expect(fieldOf([null])).toBe('stages[0]');
    expect(fieldOf([{ name: '', reach: 'members', waitMinutes: 0 }])).toBe('stages[0].name');
    expect(fieldOf([{ name: 'a', reach: 'everyone', waitMinutes: 0 }])).toBe('stages[0].reach');
    expect(fieldOf([{ name: 'a', reach: 'members', waitMinutes: -1 }])).toBe('stages[0].waitMinutes');
    expect(fieldOf([{ name: 'a', reach: 'members', waitMinutes: 1.5 }])).toBe('stages[0].waitMinutes');
  });

  it('wants each stage to reach further than the one before', () => {
    expect(
      fieldOf([
        { name: 'a', reach: 'departments', waitMinutes: 0 },
        { name: 'b', reach: 'members', waitMinutes: 0 },
      ]),
    ).toBe('stages[1].reach');
    expect(
      fieldOf([
        { name: 'a', reach: 'members', waitMinutes: 0 },
        { name: 'b', reach: 'members', waitMinutes: 0 },
      ]),
    ).toBe('stages[1].reach');
  });
});
