import Router from '@koa/router';
import { z } from 'zod';
import type { Container } from '../../../container';
import { HOUR } from '../../../shared/clock';
import { adminAuth, createAdminAccess } from '../../middleware/admin-auth';
import { createAdminSessions } from '../../middleware/admin-sessions';
import { createFailedAuthThrottle } from '../../middleware/failed-auth-throttle';
import { jsonBody } from '../../middleware/json-body';
import { type AdminApi, createAdminApi } from './api/admin-api';
import { openApiDocument } from './api/openapi';
import { registerAppRoutes } from './app-routes';
import { registerDashboardRoutes } from './dashboard';
import { dashboardLocale } from './dashboard/page-locale';
import { registerPermissionRoutes } from './permission-routes';
import { registerRolloutRoutes } from './rollout-routes';
import { registerSupportRoutes } from './support-routes';

/** /admin/api/* behind the admin token, the dashboard behind sessions signed in with it. */
export function createAdminRouter(c: Container): Router {
  const router = new Router();
  const access = createAdminAccess({
    adminToken: c.config.adminToken,
    sessions: createAdminSessions({ clock: c.clock, ttlMs: c.config.adminSessionHours * HOUR }),
    throttle: createFailedAuthThrottle(c.clock),
    publicBaseUrl: c.config.publicBaseUrl,
  });
  // The reader's language first: even the refusals adminAuth writes are pages in it.
  router.use('/admin', dashboardLocale(c.config.dashboard.locale), adminAuth(access), jsonBody());
  registerAdminApi(router, c);
  registerDashboardRoutes(router, c, access);
  return router;
}

/**
 * Declares the JSON API on the router (behind adminAuth where createAdminRouter mounts it). A new
 * endpoint is one declaration in a register*Routes function: its schemas check it and describe it.
 */
export function registerAdminApi(router: Router, c: Container): AdminApi {
  const api = createAdminApi(router);
  registerAppRoutes(api, c);
  registerPermissionRoutes(api, c.permissions);
  registerRolloutRoutes(api, c.rollout);
  registerSupportRoutes(api, c);
  let document: Record<string, unknown> | undefined;
  // Behind the same token: it maps every support action, which is nobody else's business.
  api.get('/admin/api/openapi.json', {
    summary: 'This description of the API (OpenAPI 3.1), built from the schemas that check each request',
    answers: {
      200: {
        description: 'the OpenAPI document',
        schema: z.looseObject({ openapi: z.literal('3.1.0'), paths: z.record(z.string(), z.unknown()) }),
      },
    },
    handle: (ctx) => {
      // Built once, on first ask: by then every route is declared.
      document ??= openApiDocument(api.routes);
      ctx.body = document;
    },
  });
  return api;
}
