import type Router from '@koa/router';
import type { Context } from 'koa';
import { SESSION_COOKIE, type AdminAccess } from '../../../middleware/admin-auth';
import { html } from './html';
import { sendPage, type Notice } from './layout';
import { doneNotice } from './notices';
import { pageWords } from './page-locale';
import { htmlErrors, safeBack } from './respond';

/**
 * /admin/login takes the admin token from a form or from `?token=` (the link the embedded default
 * prints), starts a server-side session whose random id goes in an HttpOnly, SameSite=Strict
 * cookie scoped to /admin, and redirects so the token does not stay in the address bar or the
 * history. /admin/logout ends the session on the server and clears the cookie. (The form's Origin
 * is checked by adminAuth, before any route.)
 */
export function registerLoginRoutes(router: Router, access: AdminAccess): void {
  const signedIn = (ctx: Context) => {
    const id = ctx.cookies.get(SESSION_COOKIE);
    return id !== undefined && access.sessions.isValid(id);
  };

  router.get(
    '/admin/login',
    htmlErrors((ctx) => {
      const next = safeBack(ctx.query.next);
      const token = ctx.query.token;
      const w = pageWords(ctx).login;
      if (typeof token === 'string') {
        const verdict = access.checkToken(ctx, token);
        if (verdict === 'wait') return loginPage(ctx, next, { kind: 'error', text: w.wait }, 429);
        if (verdict === 'wrong') return ctx.redirect('/admin/login?error=bad_token');
        signIn(ctx, access);
        return ctx.redirect(next);
      }
      if (signedIn(ctx)) return ctx.redirect(next);
      const notice: Notice | undefined =
        ctx.query.error === 'bad_token'
          ? { kind: 'error', text: w.badToken }
          : doneNotice(ctx.query, pageWords(ctx));
      loginPage(ctx, next, notice, notice?.kind === 'error' ? 401 : 200);
    }),
  );

  router.post(
    '/admin/login',
    htmlErrors((ctx) => {
      const body = (ctx.request.body ?? {}) as Record<string, unknown>;
      const next = safeBack(body.next);
      const token = typeof body.token === 'string' ? body.token.trim() : '';
      const verdict = access.checkToken(ctx, token);
      const w = pageWords(ctx).login;
      if (verdict === 'wait') return loginPage(ctx, next, { kind: 'error', text: w.wait }, 429);
      if (verdict === 'wrong') return loginPage(ctx, next, { kind: 'error', text: w.badToken }, 401);
      signIn(ctx, access);
      ctx.status = 303;
      ctx.redirect(next);
    }),
  );

  router.get('/admin/logout', (ctx) => {
    const id = ctx.cookies.get(SESSION_COOKIE);
    if (id !== undefined) access.sessions.revoke(id);
    ctx.cookies.set(SESSION_COOKIE, null, cookieOptions(ctx));
    ctx.redirect('/admin/login?done=logged_out');
  });
}

/** A browser-session cookie (closing the browser forgets it); the server expires it regardless. */
function signIn(ctx: Context, access: AdminAccess): void {
  ctx.cookies.set(SESSION_COOKIE, access.sessions.create(), { ...cookieOptions(ctx), overwrite: true });
}

/** `secure` when the request came over https (as seen through a proxy only with trustProxy). */
function cookieOptions(ctx: Context) {
  return { path: '/admin', httpOnly: true, sameSite: 'strict', secure: ctx.secure } as const;
}

function loginPage(ctx: Context, next: string, notice: Notice | undefined, status: number): void {
  const w = pageWords(ctx).login;
  const body = html`<form method="post" action="/admin/login" class="stack" style="max-width:28rem">
    <input type="hidden" name="next" value="${next}" />
    <label for="token">${w.token}</label>
    <input type="password" id="token" name="token" required autocomplete="current-password" autofocus />
    <button type="submit">${w.submit}</button>
    <small>${w.hint}</small>
  </form>`;
  sendPage(ctx, body, { title: w.title, notice, status, bare: true });
}
