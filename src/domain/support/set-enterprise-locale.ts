import type { Clock } from '../../shared/clock';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { isLocale, LOCALES, type Locale } from '../../shared/locale';
import type { Stores } from '../ports/stores';

export interface SetLocaleDeps {
  stores: Pick<Stores, 'authorizations'>;
  clock: Clock;
}

/**
 * Sets the one language the bot speaks to an enterprise's admins, on every authorization of the
 * corp (like the test mark): the language belongs to the enterprise, not to one template's app.
 */
export async function setEnterpriseLocale(
  deps: SetLocaleDeps,
  corpId: string,
  body: unknown,
): Promise<{ corpId: string; locale: Locale; authorizations: number }> {
  const locale = (body as { locale?: unknown } | null)?.locale;
  if (!isLocale(locale))
    throw new ValidationError('locale', 'enum', `locale must be one of: ${LOCALES.join(', ')}`);
  const auths = await deps.stores.authorizations.list({ corpId });
  if (auths.length === 0) throw new NotFoundError(`enterprise ${corpId}`);
  const now = deps.clock.now();
  for (const a of auths) await deps.stores.authorizations.update(a.suiteId, corpId, { locale }, now);
  return { corpId, locale, authorizations: auths.length };
}
