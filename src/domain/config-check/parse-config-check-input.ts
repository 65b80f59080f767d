import { z } from 'zod';
import { ValidationError } from '../../shared/errors';
import type { Input } from '../input';
import type { Bilingual, ConfigCheckInput } from './types';

/** null reads as "not given": forms often send it for an empty field. */
const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

/**
 * Unknown keys are refused: a misspelt field ("callbackURL") would otherwise go unchecked and
 * the answer would say ok for something never looked at.
 */
const schema = z.strictObject({
  kind: z.enum(['template', 'app']),
  name: optionalText,
  intro: optionalText,
  callbackUrl: optionalText,
  homepageUrl: optionalText,
  trustedDomain: optionalText,
  ipWhitelist: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? undefined),
  // Only its type here: whether it is base64 is a rule (logo_not_base64), reported with the others.
  logo: optionalText,
});

type Field = keyof typeof schema.shape;

const EXPECTED: Record<Field, Bilingual> = {
  kind: { zh: '须为 "template" 或 "app"', en: 'must be "template" or "app"' },
  name: { zh: '须为字符串', en: 'must be a string' },
  intro: { zh: '须为字符串', en: 'must be a string' },
  callbackUrl: { zh: '须为字符串', en: 'must be a string' },
  homepageUrl: { zh: '须为字符串', en: 'must be a string' },
  trustedDomain: { zh: '须为字符串', en: 'must be a string' },
  ipWhitelist: { zh: '须为字符串数组', en: 'must be an array of strings' },
  logo: { zh: '须为 base64 编码的图片字符串', en: 'must be a base64 string of the image' },
};

/**
 * Checks the shape of a `POST /admin/api/check-config` body; the first wrong field becomes a
 * ValidationError naming the field and the rule (required, enum, type, unknown_field).
 */
export function parseConfigCheckInput(body: unknown): ConfigCheckInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('body', 'type', '请求体须为 JSON 对象 / the body must be a JSON object');
  }
  if ((body as { kind?: unknown }).kind == null) {
    throw new ValidationError(
      'kind',
      'required',
      'kind 为必填项，须为 "template" 或 "app" / kind is required: "template" or "app"',
    );
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw toValidationError(parsed.error.issues[0]);
}

/** `POST /admin/api/check-config`: checked by its own words (bilingual, the known fields listed). */
export const configCheckBody: Input<ConfigCheckInput> = { schema, parse: parseConfigCheckInput };

function toValidationError(issue: z.core.$ZodIssue): ValidationError {
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(schema.shape).join(', ');
    return new ValidationError(
      issue.keys[0],
      'unknown_field',
      `未知字段 "${issue.keys[0]}"（可用字段：${known}） / unknown field "${issue.keys[0]}" (fields: ${known})`,
    );
  }
  const [key, index] = issue.path;
  const field = typeof index === 'number' ? `${String(key)}[${index}]` : String(key);
  if (typeof index === 'number') {
    return new ValidationError(field, 'type', `${field} 须为字符串 / ${field} must be a string`);
  }
  const expected = EXPECTED[key as Field];
  const rule = issue.code === 'invalid_value' ? 'enum' : 'type';
  return new ValidationError(field, rule, `${field} ${expected.zh} / ${field} ${expected.en}`);
}
