import type Router from '@koa/router';
import type { Container } from '../../../../container';
import { registerCheckConfigPage } from './check-config-page';
import { registerLoginRoutes } from './login-routes';

/** The support dashboard: server-rendered pages under /admin, behind the same token as the API. */
export function registerDashboardRoutes(router: Router, c: Container): void {
  registerLoginRoutes(router, c.config.adminToken);
  registerCheckConfigPage(router);
}
