import type { Context, Next } from 'koa';
import { AppError } from '../../shared/errors';
import { ValidationError } from '../../shared/errors';

/**
 * Maps AppError to its status and short code; anything else is a bare 500.
 * A response never carries a stack or an internal message.
 */
export async function errorHandler(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (err) {
    if (err instanceof AppError) {
      ctx.status = err.status;
      ctx.body =
        err instanceof ValidationError
          ? { error: err.code, field: err.field, rule: err.rule, message: err.message }
          : { error: err.code, ...(err.expose ? { message: err.message } : {}) };
      if (err.status >= 500) ctx.app.emit('error', err, ctx);
      return;
    }
    ctx.status = 500;
    ctx.body = { error: 'internal_error' };
    ctx.app.emit('error', err, ctx);
  }
}
