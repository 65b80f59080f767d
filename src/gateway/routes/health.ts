import Router from '@koa/router';

/**
 * /healthz: the process is alive. /readyz: the store answers; with `warning` (the memory store's
 * data is lost on restart) in its body, where whoever watches readiness sees it.
 */
export function createHealthRouter(ping: () => Promise<void>, warning?: string): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    try {
      await ping();
      ctx.body = { status: 'ready', ...(warning && { warning }) };
    } catch {
      ctx.status = 503;
      ctx.body = { status: 'unavailable', reason: 'store_unreachable' };
    }
  });
  return router;
}
