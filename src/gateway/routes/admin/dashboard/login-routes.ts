import type Router from '@koa/router';
import type { Context } from 'koa';
import { tokenMatcher } from '../../../middleware/admin-auth';
import { html } from './html';
import { sendPage, type Notice } from './layout';
import { doneNotice } from './notices';
import { htmlErrors, safeBack } from './respond';
import { CROSS_ORIGIN, isSameOrigin } from './same-origin';

export const COOKIE = 'admin_token';

/**
 * /admin/login takes the admin token from a form or from `?token=` (the link the embedded default
 * prints), keeps it in an HttpOnly, SameSite=Strict cookie scoped to /admin, and redirects so the
 * token does not stay in the address bar or the history. /admin/logout clears the cookie.
 */
export function registerLoginRoutes(router: Router, adminToken: string): void {
  const matches = tokenMatcher(adminToken);

  router.get(
    '/admin/login',
    htmlErrors((ctx) => {
      const next = safeBack(ctx.query.next);
      const token = ctx.query.token;
      if (typeof token === 'string') {
        if (!matches(token)) return ctx.redirect('/admin/login?error=bad_token');
        signIn(ctx, token);
        return ctx.redirect(next);
      }
      if (matches(ctx.cookies.get(COOKIE) ?? '')) return ctx.redirect(next);
      const notice: Notice | undefined =
        ctx.query.error === 'bad_token' ? { kind: 'error', text: BAD_TOKEN } : doneNotice(ctx.query);
      loginPage(ctx, next, notice, notice?.kind === 'error' ? 401 : 200);
    }),
  );

  router.post(
    '/admin/login',
    htmlErrors((ctx) => {
      if (!isSameOrigin(ctx)) return loginPage(ctx, '/admin', { kind: 'error', text: CROSS_ORIGIN }, 403);
      const body = (ctx.request.body ?? {}) as Record<string, unknown>;
      const next = safeBack(body.next);
      const token = typeof body.token === 'string' ? body.token.trim() : '';
      if (!matches(token)) return loginPage(ctx, next, { kind: 'error', text: BAD_TOKEN }, 401);
      signIn(ctx, token);
      ctx.status = 303;
      ctx.redirect(next);
    }),
  );

  router.get('/admin/logout', (ctx) => {
    ctx.cookies.set(COOKIE, null, { path: '/admin', httpOnly: true, sameSite: 'strict', secure: ctx.secure });
    ctx.redirect('/admin/login?done=logged_out');
  });
}

const BAD_TOKEN = '令牌不正确 / That token is not right';

/** A session cookie: closing the browser signs out; `secure` when the request came over https. */
function signIn(ctx: Context, token: string): void {
  ctx.cookies.set(COOKIE, token, {
    path: '/admin',
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.secure,
    overwrite: true,
  });
}

function loginPage(ctx: Context, next: string, notice: Notice | undefined, status: number): void {
  const body = html`<form method="post" action="/admin/login" class="stack" style="max-width:28rem">
    <input type="hidden" name="next" value="${next}" />
    <label for="token">管理令牌 / Admin token</label>
    <input type="password" id="token" name="token" required autocomplete="current-password" autofocus />
    <button type="submit">登录 / Sign in</button>
    <small
      >令牌即配置中的 adminToken（环境变量 ADMIN_TOKEN）。/ The token is the adminToken setting
      (ADMIN_TOKEN).</small
    >
  </form>`;
  sendPage(ctx, body, { title: '登录 / Sign in', notice, status, bare: true });
}
