import type { Clock } from '../../shared/clock';
import { isActive, type ActiveEnterprise, type EnterpriseContext } from '../enterprise/context';
import type { SupportAlerts } from '../ports';
import type { Stores } from '../ports/stores';
import { alertWords } from '../support/alert-words';
import { grantedIds, type Catalogue } from './catalogue';
import { readAppPermissions, type AppPermissions } from './check-grant';
import type { CheckRequest } from './check-request';
import type { PermissionTexts } from './permission-texts';

export interface AuthChangedDeps {
  stores: Pick<Stores, 'permissionRequests' | 'apps'>;
  alerts: SupportAlerts;
  clock: Clock;
  catalogue: Catalogue;
  texts: PermissionTexts;
  checkRequest: CheckRequest;
}

/**
 * After a change_auth refreshed the authorization (WeCom may send one when an admin agrees in its
 * notice): agent/get_permissions is read once, permissions it shows granted that the bot did not
 * know become known, and every open request of the enterprise is checked in WeCom.
 */
export function createAuthChanged(deps: AuthChangedDeps): (ctx: EnterpriseContext) => Promise<void> {
  const { stores, clock, texts } = deps;
  const requests = stores.permissionRequests;

  /**
   * get_permissions lists what is granted, not what waits: a console save still to be confirmed
   * cannot be seen here, but one confirmed without a request filed can.
   */
  async function learnGranted(ctx: ActiveEnterprise, listed: AppPermissions): Promise<void> {
    if (!listed) return;
    const app = await stores.apps.get(ctx.suiteId, ctx.corpId);
    if (!app) return;
    const found = grantedIds(deps.catalogue, listed).filter((id) => !app.effectivePermissions.includes(id));
    if (found.length === 0) return;
    const now = clock.now();
    await stores.apps.update(
      ctx.suiteId,
      ctx.corpId,
      { effectivePermissions: [...app.effectivePermissions, ...found] },
      now,
    );
    const { locale } = deps.alerts;
    const w = alertWords(locale).foundGranted;
    await deps.alerts.alert({
      dedupeKey: `perm:found:${ctx.suiteId}:${ctx.corpId}:${found.join(',')}`,
      title: w.title,
      lines: [w.found(texts.in(locale).names(found)), w.note],
      corpId: ctx.corpId,
      corpName: ctx.auth.corpName,
      suiteId: ctx.suiteId,
      severity: 'info',
    });
    ctx.log.info({ corpId: ctx.corpId, found }, 'granted permissions found in WeCom');
  }

  return async function onAuthChanged(ctx) {
    if (!isActive(ctx)) return;
    // The change_auth itself is already recorded: a failed look at WeCom is left to the scheduled checks.
    try {
      const named = deps.catalogue.some((p) => p.wecomNames);
      const listed = named ? await readAppPermissions(ctx.wecom) : undefined;
      const all = await requests.list({ suiteId: ctx.suiteId, corpId: ctx.corpId });
      const newest = all.reduce<(typeof all)[number] | undefined>(
        (a, r) => (!a || r.createdAt.getTime() > a.createdAt.getTime() ? r : a),
        undefined,
      );
      // A declined request is looked at only while no newer one replaced its question.
      const open = all.filter((r) => r.state === 'pending' || (r.state === 'declined' && r === newest));
      for (const request of open) {
        await deps.checkRequest(
          request,
          ctx,
          (patch, at, entry) => requests.update(request.id, patch, at, entry),
          listed,
        );
      }
      // After the requests: a grant sets the app's permissions to the request's set.
      await learnGranted(ctx, listed);
    } catch (err) {
      ctx.log.warn({ err, corpId: ctx.corpId }, 'permission check after change_auth failed');
    }
  };
}
