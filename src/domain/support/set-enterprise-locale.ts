import { z } from 'zod';
import { LOCALES, type Locale } from '../../shared/locale';
import { bodyInput } from '../input';
import { patchEnterprise, type PatchEnterpriseDeps } from './patch-enterprise';

/** `POST /admin/api/enterprises/:corpId/locale`. */
export const enterpriseLocaleBody = bodyInput(
  z.strictObject({ locale: z.enum(LOCALES, { error: `locale must be one of: ${LOCALES.join(', ')}` }) }),
);

/**
 * Sets the one language the bot speaks to an enterprise's admins, on every authorization of the
 * corp (like the test mark): the language belongs to the enterprise, not to one template's app.
 */
export async function setEnterpriseLocale(
  deps: PatchEnterpriseDeps,
  corpId: string,
  body: unknown,
): Promise<{ corpId: string; locale: Locale; authorizations: number }> {
  const { locale } = enterpriseLocaleBody.parse(body);
  return { corpId, locale, authorizations: await patchEnterprise(deps, corpId, { locale }) };
}
