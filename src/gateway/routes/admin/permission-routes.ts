import type Router from '@koa/router';
import type { PermissionRequest } from '../../../domain/model';
import type { PermissionService } from '../../../domain/permissions/permission-service';

/** Who filed a request when the caller does not say: the admin API has one shared token. */
const DEFAULT_FILED_BY = 'support';

/** Support staff: file custom-permission requests, see them with the state as the provider console words it. */
export function registerPermissionRoutes(router: Router, permissions: PermissionService): void {
  const view = (r: PermissionRequest) => ({ ...r, stateLabel: permissions.stateLabel(r) });

  router.post('/admin/api/apps/:suiteId/:corpId/permission-requests', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const filedBy = typeof body.filedBy === 'string' && body.filedBy.trim() ? body.filedBy : DEFAULT_FILED_BY;
    const request = await permissions.file(
      ctx.params.suiteId!,
      ctx.params.corpId!,
      body.permissions,
      filedBy,
    );
    ctx.status = 201;
    ctx.body = { request: view(request) };
  });

  // Support saw it confirmed in the provider console: the only evidence for a permission WeCom cannot be asked about.
  router.post('/admin/api/apps/:suiteId/:corpId/permission-requests/:id/granted', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const request = await permissions.confirmGranted(
      ctx.params.suiteId!,
      ctx.params.corpId!,
      ctx.params.id!,
      body.by,
    );
    ctx.body = { request: view(request) };
  });

  router.get('/admin/api/apps/:suiteId/:corpId/permission-requests', async (ctx) => {
    const found = await permissions.list({ suiteId: ctx.params.suiteId!, corpId: ctx.params.corpId! });
    ctx.body = { requests: found.map(view) };
  });

  router.get('/admin/api/permission-requests', async (ctx) => {
    const state = typeof ctx.query.state === 'string' && ctx.query.state ? ctx.query.state : undefined;
    const found = await permissions.list({ state });
    ctx.body = { requests: found.map(view) };
  });

  router.get('/admin/api/permission-requests/:id', async (ctx) => {
    ctx.body = { request: view(await permissions.get(ctx.params.id!)) };
  });

  router.get('/admin/api/permission-catalogue', (ctx) => {
    ctx.body = { permissions: permissions.catalogue };
  });
}
