import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';

/**
 * Bearer-token check for /admin, compared in constant time (hashing first makes the lengths equal).
 * The dashboard also accepts the token from a cookie set by its login form.
 */
export function adminAuth(adminToken: string) {
  const expected = digest(adminToken);
  return async (ctx: Context, next: Next): Promise<void> => {
    const header = ctx.get('authorization');
    const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1] ?? ctx.cookies.get('admin_token') ?? '';
    if (!bearer || !timingSafeEqual(digest(bearer), expected)) {
      ctx.status = 401;
      ctx.set('WWW-Authenticate', 'Bearer');
      ctx.body = { error: 'unauthorized', message: 'Authorization: Bearer <adminToken> required' };
      return;
    }
    await next();
  };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
