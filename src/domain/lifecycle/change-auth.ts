import type { Locale } from '../../shared/locale';
import { sameSet } from '../../shared/same-set';
import { isActive, type EnterpriseContext } from '../enterprise/context';
import type { Visibility } from '../model';
import { alertWords } from '../support/alert-words';
import { supportWords, visibilityWords } from '../support/support-words';
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
  const { locale } = deps.alerts;
  const w = alertWords(locale).authChanged;
  const differences: string[] = [];
  if (info.agentId !== undefined && info.agentId !== auth.agentId)
    differences.push(w.agentId(String(auth.agentId ?? '—'), String(info.agentId)));
  if (info.corpName && info.corpName !== auth.corpName)
    differences.push(w.corpName(auth.corpName, info.corpName));
  if (auth.privilege && !sameVisibility(auth.privilege, info.privilege))
    differences.push(
      w.visibility(visibilityWords(auth.privilege, locale), visibilityWords(info.privilege, locale)),
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
    differences.push(w.admins(list(auth.admins, locale), list(admins, locale)));
  if (differences.length > 0) {
    await deps.alerts.alert({
      dedupeKey: `change_auth:${eventKey}`,
      title: w.title,
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

function list(items: readonly string[], locale: Locale): string {
  return items.length > 0 ? supportWords(locale).list(items) : '—';
}
