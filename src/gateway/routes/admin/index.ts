import Router from '@koa/router';
import type { Container } from '../../../container';
import { HOUR } from '../../../shared/clock';
import { adminAuth, createAdminAccess } from '../../middleware/admin-auth';
import { createAdminSessions } from '../../middleware/admin-sessions';
import { createFailedAuthThrottle } from '../../middleware/failed-auth-throttle';
import { jsonBody } from '../../middleware/json-body';
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
  registerAppRoutes(router, c);
  registerPermissionRoutes(router, c.permissions);
  registerRolloutRoutes(router, c.rollout);
  registerSupportRoutes(router, c);
  registerDashboardRoutes(router, c, access);
  return router;
}
