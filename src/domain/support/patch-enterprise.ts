import type { Clock } from '../../shared/clock';
import { NotFoundError } from '../../shared/errors';
import type { AuthorizationPatch, Stores } from '../ports/stores';

export interface PatchEnterpriseDeps {
  stores: Pick<Stores, 'authorizations'>;
  clock: Clock;
}

/**
 * Writes a setting that belongs to the enterprise (the test mark, its language) on every
 * authorization of the corp, whichever of the provider's templates it authorized; how many it
 * wrote. An enterprise with none is unknown.
 */
export async function patchEnterprise(
  deps: PatchEnterpriseDeps,
  corpId: string,
  patch: AuthorizationPatch,
): Promise<number> {
  const auths = await deps.stores.authorizations.list({ corpId });
  if (auths.length === 0) throw new NotFoundError(`enterprise ${corpId}`);
  const now = deps.clock.now();
  for (const a of auths) await deps.stores.authorizations.update(a.suiteId, corpId, patch, now);
  return auths.length;
}
