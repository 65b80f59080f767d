import { z } from 'zod';
import { ValidationError } from '../../shared/errors';
import { bodyInput } from '../input';
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
  .refine((v) => !v.includes('://') || /^https?:\/\//i.test(v), {
    error: 'a qrCode URL must be http(s)',
    params: { rule: 'format' },
  })
  .meta({ description: 'a URL (http or https) or an image reference, recorded once the template is online' });

const text = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .trim()
    .min(1, `${field} must not be empty`);

/** `POST /admin/api/templates`: a template in any state; a QR code only with status online. */
export const recordTemplateBody = bodyInput(
  z.strictObject({
    suiteId: text('suiteId'),
    name: text('name'),
    status: status.optional(),
    qrCode: qrCode.optional(),
  }),
);

/** `POST /admin/api/templates/:suiteId/status`: a move, with the QR code when it goes online. */
export const moveTemplateBody = bodyInput(z.strictObject({ status, qrCode: qrCode.optional() }));

/** A QR code comes only with status online: WeCom makes one only then. */
export function qrCodeNeedsOnline(body: { status?: string; qrCode?: string }): void {
  if (body.qrCode !== undefined && body.status !== 'online') {
    throw new ValidationError('qrCode', 'online_only', 'a qrCode is recorded only with status online');
  }
}
