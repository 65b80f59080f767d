import type { Clock } from '../../shared/clock';
import { NotFoundError, ValidationError } from '../../shared/errors';
import type { Stores } from '../ports/stores';

export interface MarkTestDeps {
  stores: Pick<Stores, 'authorizations'>;
  clock: Clock;
}

/**
 * Marks (or unmarks) every authorization of an enterprise as the provider's own test enterprise:
 * the flag belongs to the enterprise, whichever of the provider's templates it authorized.
 */
export async function markTestEnterprise(
  deps: MarkTestDeps,
  corpId: string,
  body: unknown,
): Promise<{ corpId: string; test: boolean; authorizations: number }> {
  const test = (body as { test?: unknown } | null)?.test;
  if (typeof test !== 'boolean')
    throw new ValidationError('test', 'type', 'send { "test": true } or { "test": false }');
  const auths = await deps.stores.authorizations.list({ corpId });
  if (auths.length === 0) throw new NotFoundError(`enterprise ${corpId}`);
  const now = deps.clock.now();
  for (const a of auths) await deps.stores.authorizations.update(a.suiteId, corpId, { test }, now);
  return { corpId, test, authorizations: auths.length };
}
