import { NotFoundError, ValidationError } from '../../shared/errors';
import type { PermissionRequest, PermissionRequestState } from '../model';
import type { Stores } from '../ports/stores';
import type { EnterpriseContext } from '../enterprise/context';
import type { PermissionTexts } from './permission-texts';

export interface PermissionQueriesDeps {
  stores: Pick<Stores, 'permissionRequests' | 'apps'>;
  texts: PermissionTexts;
}

export type RequestFilter = { suiteId?: string; corpId?: string; state?: string };

export interface PermissionQueries {
  /** Newest first; `state` is checked, as it comes from a query string. */
  list(filter?: RequestFilter): Promise<PermissionRequest[]>;
  get(id: string): Promise<PermissionRequest>;
  /** Lines for the admin's 状态 reply, in the enterprise's language. */
  statusFor(enterprise: EnterpriseContext): Promise<string[]>;
}

const STATES: readonly PermissionRequestState[] = ['pending', 'granted', 'declined', 'superseded'];

export function createPermissionQueries(deps: PermissionQueriesDeps): PermissionQueries {
  const { stores, texts } = deps;

  async function list(filter: RequestFilter = {}): Promise<PermissionRequest[]> {
    if (filter.state !== undefined && !STATES.includes(filter.state as PermissionRequestState)) {
      throw new ValidationError('state', 'one_of', `state must be one of ${STATES.join(', ')}`);
    }
    const found = await stores.permissionRequests.list({
      ...filter,
      state: filter.state as PermissionRequestState | undefined,
    });
    return found.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  async function get(id: string): Promise<PermissionRequest> {
    const request = await stores.permissionRequests.get(id);
    if (!request) throw new NotFoundError(`permission request ${id}`);
    return request;
  }

  async function statusFor({ suiteId, corpId, locale }: EnterpriseContext): Promise<string[]> {
    const app = await stores.apps.get(suiteId, corpId);
    if (!app) return [];
    const w = texts.in(locale);
    const lines = [w.status.current(w.names(app.effectivePermissions))];
    // Only this app's requests: an app WeCom replaced took its requests with it.
    const all = (await list({ suiteId, corpId })).filter((r) => r.createdAt >= app.createdAt);
    const pending = all.find((r) => r.state === 'pending');
    if (pending) {
      lines.push(w.status.pending(w.names(pending.requested), w.state(pending)));
    }
    const last = all.find((r) => r.state === 'granted' || r.state === 'declined');
    if (last) lines.push(w.status.last(w.names(last.requested), w.state(last)));
    return lines;
  }

  return { list, get, statusFor };
}
