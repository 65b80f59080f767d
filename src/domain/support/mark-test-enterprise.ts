import type { Clock } from '../../shared/clock';
import { z } from 'zod';
import { NotFoundError } from '../../shared/errors';
import { bodyInput } from '../input';
import type { Stores } from '../ports/stores';

export interface MarkTestDeps {
  stores: Pick<Stores, 'authorizations'>;
  clock: Clock;
}

/** `POST /admin/api/enterprises/:corpId/test`. */
export const testEnterpriseBody = bodyInput(
  z.strictObject({ test: z.boolean({ error: 'send { "test": true } or { "test": false }' }) }),
);

/**
 * Marks (or unmarks) every authorization of an enterprise as the provider's own test enterprise:
 * the flag belongs to the enterprise, whichever of the provider's templates it authorized.
 */
export async function markTestEnterprise(
  deps: MarkTestDeps,
  corpId: string,
  body: unknown,
): Promise<{ corpId: string; test: boolean; authorizations: number }> {
  const { test } = testEnterpriseBody.parse(body);
  const auths = await deps.stores.authorizations.list({ corpId });
  if (auths.length === 0) throw new NotFoundError(`enterprise ${corpId}`);
  const now = deps.clock.now();
  for (const a of auths) await deps.stores.authorizations.update(a.suiteId, corpId, { test }, now);
  return { corpId, test, authorizations: auths.length };
}
