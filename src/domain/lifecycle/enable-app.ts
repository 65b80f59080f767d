import { z } from 'zod';
import { ConflictError, NotFoundError } from '../../shared/errors';
import { bodyInput } from '../input';
import { isActive, type ActiveEnterprise, type EnterpriseContext } from '../enterprise/context';
import type { App, AppStatus } from '../model';
import { APP_STATUSES } from '../model';
import { notifyAdmins } from '../notify-admins';
import { alertWords } from '../support/alert-words';
import { ALLOWED_MOVES, allowedFrom } from './app-status';
import { ENABLED_CARD_TOPIC, enabledCard } from './enabled-card';
import type { LifecycleDeps } from './lifecycle-deps';
import { refreshAdmins } from './refresh-admins';

/** Moves the app to enabled if it is not yet; only the caller that moves it notifies the admins. */
export async function markEnabled(deps: LifecycleDeps, ctx: EnterpriseContext, by: string): Promise<boolean> {
  if (!isActive(ctx)) return false;
  const { suiteId, corpId, auth } = ctx;
  const now = deps.clock.now();
  const app = await deps.stores.apps.transition(suiteId, corpId, allowedFrom('enabled'), 'enabled', by, now);
  if (!app) return false;
  await deps.stores.apps.update(suiteId, corpId, { nextPollAt: undefined }, now);
  const admins = auth.admins.length > 0 ? auth.admins : await refreshAdmins(deps, ctx);
  await sendEnabledCards(
    deps,
    ctx,
    app,
    admins,
    `enabled:${suiteId}:${corpId}:${app.enabledAt?.getTime() ?? now.getTime()}`,
  );
  await deps.onEnabled(ctx);
  ctx.log.info({ suiteId, corpId, by }, 'app enabled');
  return true;
}

async function sendEnabledCards(
  deps: LifecycleDeps,
  ctx: ActiveEnterprise,
  app: App,
  admins: string[],
  dedupeBase: string,
): Promise<number> {
  if (admins.length === 0) {
    const w = alertWords(deps.alerts.locale).noAdminToNotify;
    await deps.alerts.alert({
      dedupeKey: `no_admins:${app.suiteId}:${app.corpId}`,
      title: w.title,
      lines: [w.detail],
      corpId: app.corpId,
      corpName: ctx.auth.corpName,
      suiteId: app.suiteId,
      severity: 'warning',
    });
    return 0;
  }
  return notifyAdmins(deps.outbox, {
    suiteId: app.suiteId,
    corpId: app.corpId,
    admins,
    topic: ENABLED_CARD_TOPIC,
    dedupeBase,
    build: (admin) =>
      enabledCard({
        toUser: admin,
        appName: app.name,
        dedupeKey: `${dedupeBase}:${admin}`,
        locale: ctx.locale,
      }),
  });
}

/** Support staff resend the enabled card to every admin (a new message, not a retry). */
export async function resendEnabled(deps: LifecycleDeps, suiteId: string, corpId: string): Promise<number> {
  const ctx = await deps.contexts.load(suiteId, corpId);
  const app = await deps.stores.apps.get(suiteId, corpId);
  if (!isActive(ctx) || !app) throw new NotFoundError(`app ${suiteId}/${corpId}`);
  if (app.status !== 'enabled') throw new ConflictError(`the app is ${app.status}, not enabled`);
  const at = deps.clock.now().getTime();
  return sendEnabledCards(deps, ctx, app, ctx.auth.admins, `enabled:${suiteId}:${corpId}:resend:${at}`);
}

/** `POST /admin/api/apps/:suiteId/:corpId/status`: the status support staff saw in the provider console. */
export const appStatusBody = bodyInput(
  z.strictObject({
    status: z.enum(APP_STATUSES as readonly [AppStatus, ...AppStatus[]], {
      error: `status must be one of ${APP_STATUSES.join(', ')}`,
    }),
  }),
);

/** Support staff move the status; 'enabled' sends the notification (once, whoever moves it first). */
export async function setStatus(
  deps: LifecycleDeps,
  suiteId: string,
  corpId: string,
  status: unknown,
  by: string,
): Promise<App> {
  const { apps } = deps.stores;
  const to = appStatusBody.parse({ status }).status;
  const app = await apps.get(suiteId, corpId);
  if (!app) throw new NotFoundError(`app ${suiteId}/${corpId}`);
  const ctx = await deps.contexts.load(suiteId, corpId);
  if (!isActive(ctx)) throw new ConflictError('the authorization is cancelled');
  if (app.status === to) return app;
  if (to === 'enabled') {
    await markEnabled(deps, ctx, by);
    return (await apps.get(suiteId, corpId))!;
  }
  const now = deps.clock.now();
  const moved = await apps.transition(suiteId, corpId, allowedFrom(to), to, by, now);
  if (!moved) {
    throw new ConflictError(
      `cannot move from ${app.status} to ${to}; allowed: ${ALLOWED_MOVES[app.status].join(', ') || 'none'}`,
    );
  }
  if (to === 'developing') await apps.update(suiteId, corpId, { nextPollAt: now }, now);
  return moved;
}
