import { parseConfigCheckInput } from '../../../../src/domain/config-check/check-config';
import { ValidationError } from '../../../../src/shared/errors';

/** The ValidationError's field and rule, or undefined when the body parses. */
function refusal(body: unknown): { field: string; rule: string } | undefined {
  try {
    parseConfigCheckInput(body);
    return undefined;
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return { field: err.field, rule: err.rule };
  }
}

describe('parseConfigCheckInput', () => {
  it('returns a full body as given', () => {
    const body = {
      kind: 'app',
      name: '云客CRM',
      intro: '客户管理',
      callbackUrl: 'https://a.example.com/cb',
      homepageUrl: 'https://a.example.com',
      trustedDomain: 'a.example.com',
      ipWhitelist: ['1.2.3.4'],
      logo: 'aGVsbG8=',
    };
    expect(parseConfigCheckInput(body)).toEqual(body);
  });

  it('needs only kind, and reads null as not given', () => {
    expect(parseConfigCheckInput({ kind: 'template' })).toEqual({ kind: 'template' });
    const parsed = parseConfigCheckInput({ kind: 'template', name: null, ipWhitelist: null });
    expect(parsed.name).toBeUndefined();
    expect(parsed.ipWhitelist).toBeUndefined();
  });

  it('leaves a non-base64 logo string to the check (logo_not_base64)', () => {
    expect(parseConfigCheckInput({ kind: 'app', logo: 'not base64!' }).logo).toBe('not base64!');
  });

  it.each([
    ['a missing kind', { name: 'x' }, { field: 'kind', rule: 'required' }],
    ['a null kind', { kind: null }, { field: 'kind', rule: 'required' }],
    ['an unknown kind', { kind: 'suite' }, { field: 'kind', rule: 'enum' }],
    ['a kind of the wrong type', { kind: 1 }, { field: 'kind', rule: 'enum' }],
    ['a name that is not a string', { kind: 'app', name: 12 }, { field: 'name', rule: 'type' }],
    ['an intro that is not a string', { kind: 'app', intro: ['a'] }, { field: 'intro', rule: 'type' }],
    [
      'a callbackUrl that is not a string',
      { kind: 'app', callbackUrl: {} },
      { field: 'callbackUrl', rule: 'type' },
    ],
    [
      'an ipWhitelist that is a string',
      { kind: 'app', ipWhitelist: '1.2.3.4' },
      { field: 'ipWhitelist', rule: 'type' },
    ],
    [
      'an ipWhitelist entry that is not a string',
      { kind: 'app', ipWhitelist: ['1.2.3.4', 5] },
      { field: 'ipWhitelist[1]', rule: 'type' },
    ],
    ['a logo that is not a string', { kind: 'app', logo: [137, 80] }, { field: 'logo', rule: 'type' }],
    [
      'an unknown field',
      { kind: 'app', callbackURL: 'https://a.example.com' },
      { field: 'callbackURL', rule: 'unknown_field' },
    ],
    ['a body that is an array', [], { field: 'body', rule: 'type' }],
    ['a body that is null', null, { field: 'body', rule: 'type' }],
    ['a body that is a string', '{"kind":"app"}', { field: 'body', rule: 'type' }],
  ])('refuses %s', (_name, body, expected) => {
    expect(refusal(body)).toEqual(expected);
  });

  it('answers 400 with a bilingual message that names the field', () => {
    try {
      parseConfigCheckInput({ kind: 'app', ipWhitelist: 'x' });
      throw new Error('expected a ValidationError');
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      const e = err as ValidationError;
      expect(e.status).toBe(400);
      expect(e.message).toBe('ipWhitelist 须为字符串数组 / ipWhitelist must be an array of strings');
    }
  });
});
