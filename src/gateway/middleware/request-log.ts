import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from '../../shared/logger';

/**
 * One access-log line per request, with a request id (path without the query: it carries
 * signatures). No child logger per request, and the id is made only for a line that is written:
 * either costs more than the line itself.
 */
export function requestLog(logger: Logger) {
  const log = logger.child({ name: 'gateway' });
  return async (ctx: Context, next: Next): Promise<void> => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      if (log.isLevelEnabled('info')) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        log.info(
          {
            reqId: randomUUID(),
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
