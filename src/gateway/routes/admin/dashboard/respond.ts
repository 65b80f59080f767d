import type { RouterContext } from '@koa/router';
import { AppError, ValidationError } from '../../../../shared/errors';
import { html } from './html';
import { sendPage } from './layout';

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
      if (err instanceof AppError && err.expose && err.status < 500) {
        sendPage(ctx, html`<p><a href="/admin">返回概览 / Back to the overview</a></p>`, {
          title: '无法完成 / Could not do that',
          status: err.status,
          notice: { kind: 'error', text: describeError(err) },
        });
        return;
      }
      ctx.app.emit('error', err, ctx);
      sendPage(ctx, html`<p><a href="/admin">返回概览 / Back to the overview</a></p>`, {
        title: '出错了 / Something went wrong',
        status: err instanceof AppError ? err.status : 500,
      });
    }
  };
}

/** An error's message as staff read it; a validation error also names its field and rule. */
export function describeError(err: AppError): string {
  if (err instanceof ValidationError)
    return `${err.message}（字段 field: ${err.field}；规则 rule: ${err.rule}）`;
  return err.message;
}

/**
 * A local dashboard path to return to, or the overview: never another host (no open redirect), and
 * never the login or logout page (a signed-in visitor would bounce between them).
 */
export function safeBack(value: unknown, fallback = '/admin'): string {
  if (typeof value !== 'string' || !/^\/admin(?:[/?#]|$)/.test(value) || /[\\\s]/.test(value))
    return fallback;
  if (/^\/admin\/log(?:in|out)(?:[/?#]|$)/.test(value)) return fallback;
  return value;
}

/** `path` with `key=value` added to its query (replacing an earlier one). */
export function withQuery(path: string, key: string, value: string): string {
  const url = new URL(path, 'http://dashboard.invalid');
  url.searchParams.set(key, value);
  return url.pathname + url.search;
}
