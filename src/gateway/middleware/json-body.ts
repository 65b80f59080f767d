import type { Context, Next } from 'koa';
import { AppError, ValidationError } from '../../shared/errors';

declare module 'koa' {
  interface Request {
    body?: unknown;
  }
}

/** A capped JSON body reader for the admin API (a 1 MB logo is ~1.4 MB of base64). */
export function jsonBody(limitBytes = 2 * 1024 * 1024) {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (!['POST', 'PUT', 'PATCH'].includes(ctx.method)) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limitBytes) throw new AppError('body_too_large', 413, true, `body over ${limitBytes} bytes`);
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') {
      ctx.request.body = {};
    } else if (ctx.is('json') || ctx.is('json') === null) {
      try {
        ctx.request.body = JSON.parse(text) as unknown;
      } catch {
        throw new ValidationError('body', 'json', 'the body is not valid JSON');
      }
    } else if (ctx.is('urlencoded')) {
      ctx.request.body = Object.fromEntries(new URLSearchParams(text));
    } else {
      throw new ValidationError('body', 'content_type', 'send application/json');
    }
    await next();
  };
}
