import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { z } from 'zod';
import { DAY, ManualClock } from '../shared/clock';
import { AppError, ConflictError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { MEDIA_MESSAGE_KINDS } from '../events/types';
import type { CallbackDispatch } from './callback-dispatch';
import type { EnterpriseControls } from './enterprise-controls';
import { failureRuleSchema, type FailureInjector } from './failure-injector';
import type { ProviderControls } from './provider-controls';
import { readBody } from './read-body';
import { redact } from './redact';
import type { SimState } from './sim-state';
import type { WorldSnapshot } from './world-snapshot';

const MAX_CLOCK_MOVE_MS = 366 * DAY;
const ids = z.array(z.string().min(1));
const schemas = {
  template: z.object({
    suiteId: z.string().min(1),
    suiteSecret: z.string().min(1),
    name: z.string().min(1),
    token: z.string(),
    encodingAESKey: z.string(),
    appToken: z.string().optional(),
    appEncodingAESKey: z.string().optional(),
  }),
  authorize: z.object({
    corpName: z.string().min(1),
    admins: ids.min(1),
    members: ids.optional(),
    departments: z
      .array(
        z.object({
          id: z.number().int(),
          name: z.string(),
          parentId: z.number().int().optional(),
          members: ids,
        }),
      )
      .optional(),
    tags: z.array(z.object({ id: z.number().int(), name: z.string(), members: ids })).optional(),
    visibility: z
      .object({
        users: ids.optional(),
        parties: z.array(z.number().int()).optional(),
        tags: z.array(z.number().int()).optional(),
      })
      .optional(),
    state: z.string().optional(),
    corpId: z.string().optional(),
  }),
  visibility: z.object({
    users: ids.optional(),
    parties: z.array(z.number().int()).optional(),
    tags: z.array(z.number().int()).optional(),
    changeAuth: z.boolean().optional(),
  }),
  admins: z.object({ admins: ids.min(1), via: z.enum(['change_app_admin', 'change_auth']).optional() }),
  permissionChange: z.object({ permissions: ids.min(1) }),
  decision: z.object({ permission: z.string().min(1).optional() }),
  click: z.object({ taskId: z.string().min(1), eventKey: z.string().min(1) }),
  text: z.object({ content: z.string().min(1) }),
  media: z.object({ kind: z.enum(MEDIA_MESSAGE_KINDS) }),
  webhook: z.object({ key: z.string().min(1).optional() }),
  // Only http(s): the page shows it as a link, and callbacks go there.
  bot: z.object({ baseUrl: z.url({ protocol: /^https?$/ }).nullable() }),
  // Days ahead lets a newcomer see reminders at once; more than a year per move is a typo.
  advance: z.object({ ms: z.number().int().min(0).max(MAX_CLOCK_MOVE_MS) }),
  verify: z.union([
    z.object({ target: z.literal('template'), suiteId: z.string().min(1) }),
    z.object({ target: z.literal('app'), corpId: z.string().min(1) }),
  ]),
};

async function parse<T>(ctx: Context, schema: z.ZodType<T>): Promise<T> {
  const raw = await readBody(ctx.req);
  let json: unknown;
  try {
    json = raw === '' ? {} : JSON.parse(raw);
  } catch {
    throw new AppError('invalid_json', 400, true, 'body is not JSON');
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new AppError('invalid_input', 400, true, z.prettifyError(result.error));
  return result.data;
}

/** The control API under /sim/api: the same operations as the programmatic API, for the page and scripts. */
export function createControlRoutes(deps: {
  state: SimState;
  provider: ProviderControls;
  enterprise: EnterpriseControls;
  failures: FailureInjector;
  dispatch: CallbackDispatch;
  snapshot: () => WorldSnapshot;
  logger: Logger;
}): Middleware {
  const { state, provider, enterprise, failures, dispatch, logger } = deps;
  const router = new Router({ prefix: '/sim/api' });

  router.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (!(err instanceof AppError)) {
        logger.error({ err, path: ctx.path }, 'simulator control failed');
        ctx.status = 500;
        ctx.body = { error: 'internal' };
        return;
      }
      ctx.status = err.status;
      ctx.body = { error: err.code, message: err.expose ? err.message : err.code };
    }
  });

  router.get('/state', (ctx) => void (ctx.body = deps.snapshot()));
  router.get('/calls', (ctx) => {
    const path = typeof ctx.query.path === 'string' ? ctx.query.path : '';
    ctx.body = redact(state.calls.filter((c) => c.path.includes(path)));
  });
  router.get('/callbacks', (ctx) => void (ctx.body = redact(state.callbacks)));
  router.get('/alerts', (ctx) => void (ctx.body = enterprise.alerts()));

  router.post('/templates', async (ctx) => {
    const input = await parse(ctx, schemas.template);
    provider.addTemplate(input);
    ctx.status = 201;
    ctx.body = { suiteId: input.suiteId };
  });
  router.post('/templates/:suiteId/suite-ticket', async (ctx) => {
    ctx.body = await provider.pushSuiteTicket(ctx.params.suiteId);
  });
  router.post('/templates/:suiteId/authorize', async (ctx) => {
    ctx.body = await provider.authorizeTemplate(ctx.params.suiteId, await parse(ctx, schemas.authorize));
  });
  router.post('/callbacks/verify', async (ctx) => {
    ctx.body = await provider.verifyCallbackUrl(await parse(ctx, schemas.verify));
  });

  router.post('/corps/:corpId/cancel', async (ctx) => {
    ctx.body = await provider.cancelAuthorization(ctx.params.corpId);
  });
  router.post('/corps/:corpId/online', (ctx) => {
    provider.putOnline(ctx.params.corpId);
    ctx.body = { publishStatus: 2 };
  });
  router.post('/corps/:corpId/change-auth', async (ctx) => {
    ctx.body = await provider.changeAuth(ctx.params.corpId);
  });
  router.post('/corps/:corpId/reset-permanent-code', async (ctx) => {
    const { callback } = await provider.resetPermanentCode(ctx.params.corpId);
    ctx.body = { callback };
  });
  router.post('/corps/:corpId/permission-change', async (ctx) => {
    const { permissions } = await parse(ctx, schemas.permissionChange);
    ctx.body = provider.fileProviderPermissionChange(ctx.params.corpId, permissions);
  });
  router.post('/corps/:corpId/permissions/grant', async (ctx) => {
    const { permission } = await parse(ctx, schemas.decision);
    ctx.body = await enterprise.grantPermission(ctx.params.corpId, permission);
  });
  router.post('/corps/:corpId/permissions/deny', async (ctx) => {
    ctx.body = enterprise.denyPermission(ctx.params.corpId, (await parse(ctx, schemas.decision)).permission);
  });
  router.post('/corps/:corpId/visibility', async (ctx) => {
    const { changeAuth, ...range } = await parse(ctx, schemas.visibility);
    const visibility = enterprise.setVisibility(ctx.params.corpId, range);
    const callback = changeAuth ? (await provider.changeAuth(ctx.params.corpId)).callback : undefined;
    ctx.body = { visibility, callback };
  });
  router.post('/corps/:corpId/admins', async (ctx) => {
    const { admins, via } = await parse(ctx, schemas.admins);
    ctx.body = await enterprise.changeAdmins(ctx.params.corpId, admins, via);
  });
  router.get('/corps/:corpId/users/:userId/inbox', (ctx) => {
    ctx.body = enterprise.inbox(ctx.params.corpId, ctx.params.userId);
  });
  router.post('/corps/:corpId/users/:userId/click', async (ctx) => {
    const { taskId, eventKey } = await parse(ctx, schemas.click);
    ctx.body = await enterprise.clickCardButton(ctx.params.corpId, ctx.params.userId, taskId, eventKey);
  });
  router.post('/corps/:corpId/users/:userId/text', async (ctx) => {
    const { content } = await parse(ctx, schemas.text);
    ctx.body = await enterprise.sendText(ctx.params.corpId, ctx.params.userId, content);
  });
  router.post('/corps/:corpId/users/:userId/media', async (ctx) => {
    const { kind } = await parse(ctx, schemas.media);
    ctx.body = await enterprise.sendMedia(ctx.params.corpId, ctx.params.userId, kind);
  });

  router.post('/webhooks', async (ctx) => {
    ctx.status = 201;
    ctx.body = { key: enterprise.addWebhook((await parse(ctx, schemas.webhook)).key) };
  });
  router.get('/failures', (ctx) => void (ctx.body = failures.pending()));
  router.post('/failures', async (ctx) => {
    failures.inject(await parse(ctx, failureRuleSchema));
    ctx.status = 201;
    ctx.body = failures.pending();
  });
  router.delete('/failures', (ctx) => {
    failures.clear();
    ctx.status = 204;
  });
  router.post('/bot', async (ctx) => {
    dispatch.setBotBaseUrl((await parse(ctx, schemas.bot)).baseUrl ?? undefined);
    ctx.body = { botBaseUrl: dispatch.botBaseUrl() ?? null };
  });
  router.post('/clock/advance', async (ctx) => {
    const { ms } = await parse(ctx, schemas.advance);
    if (!(state.clock instanceof ManualClock)) throw new ConflictError('the clock is not a ManualClock');
    // The bot shares this clock: it must stay a valid date (at most ±8.64e15 ms).
    if (Number.isNaN(new Date(state.clock.now().getTime() + ms).getTime())) {
      throw new AppError('invalid_input', 400, true, 'that would move the clock past any valid date');
    }
    ctx.body = { now: state.clock.advance(ms).toISOString() };
  });

  return router.routes() as Middleware;
}
