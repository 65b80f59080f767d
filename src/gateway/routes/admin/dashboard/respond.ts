import type { RouterContext } from '@koa/router';
import { AppError, ValidationError } from '../../../../shared/errors';
import type { Locale } from '../../../../shared/locale';
import { html } from './html';
import { sendPage } from './layout';
import { pageLocale, pageWords } from './page-locale';
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
          notice: { kind: 'error', text: describeError(err, pageWords(ctx), pageLocale(ctx)) },
        });
        return;
      }
      ctx.app.emit('error', err, ctx);
      sendPage(ctx, back, { title: w.somethingWrong, status: err instanceof AppError ? err.status : 500 });
    }
  };
}

/**
 * An error's message as staff read it, in the page's language where the service wrote it in both;
 * a validation error also names its field and rule in the page's words.
 */
export function describeError(err: AppError, words: DashboardWords, locale: Locale): string {
  const message = inLocale(err.message, locale);
  if (err instanceof ValidationError) return `${message} (${words.errors.fieldRule(err.field, err.rule)})`;
  return message;
}

/**
 * The services write a message for people in both languages as `中文 / English` (one separator,
 * Chinese before it, none after): the page shows its own half. Any other message is shown whole.
 */
export function inLocale(message: string, locale: Locale): string {
  const parts = message.split(' / ');
  if (parts.length !== 2 || !HAN.test(parts[0]!) || HAN.test(parts[1]!)) return message;
  return locale === 'en' ? parts[1]! : parts[0]!;
}

const HAN = /\p{Script=Han}/u;

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
