import { z } from 'zod';
import { bodyInput } from '../input';
import { patchEnterprise, type PatchEnterpriseDeps } from './patch-enterprise';

/** `POST /admin/api/enterprises/:corpId/test`. */
export const testEnterpriseBody = bodyInput(
  z.strictObject({ test: z.boolean({ error: 'send { "test": true } or { "test": false }' }) }),
);

/**
 * Marks (or unmarks) every authorization of an enterprise as the provider's own test enterprise:
 * the flag belongs to the enterprise, whichever of the provider's templates it authorized.
 */
export async function markTestEnterprise(
  deps: PatchEnterpriseDeps,
  corpId: string,
  body: unknown,
): Promise<{ corpId: string; test: boolean; authorizations: number }> {
  const { test } = testEnterpriseBody.parse(body);
  return { corpId, test, authorizations: await patchEnterprise(deps, corpId, { test }) };
}
