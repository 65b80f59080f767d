import Router from '@koa/router';

/** /healthz: the process is alive. /readyz: the store answers. */
export function createHealthRouter(ping: () => Promise<void>): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    try {
      await ping();
      ctx.body = { status: 'ready' };
    } catch {
      ctx.status = 503;
      ctx.body = { status: 'unavailable', reason: 'store_unreachable' };
    }
  });
  return router;
}
