import type { RouterContext } from '@koa/router';
import { AppError, ValidationError } from '../../../../shared/errors';
import { html } from './html';
import { sendPage } from './layout';
import { pageWords } from './page-locale';
import type { DashboardWords } from './words/dashboard-words';

type Handler = (ctx: RouterContext) => Promise<void> | void;

/**
 * Dashboard handlers answer in HTML, errors included: an exposed AppError becomes a page with its
 * message and status; anything else a bare 500 page, reported to app.on('error') like the API does.
 */
export function htmlErrors(handler: Handler): Handler {
  return async (ctx) => {
    try {
      await handler(ctx);
    } catch (err) {
      const w = pageWords(ctx).errors;
      const back = html`<p><a href="/admin">${w.backToOverview}</a></p>`;
      if (err instanceof AppError && err.expose && err.status < 500) {
        sendPage(ctx, back, {
          title: w.couldNotDo,
          status: err.status,
          notice: { kind: 'error', text: describeError(err, pageWords(ctx)) },
        });
        return;
      }
      ctx.app.emit('error', err, ctx);
      sendPage(ctx, back, { title: w.somethingWrong, status: err instanceof AppError ? err.status : 500 });
    }
  };
}

/**
 * An error's message as staff read it; a validation error also names its field and rule in the
 * page's words. The message itself is the service's, as the JSON API gives it.
 */
export function describeError(err: AppError, words: DashboardWords): string {
  if (err instanceof ValidationError)
    return `${err.message} (${words.errors.fieldRule(err.field, err.rule)})`;
  return err.message;
}

/**
 * A local dashboard path to return to, or the overview: never another host (no open redirect), and
 * never the logout page, nor the login page (a signed-in visitor would bounce between them) unless
 * `signIn` allows it (the language switch on the login page returns there).
 */
export function safeBack(value: unknown, fallback = '/admin', opts: { signIn?: boolean } = {}): string {
  if (typeof value !== 'string' || !/^\/admin(?:[/?#]|$)/.test(value) || /[\\\s]/.test(value))
    return fallback;
  if (/^\/admin\/logout(?:[/?#]|$)/.test(value)) return fallback;
  if (!opts.signIn && /^\/admin\/login(?:[/?#]|$)/.test(value)) return fallback;
  return value;
}

/** `path` with `key=value` added to its query (replacing an earlier one). */
export function withQuery(path: string, key: string, value: string): string {
  const url = new URL(path, 'http://dashboard.invalid');
  url.searchParams.set(key, value);
  return url.pathname + url.search;
}
