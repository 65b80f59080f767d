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
