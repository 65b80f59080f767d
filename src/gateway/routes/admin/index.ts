import Router from '@koa/router';
import type { Container } from '../../../container';
import { adminAuth } from '../../middleware/admin-auth';
import { jsonBody } from '../../middleware/json-body';
import { registerAppRoutes } from './app-routes';
import { registerDashboardRoutes } from './dashboard';
import { registerPermissionRoutes } from './permission-routes';
import { registerRolloutRoutes } from './rollout-routes';
import { registerSupportRoutes } from './support-routes';

/** /admin/api/* behind the admin token. */
export function createAdminRouter(c: Container): Router {
  const router = new Router();
  router.use('/admin', adminAuth(c.config.adminToken), jsonBody());
  registerAppRoutes(router, c);
  registerPermissionRoutes(router, c.permissions);
  registerRolloutRoutes(router, c.rollout);
  registerSupportRoutes(router, c);
  registerDashboardRoutes(router, c);
  return router;
}
