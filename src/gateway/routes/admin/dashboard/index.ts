import type Router from '@koa/router';
import type { Container } from '../../../../container';
import type { AdminAccess } from '../../../middleware/admin-auth';
import { registerActionRoutes } from './action-routes';
import { registerAppPage } from './app-page';
import { registerCheckConfigPage } from './check-config-page';
import { registerEnterprisesPage } from './enterprises-page';
import { registerLanguageRoute } from './language-route';
import { registerLoginRoutes } from './login-routes';
import { registerOverviewPage } from './overview-page';

/**
 * The support dashboard: server-rendered pages under /admin, signed in with the API's token, in the
 * reader's language (page-locale.ts: `ctx.state.locale`, `pageWords(ctx)`).
 */
export function registerDashboardRoutes(router: Router, c: Container, access: AdminAccess): void {
  registerLoginRoutes(router, access);
  registerLanguageRoute(router);
  registerOverviewPage(router, c);
  registerEnterprisesPage(router, c);
  registerAppPage(router, c);
  registerCheckConfigPage(router);
  registerActionRoutes(router, c);
}
