import { isActive, type EnterpriseContext } from '../enterprise/context';
import type { LifecycleDeps } from './lifecycle-deps';

/**
 * Reads the app's admins from WeCom and keeps them on the authorization. What is known stays when
 * WeCom cannot say (e.g. before the app is online) or names nobody.
 */
export async function refreshAdmins(
  deps: Pick<LifecycleDeps, 'stores' | 'clock'>,
  ctx: EnterpriseContext,
): Promise<string[]> {
  if (!isActive(ctx)) return [];
  const known = ctx.auth.admins;
  try {
    const admins = (await ctx.wecom.getAdminList()).map((a) => a.userId);
    const merged = admins.length > 0 ? admins : known;
    await deps.stores.authorizations.update(ctx.suiteId, ctx.corpId, { admins: merged }, deps.clock.now());
    return merged;
  } catch (err) {
    ctx.log.warn(
      { err, suiteId: ctx.suiteId, corpId: ctx.corpId },
      'admin list unavailable, keeping known admins',
    );
    return known;
  }
}
