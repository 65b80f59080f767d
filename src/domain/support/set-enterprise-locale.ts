import { z } from 'zod';
import type { Clock } from '../../shared/clock';
import { NotFoundError } from '../../shared/errors';
import { LOCALES, type Locale } from '../../shared/locale';
import { bodyInput } from '../input';
import type { Stores } from '../ports/stores';

export interface SetLocaleDeps {
  stores: Pick<Stores, 'authorizations'>;
  clock: Clock;
}

/** `POST /admin/api/enterprises/:corpId/locale`. */
export const enterpriseLocaleBody = bodyInput(
  z.strictObject({ locale: z.enum(LOCALES, { error: `locale must be one of: ${LOCALES.join(', ')}` }) }),
);

/**
 * Sets the one language the bot speaks to an enterprise's admins, on every authorization of the
 * corp (like the test mark): the language belongs to the enterprise, not to one template's app.
 */
export async function setEnterpriseLocale(
  deps: SetLocaleDeps,
  corpId: string,
  body: unknown,
): Promise<{ corpId: string; locale: Locale; authorizations: number }> {
  const { locale } = enterpriseLocaleBody.parse(body);
  const auths = await deps.stores.authorizations.list({ corpId });
  if (auths.length === 0) throw new NotFoundError(`enterprise ${corpId}`);
  const now = deps.clock.now();
  for (const a of auths) await deps.stores.authorizations.update(a.suiteId, corpId, { locale }, now);
  return { corpId, locale, authorizations: auths.length };
}
