import type Router from '@koa/router';
import type { Container } from '../../../../container';
import { registerActionRoutes } from './action-routes';
import { registerAppPage } from './app-page';
import { registerCheckConfigPage } from './check-config-page';
import { registerEnterprisesPage } from './enterprises-page';
import { registerLoginRoutes } from './login-routes';
import { registerOverviewPage } from './overview-page';

/** The support dashboard: server-rendered pages under /admin, behind the same token as the API. */
export function registerDashboardRoutes(router: Router, c: Container): void {
  registerLoginRoutes(router, c.config.adminToken);
  registerOverviewPage(router, c);
  registerEnterprisesPage(router, c);
  registerAppPage(router, c);
  registerCheckConfigPage(router);
  registerActionRoutes(router, c);
}
