import { tokenMatcher } from '../shared/token-matcher';
import type { Context, Middleware } from 'koa';

/** The header the simulator's page sends its token in; a custom header no other origin may send. */
export const SIM_TOKEN_HEADER = 'x-sim-token';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The simulator serves its own page only, to this machine: every response forbids framing and
 * sniffing; the page (`/?token=…`) and its control API (`/sim/api`, token in X-Sim-Token) need
 * the simulator's token and a loopback Host (a DNS-rebound name is refused); a state-changing
 * call must come from the simulator's own origin when it names one, with a JSON body only as
 * application/json. The WeCom API (/cgi-bin) is the bot's, guarded as WeCom guards it: by tokens.
 */
export function simGuard(token: string): Middleware {
  const matches = tokenMatcher(token);
  return async (ctx, next) => {
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Content-Security-Policy', "frame-ancestors 'none'");
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    if (ctx.path.startsWith('/cgi-bin/')) return next();
    if (!LOOPBACK.has(hostname(ctx.host))) return refuse(ctx, 403, 'foreign_host');
    const page = ctx.path === '/';
    const given = page ? ctx.query.token : ctx.get(SIM_TOKEN_HEADER);
    if (typeof given !== 'string' || !matches(given)) return refuse(ctx, 401, 'sim_token_required');
    if (!SAFE_METHODS.has(ctx.method)) {
      const origin = ctx.get('origin');
      if (origin && origin !== `${ctx.protocol}://${ctx.host}`) return refuse(ctx, 403, 'foreign_origin');
      if (hasBody(ctx) && !ctx.is('application/json')) return refuse(ctx, 415, 'json_only');
    }
    await next();
  };
}

function refuse(ctx: Context, status: number, error: string): void {
  ctx.status = status;
  ctx.body = { error };
}

/** The host name of a Host header, without the port (IPv6 literals keep their brackets). */
function hostname(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
}

function hasBody(ctx: Context): boolean {
  return Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
}
