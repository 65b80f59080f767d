import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from '../../shared/logger';

declare module 'koa' {
  interface DefaultState {
    reqId: string;
    log: Logger;
  }
}

/** A request id, a child logger, and one access-log line per request (path without the query: it carries signatures). */
export function requestLog(logger: Logger) {
  const log = logger.child({ name: 'gateway' });
  return async (ctx: Context, next: Next): Promise<void> => {
    const started = process.hrtime.bigint();
    ctx.state.reqId = randomUUID();
    ctx.state.log = log.child({ reqId: ctx.state.reqId });
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      ctx.state.log.info(
        { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    }
  };
}
