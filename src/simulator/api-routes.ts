import type { Middleware } from 'koa';
import type { Logger } from '../shared/logger';
import type { ApiHandler } from './api-handler';
import { createAppHandlers } from './app-handlers';
import type { FailureInjector, FailureRule } from './failure-injector';
import { readBody } from './read-body';
import { createServiceHandlers } from './service-handlers';
import type { SimState } from './sim-state';
import { errmsgFor, WecomSimError } from './wecom-errors';

const PREFIX = '/cgi-bin';

/**
 * The WeCom API under /cgi-bin: every call is recorded (method, path, query, body, answer, at) and
 * may be answered by an injected failure first.
 */
export function createApiRoutes(deps: {
  state: SimState;
  failures: FailureInjector;
  logger: Logger;
}): Middleware {
  const { state, failures, logger } = deps;
  const handlers: Record<string, ApiHandler> = {
    ...createServiceHandlers(state),
    ...createAppHandlers(state),
  };

  return async (ctx, next) => {
    if (!ctx.path.startsWith(`${PREFIX}/`)) return next();
    const query = Object.fromEntries(
      Object.entries(ctx.query).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]),
    );
    const raw = ctx.method === 'POST' ? await readBody(ctx.req) : '';
    const rule = failures.take(ctx.path);
    if (rule?.timeoutMs) await new Promise((resolve) => setTimeout(resolve, rule.timeoutMs));

    let body: unknown = raw === '' ? {} : raw;
    let status = 200;
    let answer: unknown;
    const injected = Boolean(rule && (rule.errcode !== undefined || rule.httpStatus !== undefined));
    if (rule && injected) {
      ({ status, answer } = injectedAnswer(rule));
    } else {
      try {
        body = parseJson(raw);
        const handler = handlers[`${ctx.method} ${ctx.path.slice(PREFIX.length)}`];
        if (!handler) {
          status = 404;
          answer = { errcode: 48001, errmsg: errmsgFor(48001, 'the simulator has no such API') };
        } else {
          answer = { errcode: 0, errmsg: 'ok', ...handler({ query, body: body as Record<string, unknown> }) };
        }
      } catch (err) {
        if (!(err instanceof WecomSimError)) {
          logger.error({ err, path: ctx.path }, 'simulator api failed');
          throw err;
        }
        answer = err.toBody();
      }
    }
    state.calls.push({
      method: ctx.method,
      path: ctx.path,
      query,
      body,
      status,
      answer,
      at: state.clock.now(),
      injected,
    });
    logger.debug(
      { method: ctx.method, path: ctx.path, status, errcode: errcodeOf(answer), injected },
      'api call',
    );
    ctx.status = status;
    ctx.body = answer;
  };
}

function parseJson(raw: string): Record<string, unknown> {
  if (raw === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new WecomSimError(47001, 'body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new WecomSimError(47001);
  return value as Record<string, unknown>;
}

function injectedAnswer(rule: FailureRule): { status: number; answer: unknown } {
  const status = rule.httpStatus ?? 200;
  if (rule.errcode === undefined) return { status, answer: `simulated HTTP ${status}` };
  return { status, answer: { errcode: rule.errcode, errmsg: rule.errmsg ?? errmsgFor(rule.errcode) } };
}

function errcodeOf(answer: unknown): unknown {
  return typeof answer === 'object' && answer !== null
    ? (answer as { errcode?: unknown }).errcode
    : undefined;
}
