import { NotFoundError } from '../../shared/errors';
import type { App, Authorization, Visibility } from '../model';
import type { AuthInfo } from '../ports/wecom';
import type { LifecycleDeps } from './lifecycle-deps';
import { refreshAdmins } from './refresh-admins';
import { isNewApp, startNewApp } from './start-new-app';

/**
 * create_auth: exchanges the temporary code for the permanent one, records the authorization and
 * its app, and learns the admins. A second create_auth for the same template and enterprise is a
 * re-authorization: when WeCom made a new app (after a cancellation, or under a new agent id) the
 * app's record starts over for it; the old app stays as history.
 */
export async function createAuth(
  deps: LifecycleDeps,
  suiteId: string,
  authCode: string,
): Promise<Authorization> {
  const { stores, clock } = deps;
  const code = await deps.wecom.getPermanentCode(suiteId, authCode);
  const info = await deps.wecom.getAuthInfo(suiteId, code.corpId, code.permanentCode);
  const now = clock.now();
  const corpId = code.corpId;
  const fields = {
    corpName: info.corpName || code.corpName,
    agentId: info.agentId,
    authUserId: code.authUserId,
    permanentCodeEnc: deps.secrets.seal(code.permanentCode),
    privilege: info.privilege,
  };
  const fresh: Authorization = {
    suiteId,
    corpId,
    ...fields,
    admins: code.authUserId ? [code.authUserId] : [],
    state: 'active',
    timeZone: deps.defaultTimeZone,
    createdAt: now,
    updatedAt: now,
  };
  const before =
    (await stores.authorizations.create(fresh)) === 'exists'
      ? await stores.authorizations.get(suiteId, corpId)
      : undefined;
  const auth = before
    ? await stores.authorizations.update(suiteId, corpId, { ...fields, state: 'active' }, now)
    : fresh;
  if (!auth) throw new NotFoundError(`authorization ${suiteId}/${corpId}`);
  // The code was issued a moment ago: the context uses it as it is, without unsealing it again.
  const ctx = deps.contexts.around(auth, { permanentCode: code.permanentCode });
  const app = await newApp(deps, suiteId, corpId, info);
  const old = before ? await stores.apps.get(suiteId, corpId) : undefined;
  const replaced = before && old && isNewApp(before, old, info.agentId);
  if (replaced) await startNewApp(deps, ctx, old, app);
  else await stores.apps.create(app);
  const admins = await refreshAdmins(deps, ctx);
  ctx.log.info(
    { suiteId, corpId, reauthorized: before !== undefined, newApp: Boolean(replaced) },
    'authorization recorded',
  );
  return { ...auth, admins };
}

/** The record of an app WeCom just made: developing, visible as WeCom says, no custom permissions. */
async function newApp(deps: LifecycleDeps, suiteId: string, corpId: string, info: AuthInfo): Promise<App> {
  const now = deps.clock.now();
  const visibility: Visibility = info.privilege;
  return {
    suiteId,
    corpId,
    agentId: info.agentId,
    name: info.appName || (await deps.stores.templates.get(suiteId))?.name || suiteId,
    status: 'developing',
    statusHistory: [],
    configuration: {},
    visibility,
    visibilityObservedAt: now,
    closed: false,
    effectivePermissions: [],
    nextPollAt: now,
    createdAt: now,
    updatedAt: now,
  };
}

/** reset_permanent_code: the new code replaces the old one; tokens fetched with the old one run out. */
export async function resetPermanentCode(
  deps: LifecycleDeps,
  suiteId: string,
  authCode: string,
): Promise<string> {
  const code = await deps.wecom.getPermanentCode(suiteId, authCode);
  const updated = await deps.stores.authorizations.update(
    suiteId,
    code.corpId,
    { permanentCodeEnc: deps.secrets.seal(code.permanentCode) },
    deps.clock.now(),
  );
  if (!updated) throw new NotFoundError(`authorization ${suiteId}/${code.corpId}`);
  deps.logger.info({ suiteId, corpId: code.corpId }, 'permanent code replaced');
  return code.corpId;
}
