import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from '../../shared/logger';

declare module 'koa' {
  interface DefaultState {
    reqId: string;
  }
}

/**
 * A request id and one access-log line per request (path without the query: it carries
 * signatures). No child logger per request: making one costs more than the line itself.
 */
export function requestLog(logger: Logger) {
  const log = logger.child({ name: 'gateway' });
  return async (ctx: Context, next: Next): Promise<void> => {
    const started = process.hrtime.bigint();
    ctx.state.reqId = randomUUID();
    try {
      await next();
    } finally {
      if (log.isLevelEnabled('info')) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        log.info(
          {
            reqId: ctx.state.reqId,
            method: ctx.method,
            path: ctx.path,
            status: ctx.status,
            ms: Math.round(ms * 10) / 10,
          },
          'request',
        );
      }
    }
  };
}
