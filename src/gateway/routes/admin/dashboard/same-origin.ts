import type { Context } from 'koa';
import { AppError } from '../../../../shared/errors';

export const CROSS_ORIGIN =
  '请求不是来自本控制台，已拒绝 / Refused: the request did not come from this dashboard (Origin/Referer)';

/**
 * CSRF guard for the dashboard's POST forms, on top of the SameSite=Strict cookie: the browser's
 * Origin (or, when a browser omits it, the Referer) must name this host. Neither header → refused.
 */
export function isSameOrigin(ctx: Context): boolean {
  const source = ctx.get('origin') || ctx.get('referer');
  if (!source || source === 'null') return false;
  try {
    return new URL(source).host === ctx.host;
  } catch {
    return false;
  }
}

/** Throws a 403 that the dashboard shows as a page. */
export function assertSameOrigin(ctx: Context): void {
  if (!isSameOrigin(ctx)) throw new AppError('cross_origin', 403, true, CROSS_ORIGIN);
}
