import { bearerToken, tokenMatcher } from '../../shared/token-matcher';
import type { Context, Next } from 'koa';
import type { AdminSessions } from './admin-sessions';
import type { FailedAuthThrottle } from './failed-auth-throttle';
import { isSameOrigin, refuseCrossOrigin } from '../routes/admin/dashboard/same-origin';

/** The dashboard's sign-in and sign-out pages and its language switch: reachable without a session. */
const PUBLIC_PATHS = new Set(['/admin/login', '/admin/logout', '/admin/language']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The dashboard's session cookie: a random id (see admin-sessions.ts), never the token. */
export const SESSION_COOKIE = 'admin_session';

export interface AdminAccess {
  sessions: AdminSessions;
  /**
   * Checks a candidate admin token from this request's address. 'wait' when the address tried
   * too many wrong ones lately: the candidate is not even compared, and Retry-After is set.
   */
  checkToken(ctx: Context, candidate: string): 'ok' | 'wrong' | 'wait';
  /** publicBaseUrl's origin, which a dashboard form may come from besides the request's own. */
  publicOrigin: string | undefined;
}

export function createAdminAccess(opts: {
  adminToken: string;
  sessions: AdminSessions;
  throttle: FailedAuthThrottle;
  publicBaseUrl: string;
}): AdminAccess {
  const matches = tokenMatcher(opts.adminToken);
  return {
    sessions: opts.sessions,
    publicOrigin: opts.publicBaseUrl ? new URL(opts.publicBaseUrl).origin : undefined,
    checkToken(ctx, candidate) {
      const wait = opts.throttle.waitSeconds(ctx.ip);
      if (wait > 0) {
        ctx.set('Retry-After', String(wait));
        return 'wait';
      }
      if (matches(candidate)) {
        opts.throttle.succeeded(ctx.ip);
        return 'ok';
      }
      // No token at all is not a guess.
      if (candidate !== '') opts.throttle.failed(ctx.ip);
      return 'wrong';
    },
  };
}

/**
 * Guards /admin. The JSON API takes `Authorization: Bearer <adminToken>` and nothing else: a
 * cookie alone never opens it, so no page a browser visits can act through it. The dashboard
 * takes its session cookie, and every state-changing dashboard request must carry an Origin of
 * this dashboard. A browser without a session is sent to the login form; anything else gets 401.
 */
export function adminAuth(access: AdminAccess) {
  return async (ctx: Context, next: Next): Promise<void> => {
    // Enterprise data and credentials-bearing pages are for this reader only, never a cache.
    ctx.set('Cache-Control', 'no-store');
    if (ctx.path.startsWith('/admin/api/')) {
      const bearer = bearerToken(ctx.get('authorization'));
      const verdict = access.checkToken(ctx, bearer);
      if (verdict !== 'ok') return unauthorized(ctx, verdict);
      return next();
    }
    if (!SAFE_METHODS.has(ctx.method) && !isSameOrigin(ctx, access.publicOrigin))
      return refuseCrossOrigin(ctx);
    if (PUBLIC_PATHS.has(ctx.path)) return next();
    const session = ctx.cookies.get(SESSION_COOKIE);
    if (session && access.sessions.isValid(session)) return next();
    if (ctx.accepts('json', 'html') === 'html') {
      const back = ctx.method === 'GET' ? `?next=${encodeURIComponent(ctx.originalUrl)}` : '';
      return ctx.redirect(`/admin/login${back}`);
    }
    unauthorized(ctx, 'wrong');
  };
}

function unauthorized(ctx: Context, verdict: 'wrong' | 'wait'): void {
  if (verdict === 'wait') {
    ctx.status = 429;
    ctx.body = {
      error: 'too_many_attempts',
      message: 'too many wrong tokens from this address; retry later',
    };
    return;
  }
  ctx.status = 401;
  ctx.set('WWW-Authenticate', 'Bearer');
  ctx.body = { error: 'unauthorized', message: 'Authorization: Bearer <adminToken> required' };
}
