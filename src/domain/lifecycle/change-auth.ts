import { sameSet } from '../../shared/same-set';
import { isActive, type EnterpriseContext } from '../enterprise/context';
import type { Visibility } from '../model';
import { describeVisibility } from '../rollout/reach';
import type { LifecycleDeps } from './lifecycle-deps';
import { refreshAdmins } from './refresh-admins';

/** change_auth: fetch the authorization again, compare with the bot's view, report differences. */
export async function changeAuth(
  deps: LifecycleDeps,
  ctx: EnterpriseContext,
  eventKey: string,
): Promise<string[]> {
  if (!isActive(ctx)) return [];
  const { stores, clock } = deps;
  const { suiteId, corpId, auth } = ctx;
  const info = await deps.wecom.getAuthInfo(suiteId, corpId, ctx.credentials.permanentCode());
  const differences: string[] = [];
  if (info.agentId !== undefined && info.agentId !== auth.agentId)
    differences.push(`应用 ID / agent id: ${auth.agentId ?? '—'} → ${info.agentId}`);
  if (info.corpName && info.corpName !== auth.corpName)
    differences.push(`企业名称 / corp name: ${auth.corpName} → ${info.corpName}`);
  if (auth.privilege && !sameVisibility(auth.privilege, info.privilege))
    differences.push(
      `可见范围 / visibility: ${describeVisibility(auth.privilege)} → ${describeVisibility(info.privilege)}`,
    );
  const now = clock.now();
  const updated = await stores.authorizations.update(
    suiteId,
    corpId,
    {
      agentId: info.agentId ?? auth.agentId,
      corpName: info.corpName || auth.corpName,
      privilege: info.privilege,
    },
    now,
  );
  await stores.apps.update(suiteId, corpId, { visibility: info.privilege, visibilityObservedAt: now }, now);
  // The admin list is asked of the app WeCom now names (its agent id may just have changed).
  const fresh = updated ? deps.contexts.around(updated, { log: ctx.log }) : ctx;
  const admins = await refreshAdmins(deps, fresh);
  if (!sameSet(admins, auth.admins))
    differences.push(`管理员 / admins: ${list(auth.admins)} → ${list(admins)}`);
  if (differences.length > 0) {
    await deps.alerts.alert({
      dedupeKey: `change_auth:${eventKey}`,
      title: '授权变更 / Authorization changed',
      lines: differences,
      corpId,
      corpName: info.corpName || auth.corpName,
      suiteId,
      severity: 'info',
    });
  }
  // An admin's agreement in WeCom's permission notice may be why WeCom sent this change_auth.
  await deps.onAuthChanged(fresh);
  return differences;
}

function sameVisibility(a: Visibility, b: Visibility): boolean {
  return (
    sameSet(a.users, b.users) &&
    sameSet(a.parties.map(String), b.parties.map(String)) &&
    sameSet(a.tags.map(String), b.tags.map(String))
  );
}

function list(items: readonly string[]): string {
  return items.length > 0 ? items.join(', ') : '—';
}
