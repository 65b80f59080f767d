import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';

/** The dashboard's sign-in and sign-out pages: reachable without the token. */
const PUBLIC_PATHS = new Set(['/admin/login', '/admin/logout']);

/**
 * Bearer-token check for /admin, compared in constant time (hashing first makes the lengths equal).
 * The dashboard also accepts the token from a cookie set by its login form; a browser asking for a
 * dashboard page without it is sent to the login form instead of a JSON 401.
 */
export function adminAuth(adminToken: string) {
  const matches = tokenMatcher(adminToken);
  return async (ctx: Context, next: Next): Promise<void> => {
    if (PUBLIC_PATHS.has(ctx.path)) return next();
    const header = ctx.get('authorization');
    const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1] ?? ctx.cookies.get('admin_token') ?? '';
    if (!matches(bearer)) {
      if (!ctx.path.startsWith('/admin/api/') && ctx.accepts('json', 'html') === 'html') {
        const back = ctx.method === 'GET' ? `?next=${encodeURIComponent(ctx.originalUrl)}` : '';
        ctx.redirect(`/admin/login${back}`);
        return;
      }
      ctx.status = 401;
      ctx.set('WWW-Authenticate', 'Bearer');
      ctx.body = { error: 'unauthorized', message: 'Authorization: Bearer <adminToken> required' };
      return;
    }
    await next();
  };
}

/** Whether a candidate is the admin token, in constant time; the dashboard's login uses it too. */
export function tokenMatcher(adminToken: string): (candidate: string) => boolean {
  const expected = digest(adminToken);
  return (candidate) => candidate !== '' && timingSafeEqual(digest(candidate), expected);
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
