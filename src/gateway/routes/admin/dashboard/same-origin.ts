import type { Context } from 'koa';
import { html } from './html';
import { sendPage } from './layout';
import { pageWords } from './page-locale';

/**
 * CSRF guard for the dashboard's state-changing requests, on top of the SameSite=Strict cookie:
 * the browser's Origin must be this dashboard's, scheme, host and port alike: publicBaseUrl's, or
 * the request's own (whose scheme and host come from X-Forwarded-* only with trustProxy).
 * Browsers send Origin with every POST, so a request without one is refused.
 */
export function isSameOrigin(ctx: Context, publicOrigin: string | undefined): boolean {
  const given = origin(ctx.get('origin'));
  if (given === undefined) return false;
  return given === publicOrigin || given === origin(`${ctx.protocol}://${ctx.host}`);
}

/** The 403 page for a request from elsewhere; nothing ran. */
export function refuseCrossOrigin(ctx: Context): void {
  const w = pageWords(ctx).errors;
  sendPage(ctx, html`<p><a href="/admin">${w.backToOverview}</a></p>`, {
    title: w.couldNotDo,
    status: 403,
    notice: { kind: 'error', text: w.crossOrigin },
  });
}

/** `scheme://host[:port]` with default ports dropped, or undefined for `null` and garbage. */
function origin(value: string): string | undefined {
  if (!value || value === 'null') return undefined;
  try {
    const { origin: o } = new URL(value);
    return o === 'null' ? undefined : o;
  } catch {
    return undefined;
  }
}
