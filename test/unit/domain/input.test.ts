import { z } from 'zod';
import { fieldName, parseBody, parseQuery, withRule } from '../../../src/domain/input';
import { ValidationError } from '../../../src/shared/errors';

/** The field and rule of the ValidationError that parsing throws. */
function refusal(parse: () => unknown): [string, string] | undefined {
  try {
    parse();
    return undefined;
  } catch (err) {
    if (err instanceof ValidationError) return [err.field, err.rule];
    throw err;
  }
}

const body = z.strictObject({
  name: z.string().trim().min(1),
  count: withRule(z.number().int().min(0), 'min'),
  stages: z.array(z.object({ reach: z.enum(['members', 'company']) })).optional(),
  url: z
    .string()
    .refine((v) => v.startsWith('https://'), { params: { rule: 'https' }, error: 'url must be https' })
    .optional(),
});

describe('parseBody', () => {
  it('names the field and the rule of the first break', () => {
    const ok = { name: 'a', count: 0 };
    expect(parseBody(body, { ...ok, name: ' b ' })).toEqual({ name: 'b', count: 0 });
    expect(refusal(() => parseBody(body, []))).toEqual(['body', 'type']);
    expect(refusal(() => parseBody(body, null))).toEqual(['body', 'type']);
    expect(refusal(() => parseBody(body, { count: 0 }))).toEqual(['name', 'required']);
    expect(refusal(() => parseBody(body, { ...ok, name: ' ' }))).toEqual(['name', 'required']);
    expect(refusal(() => parseBody(body, { ...ok, name: 7 }))).toEqual(['name', 'type']);
    expect(refusal(() => parseBody(body, { ...ok, count: 1.5 }))).toEqual(['count', 'min']);
    expect(refusal(() => parseBody(body, { ...ok, count: 'x' }))).toEqual(['count', 'min']);
    expect(refusal(() => parseBody(body, { ...ok, url: 'http://x' }))).toEqual(['url', 'https']);
    expect(refusal(() => parseBody(body, { ...ok, stages: [{ reach: 'all' }] }))).toEqual([
      'stages[0].reach',
      'one_of',
    ]);
  });

  it("puts the field in zod's own words, which do not say it", () => {
    expect(() => parseBody(body, { name: 7, count: 0 })).toThrow(/^name: /);
    expect(() => parseBody(body, { name: 'a', count: 0, url: 'x' })).toThrow(/^url must be https$/);
  });

  it('names an unknown field before any other break: a misspelling explains a missing field', () => {
    expect(refusal(() => parseBody(body, { nmae: 'a', count: -1 }))).toEqual(['nmae', 'unknown_field']);
  });
});

describe('parseQuery', () => {
  const query = z.strictObject({ page: z.string().trim().min(1).optional() });

  it('refuses a repeated key, an empty value and an unknown key, listing the known ones', () => {
    expect(parseQuery(query, { page: '2' })).toEqual({ page: '2' });
    expect(refusal(() => parseQuery(query, { page: ['1', '2'] }))).toEqual(['page', 'single']);
    expect(refusal(() => parseQuery(query, { page: '' }))).toEqual(['page', 'required']);
    expect(() => parseQuery(query, { pg: '1' })).toThrow(/unknown parameter "pg" \(known: page\)/);
  });
});

describe('fieldName', () => {
  it('writes a path as it would be written in JavaScript', () => {
    expect(fieldName([])).toBe('body');
    expect(fieldName(['stages', 1, 'reach'])).toBe('stages[1].reach');
  });
});
