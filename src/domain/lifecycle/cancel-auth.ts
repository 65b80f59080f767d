import type { EnterpriseContext } from '../enterprise/context';
import { alertWords } from '../support/alert-words';
import type { LifecycleDeps } from './lifecycle-deps';

/** cancel_auth: leave the enterprise alone at once; support hears of it. */
export async function cancelAuth(deps: LifecycleDeps, ctx: EnterpriseContext): Promise<boolean> {
  const { stores } = deps;
  const { suiteId, corpId } = ctx;
  const now = deps.clock.now();
  if (!(await stores.authorizations.cancel(suiteId, corpId, now))) return false;
  const dropped = await stores.outbox.cancelQueued({ corpId, suiteId }, now);
  await stores.permissionRequests.stopFollowUps(suiteId, corpId, now);
  await stores.apps.update(suiteId, corpId, { nextPollAt: undefined }, now);
  await deps.onCancelled(ctx);
  const w = alertWords(deps.alerts.locale).cancelled;
  await deps.alerts.alert({
    dedupeKey: `cancel_auth:${suiteId}:${corpId}:${now.getTime()}`,
    title: w.title,
    lines: [w.dropped(dropped)],
    corpId,
    corpName: ctx.auth?.corpName,
    suiteId,
    severity: 'warning',
  });
  ctx.log.info({ suiteId, corpId, dropped }, 'authorization cancelled');
  return true;
}
