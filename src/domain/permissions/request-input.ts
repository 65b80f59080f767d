import { z } from 'zod';
import { bodyInput } from '../input';

const PERMISSIONS = 'permissions: 至少一项权限 / a non-empty array of permission ids or names';
const BY = 'by: who saw it confirmed in the provider console';

/** `POST /admin/api/apps/:suiteId/:corpId/permission-requests`; the names are checked against the catalogue. */
export const fileRequestBody = bodyInput(
  z.strictObject({
    permissions: z
      .array(z.string({ error: 'a permission is named by a string' }), { error: PERMISSIONS })
      .min(1, PERMISSIONS)
      .meta({ description: 'ids or names (中文 or English) from GET /admin/api/permission-catalogue' }),
    filedBy: z
      .string({ error: 'filedBy must be a string' })
      .optional()
      .meta({ description: 'who files it; "support" when absent or blank' }),
  }),
);

/** `POST …/permission-requests/:id/granted`: support saw it confirmed in the provider console. */
export const grantedBody = bodyInput(z.strictObject({ by: z.string({ error: BY }).trim().min(1, BY) }));
