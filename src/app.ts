import Koa from 'koa';
import Router from '@koa/router';
import type { Container } from './container';
import { errorHandler } from './gateway/middleware/error-handler';
import { requestLog } from './gateway/middleware/request-log';
import { knownCorps } from './gateway/known-corps';
import { createHealthRouter } from './gateway/routes/health';
import { callbackRoutes } from './gateway/routes/callback';
import { createAdminRouter } from './gateway/routes/admin';
import { metrics } from './gateway/routes/metrics';
import { corpOf } from './events/dispatcher';

export const MEMORY_STORE_WARNING =
  'in-memory store: a restart loses every authorization, pending request and queued message';

/** The Koa app, without listen: tests drive app.callback(), main.ts listens. */
export function createApp(c: Container): Koa {
  const app = new Koa();
  // X-Forwarded-For/-Proto/-Host are anyone's to send unless a proxy we run overwrites them.
  app.proxy = c.config.trustProxy;
  app.use(metrics(c));
  app.use(errorHandler);
  app.use(requestLog(c.logger));
  app.on('error', (err: unknown) => c.logger.error({ err }, 'unexpected error'));

  const health = createHealthRouter(
    () => c.stores.ping(),
    c.stores.kind === 'memory' ? MEMORY_STORE_WARNING : undefined,
  );
  const callbacks = callbackRoutes({
    findTemplate: (suiteId) => c.templates.get(suiteId),
    providerCorpId: c.config.wecom.providerCorpId,
    isKnownCorp: knownCorps((suiteId, corpId) => c.stores.authorizations.get(suiteId, corpId)),
    recordEvent: (key, event) => {
      const receivedAt = c.clock.now();
      return c.stores.inbox.recordOnce({
        key,
        kind: event.kind,
        suiteId: event.suiteId,
        corpId: corpOf(event),
        event: event as unknown as Record<string, unknown>,
        receivedAt,
        expiresAt: new Date(receivedAt.getTime() + c.dedupeTtlMs),
      });
    },
    onAccepted: (key, event) => c.dispatcher.enqueue(key, event),
    clock: c.clock,
    logger: c.logger,
    callbackMaxAgeSeconds: c.config.wecom.callbackMaxAgeSeconds,
    bodyLimitBytes: c.config.wecom.callbackBodyLimitBytes,
    recordBudgetMs: c.config.wecom.callbackRecordBudgetMs,
  });

  app.use(callbacks);
  const routers: Router[] = [health];
  if (c.config.adminToken) routers.push(createAdminRouter(c));
  for (const r of routers) app.use(r.routes()).use(r.allowedMethods());
  return app;
}
