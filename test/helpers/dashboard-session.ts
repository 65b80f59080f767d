import { ADMIN_TOKEN, type TestBot } from './test-bot';

/** The dashboard as a browser reaches it: one host, forms posted with its Origin, pages asked for as HTML. */
export const DASHBOARD_HOST = 'dashboard.test';
export const DASHBOARD_ORIGIN = `http://${DASHBOARD_HOST}`;
export const HTML_ACCEPT = 'text/html,application/xhtml+xml,*/*;q=0.8';

/** Signs in through the login form, as a browser does; answers the session cookie (`admin_session=<id>`). */
export async function signInToDashboard(bot: TestBot): Promise<string> {
  const res = await bot
    .http()
    .post('/admin/login')
    .set('Host', DASHBOARD_HOST)
    .set('Origin', DASHBOARD_ORIGIN)
    .type('form')
    .send({ token: ADMIN_TOKEN });
  expect(res.status).toBe(303);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

/** A dashboard page asked for with these cookies (the session's, a language's). */
export function dashboardPage(bot: TestBot, path: string, cookies: string | readonly string[]) {
  const cookie = typeof cookies === 'string' ? cookies : cookies.join('; ');
  return bot.http().get(path).set('Host', DASHBOARD_HOST).set('Accept', HTML_ACCEPT).set('Cookie', cookie);
}
