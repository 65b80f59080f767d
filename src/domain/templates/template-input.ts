import { z } from 'zod';
import { ValidationError } from '../../shared/errors';
import { TEMPLATE_STATUSES } from '../model';

const status = z.enum(TEMPLATE_STATUSES, {
  error: `status must be one of ${TEMPLATE_STATUSES.join(', ')}`,
});

/** A URL or an image reference (a file name, a media id): one token, no spaces, not a page of data. */
const qrCode = z
  .string({ error: 'qrCode must be a string' })
  .trim()
  .min(1, 'qrCode must not be empty')
  .max(2048, 'qrCode must be at most 2048 characters')
  .regex(/^\S+$/, 'qrCode must not contain spaces')
  .refine((v) => !v.includes('://') || /^https?:\/\//i.test(v), 'a qrCode URL must be http(s)');

const text = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .trim()
    .min(1, `${field} must not be empty`);

/** `POST /admin/api/templates`: a template in any state; a QR code only with status online. */
export const recordTemplateBody = z.strictObject({
  suiteId: text('suiteId'),
  name: text('name'),
  status: status.optional(),
  qrCode: qrCode.optional(),
});

/** `POST /admin/api/templates/:suiteId/status`: a move, with the QR code when it goes online. */
export const moveTemplateBody = z.strictObject({ status, qrCode: qrCode.optional() });

const RULES: Record<string, string> = {
  invalid_value: 'one_of',
  invalid_type: 'type',
  too_small: 'required',
  too_big: 'max_length',
  invalid_format: 'format',
  custom: 'format',
};

/**
 * The body checked against its schema; the first wrong field becomes a 400 naming it, a missing
 * one as `required`, an unknown one (a misspelt "qrcode" would go unnoticed) as `unknown_field`.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('body', 'type', 'the body must be a JSON object');
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    throw new ValidationError(issue.keys[0]!, 'unknown_field', `unknown field "${issue.keys[0]}"`);
  }
  const field = String(issue.path[0] ?? 'body');
  if ((body as Record<string, unknown>)[field] === undefined) {
    throw new ValidationError(field, 'required', `${field} is required`);
  }
  throw new ValidationError(field, RULES[issue.code] ?? 'invalid', issue.message);
}

/** A QR code comes only with status online: WeCom makes one only then. */
export function qrCodeNeedsOnline(body: { status?: string; qrCode?: string }): void {
  if (body.qrCode !== undefined && body.status !== 'online') {
    throw new ValidationError('qrCode', 'online_only', 'a qrCode is recorded only with status online');
  }
}
