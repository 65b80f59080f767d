import { NotFoundError } from '../../shared/errors';
import type { Authorization, Visibility } from '../model';
import type { AuthInfo } from '../ports/wecom';
import { allowedFrom } from './app-status';
import type { LifecycleDeps } from './lifecycle-deps';
import { refreshAdmins } from './refresh-admins';

/**
 * create_auth: exchanges the temporary code for the permanent one, records the authorization and
 * its app, and learns the admins. A second create_auth for the same template and enterprise is a
 * re-authorization: WeCom made a new app, which replaces the old one's record.
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
  const created = await stores.authorizations.create(fresh);
  const reauthorized = created === 'exists';
  const auth = reauthorized
    ? await stores.authorizations.update(suiteId, corpId, { ...fields, state: 'active' }, now)
    : fresh;
  if (!auth) throw new NotFoundError(`authorization ${suiteId}/${corpId}`);
  await recordApp(deps, auth, info, reauthorized);
  // The code was issued a moment ago: the context uses it as it is, without unsealing it again.
  const ctx = deps.contexts.around(auth, { permanentCode: code.permanentCode });
  const admins = await refreshAdmins(deps, ctx);
  ctx.log.info({ suiteId, corpId, reauthorized }, 'authorization recorded');
  return { ...auth, admins };
}

async function recordApp(
  deps: LifecycleDeps,
  auth: Authorization,
  info: AuthInfo,
  reauthorized: boolean,
): Promise<void> {
  const { stores, clock } = deps;
  const { suiteId, corpId } = auth;
  const now = clock.now();
  const agentId = info.agentId;
  const visibility: Visibility = info.privilege;
  const name = info.appName || (await stores.templates.get(suiteId))?.name || suiteId;
  const created = await stores.apps.create({
    suiteId,
    corpId,
    agentId,
    name,
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
  });
  if (created === 'exists' && reauthorized) {
    await stores.apps.transition(
      suiteId,
      corpId,
      allowedFrom('developing'),
      'developing',
      'wecom:create_auth',
      now,
    );
    await stores.apps.update(
      suiteId,
      corpId,
      { agentId, name, visibility, nextPollAt: now, closed: false },
      now,
    );
  }
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
