import { ConflictError, NotFoundError } from '../../shared/errors';
import { isActive, type EnterpriseContexts } from '../enterprise/context';
import type { PermissionRequest } from '../model';
import type { Stores } from '../ports/stores';
import type { GrantRequest } from './grant-request';
import { grantedBody } from './request-input';

export interface ConfirmGrantedDeps {
  stores: Pick<Stores, 'permissionRequests'>;
  contexts: EnterpriseContexts;
  grant: GrantRequest;
}

/**
 * Support staff saw the permissions confirmed in the provider console (查看企业已确认权限): the only
 * evidence for a permission that has no check call and no WeCom name. Recorded as theirs.
 */
export type ConfirmGranted = (
  suiteId: string,
  corpId: string,
  requestId: string,
  by: unknown,
) => Promise<PermissionRequest>;

export function createConfirmGranted(deps: ConfirmGrantedDeps): ConfirmGranted {
  return async (suiteId, corpId, requestId, by) => {
    const who = grantedBody.parse({ by }).by;
    const request = await deps.stores.permissionRequests.get(requestId);
    if (!request || request.suiteId !== suiteId || request.corpId !== corpId) {
      throw new NotFoundError(`permission request ${requestId} of ${suiteId}/${corpId}`);
    }
    if (request.state !== 'pending' && request.state !== 'declined') {
      throw new ConflictError(`permission request ${requestId} is ${request.state}`);
    }
    const ctx = await deps.contexts.load(suiteId, corpId);
    if (!isActive(ctx)) throw new ConflictError('the authorization is cancelled');
    const granted = await deps.grant(request, ctx, {
      kind: 'support',
      by: who,
      detail: 'provider console',
    });
    if (!granted) throw new ConflictError(`permission request ${requestId} changed meanwhile; look again`);
    return granted;
  };
}
