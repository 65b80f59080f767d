import { NotFoundError } from '../../shared/errors';
import type { Authorization } from '../model';
import type { SecretBox } from '../ports';
import type { CorpCredentials } from '../ports/wecom';

/**
 * What the WeCom client needs to act as an enterprise's 代开发 app, from the authorization the
 * caller already loaded. The permanent code is unsealed only when a token has to be fetched, and
 * not at all when the caller holds it in plain text (it has just been issued).
 */
export function corpCredentials(
  ref: { suiteId: string; corpId: string },
  auth: Authorization | undefined,
  secrets: SecretBox,
  plainPermanentCode?: string,
): CorpCredentials {
  return {
    suiteId: ref.suiteId,
    corpId: ref.corpId,
    agentId: auth?.agentId,
    permanentCode() {
      if (plainPermanentCode !== undefined) return plainPermanentCode;
      if (!auth) throw new NotFoundError(`authorization ${ref.suiteId}/${ref.corpId}`);
      return secrets.open(auth.permanentCodeEnc);
    },
  };
}
