import type Router from '@koa/router';
import type { Container } from '../../../container';
import { checkConfig, parseConfigCheckInput } from '../../../domain/config-check/check-config';

/** Who did it, for the app's history: the dashboard/API caller. */
export const SUPPORT_ACTOR = 'support';

export function registerAppRoutes(router: Router, c: Container): void {
  router.post('/admin/api/apps/:suiteId/:corpId/status', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const app = await c.lifecycle.setStatus(
      ctx.params.suiteId!,
      ctx.params.corpId!,
      body.status,
      SUPPORT_ACTOR,
    );
    ctx.body = { app };
  });

  router.post('/admin/api/apps/:suiteId/:corpId/enabled-notice/resend', async (ctx) => {
    const queued = await c.lifecycle.resendEnabled(ctx.params.suiteId!, ctx.params.corpId!);
    ctx.status = 202;
    ctx.body = { queued };
  });

  router.post('/admin/api/check-config', (ctx) => {
    ctx.body = checkConfig(parseConfigCheckInput(ctx.request.body));
  });

  router.post('/admin/api/templates', async (ctx) => {
    const { template, created } = await c.admin.recordTemplate(ctx.request.body);
    ctx.status = created ? 201 : 200;
    ctx.body = { template };
  });

  router.post('/admin/api/templates/:suiteId/status', async (ctx) => {
    ctx.body = { template: await c.admin.moveTemplate(ctx.params.suiteId!, ctx.request.body, SUPPORT_ACTOR) };
  });

  router.post('/admin/api/enterprises/:corpId/test', async (ctx) => {
    ctx.body = await c.admin.markTestEnterprise(ctx.params.corpId!, ctx.request.body);
  });

  router.post('/admin/api/enterprises/:corpId/locale', async (ctx) => {
    ctx.body = await c.admin.setEnterpriseLocale(ctx.params.corpId!, ctx.request.body);
  });

  router.post('/admin/api/batch-qr-codes', async (ctx) => {
    ctx.status = 201;
    ctx.body = { batchQrCode: await c.admin.recordBatchQrCode(ctx.request.body) };
  });
}
