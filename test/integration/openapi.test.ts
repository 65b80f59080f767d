import Router from '@koa/router';
import type { Response } from 'supertest';
import { registerAdminApi } from '../../src/gateway/routes/admin';
import type { ApiRoute } from '../../src/gateway/routes/admin/api/admin-api';
import { errorAnswer, validationError } from '../../src/gateway/routes/admin/api/answers';
import { actions } from '../../src/domain/support/rules/actions';
import { validateOpenApi } from '../helpers/openapi-validator';
import { createTestBot, SUITE, type TestBot } from '../helpers/test-bot';
import { daysAgo, seed } from '../unit/domain/support/support-fixture';

const S = SUITE.suiteId;
const CORP = 'wwa';

type Method = 'get' | 'post' | 'put';
const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** Every route the app serves, read from the koa routers it mounted: `GET /admin/api/overview` … */
function servedRoutes(bot: TestBot): string[] {
  const routers = bot.app.middleware.flatMap((m) => {
    const router = (m as { router?: Router }).router;
    return router ? [router] : [];
  });
  return routers.flatMap((r) =>
    r.stack.flatMap((layer) =>
      layer.methods
        .filter((m) => m !== 'HEAD')
        .map((m) => key(m, String(layer.path)))
        .filter((k) => k.split(' ')[1]!.startsWith('/admin/api/')),
    ),
  );
}

describe('GET /admin/api/openapi.json', () => {
  let bot: TestBot;
  let document: { openapi: string; paths: Record<string, Record<string, unknown>> };
  beforeAll(async () => {
    bot = await createTestBot();
    document = (await bot.admin('get', '/admin/api/openapi.json')).body;
  });
  afterAll(() => bot.close());

  it('is behind the admin token like the rest of the API', async () => {
    const res = await bot.http().get('/admin/api/openapi.json');
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('openapi');
  });

  it('is a valid OpenAPI 3.1 document', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(validateOpenApi(document)).toEqual({ valid: true, errors: null });
    // The validator does look: a parameter without its `in` is refused.
    const broken = structuredClone(document);
    const op = broken.paths['/admin/api/enterprises']!.get as { parameters: Record<string, unknown>[] };
    delete op.parameters[0]!.in;
    expect(validateOpenApi(broken).valid).toBe(false);
  });

  it('describes every route the app serves under /admin/api, and nothing else', () => {
    const described = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => key(method, path.replace(/\{(\w+)\}/g, ':$1'))),
    );
    const served = servedRoutes(bot);
    expect(served.length).toBeGreaterThan(20);
    expect([...described].sort()).toEqual([...served].sort());
  });

  it('gives each endpoint its path and query parameters, body and error answers', () => {
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
    const plan = paths['/admin/api/apps/{suiteId}/{corpId}/rollout/plan']!.put!;
    expect((plan.parameters as { name: string; in: string }[]).map((p) => [p.name, p.in])).toEqual([
      ['suiteId', 'path'],
      ['corpId', 'path'],
    ]);
    expect(plan.requestBody).toMatchObject({
      content: { 'application/json': { schema: { required: ['stages'], additionalProperties: false } } },
    });
    expect(Object.keys(plan.responses as object).sort()).toEqual(['200', '400', '401', '404', '413', '429']);
    const list = paths['/admin/api/enterprises']!.get!;
    const names = (list.parameters as { name: string }[]).map((p) => p.name);
    expect(names).toEqual([
      'status',
      'template',
      'stuck',
      'pending',
      'authorization',
      'test',
      'stage',
      'enabledDays',
      'request',
      'messages',
      'since',
      'page',
      'pageSize',
    ]);
    expect(list.parameters).toContainEqual(
      expect.objectContaining({
        name: 'pageSize',
        required: false,
        schema: expect.objectContaining({ default: '20' }),
      }),
    );
  });
});

describe('answers of /admin/api', () => {
  let bot: TestBot;
  let routes: readonly ApiRoute[];
  const answered = new Map<string, Set<number>>();

  beforeAll(async () => {
    bot = await createTestBot();
    routes = registerAdminApi(new Router(), bot.container).routes;
    await seed(bot.stores, {
      auth: { suiteId: S, corpId: CORP, corpName: '甲', createdAt: daysAgo(3) },
      requests: [{ id: 'req-a', createdAt: daysAgo(1) }],
    });
  });
  afterAll(() => bot.close());

  function routeOf(method: Method, path: string): ApiRoute {
    const bare = path.split('?')[0]!;
    const found = routes.find(
      (r) => r.method === method && new RegExp(`^${r.path.replace(/:\w+/g, '[^/]+')}$`).test(bare),
    );
    if (!found) throw new Error(`no route declared for ${key(method, bare)}`);
    return found;
  }

  /** Calls the endpoint and checks the answer against the schema its route declares for that status. */
  async function call(method: Method, path: string, body?: unknown, status?: number): Promise<Response> {
    const route = routeOf(method, path);
    const res = await bot.admin(method, path, body);
    if (status !== undefined) expect([key(method, path), res.status]).toEqual([key(method, path), status]);
    const errors = [400, 401, 429, ...(route.body ? [413] : []), ...(route.errors ?? [])];
    const schema =
      route.answers[res.status as 200 | 201 | 202]?.schema ??
      (res.status === 400 ? validationError : errors.includes(res.status) ? errorAnswer : undefined);
    if (!schema) throw new Error(`${key(method, path)} answered ${res.status}, which it does not declare`);
    const parsed = schema.safeParse(res.body);
    expect([key(method, path), parsed.error?.issues ?? []]).toEqual([key(method, path), []]);
    answered.set(
      key(route.method, route.path),
      (answered.get(key(route.method, route.path)) ?? new Set()).add(res.status),
    );
    return res;
  }

  /** A text the worker failed to send, as support would resend it. */
  async function failedMessage(): Promise<string> {
    const now = bot.clock.now();
    const { message } = await bot.stores.outbox.enqueue(
      {
        dedupeKey: 'openapi:text',
        channel: 'app',
        suiteId: S,
        corpId: CORP,
        toUser: 'alice',
        topic: 'rollout_reply',
        payload: { touser: 'alice', msgtype: 'text', text: { content: '好' } },
      },
      now,
    );
    await bot.stores.outbox.claimDue({ owner: 'test', now, leaseMs: 60_000, limit: 100 });
    await bot.stores.outbox.markFailed(message.id, 'test', { error: 'errcode 81013', errcode: 81013 }, now);
    return message.id;
  }

  it("offers as the diagnosis's one-click fixes only declared routes, with bodies they accept", () => {
    const ACTIONS = actions('zh-CN');
    const fixes = [
      ACTIONS.resend('m1'),
      ACTIONS.setStatus(S, CORP, 'enabled', 'enable'),
      ACTIONS.resumeRollout(S, CORP),
      ACTIONS.restartRollout(S, CORP),
      ACTIONS.fileRequest(S, CORP, ['customer_contact']),
    ];
    for (const fix of fixes) {
      const route = routeOf(fix.method.toLowerCase() as Method, fix.path);
      expect(() => route.body?.parse(fix.body ?? {})).not.toThrow();
    }
  });

  it('answers every declared route as its schemas say, with a success at least once', async () => {
    const app = `/admin/api/apps/${S}/${CORP}`;
    await call('get', '/admin/api/openapi.json', undefined, 200);
    await call('get', '/admin/api/overview', undefined, 200);
    await call('get', '/admin/api/overview?stray=1', undefined, 400);
    await call('get', '/admin/api/enterprises?status=enabled&pageSize=5', undefined, 200);
    await call('get', '/admin/api/enterprises?pagesize=5', undefined, 400);
    await call('get', `/admin/api/enterprises/${CORP}/diagnosis`, undefined, 200);
    await call('get', '/admin/api/diagnoses', undefined, 200);
    await call('get', '/admin/api/apps?test=false', undefined, 200);
    await call('get', app, undefined, 200);
    await call('get', `/admin/api/apps/${S}/wwnone`, undefined, 404);
    await call('get', `${app}/timeline?page=1`, undefined, 200);
    await call('post', `${app}/status`, { status: 'enabled' }, 200);
    await call('post', `${app}/status`, { status: 'live' }, 400);
    await call('post', `${app}/enabled-notice/resend`, undefined, 202);
    await call('post', '/admin/api/check-config', { kind: 'app', name: '企业微信助手' }, 200);

    await call('get', '/admin/api/permission-catalogue', undefined, 200);
    const filed = await call(
      'post',
      `${app}/permission-requests`,
      { permissions: ['customer_contact'] },
      201,
    );
    const id = filed.body.request.id as string;
    await call('get', `${app}/permission-requests`, undefined, 200);
    await call('get', '/admin/api/permission-requests?state=pending', undefined, 200);
    await call('get', '/admin/api/permission-requests?state=maybe', undefined, 400);
    await call('get', `/admin/api/permission-requests/${id}`, undefined, 200);
    await call('post', `${app}/permission-requests/${id}/granted`, { by: 'li' }, 200);
    await call('post', `${app}/permission-requests/${id}/granted`, { by: 'li' }, 409);

    await call('get', `${app}/rollout`, undefined, 200);
    await call('post', `${app}/rollout/pause`, { by: 'li' }, 200);
    await call('post', `${app}/rollout/resume`, {}, 200);
    await call('post', `${app}/rollout/restart`, undefined, 200);
    const stages = [
      { name: '试点', names: { en: 'Pilot' }, reach: 'members', waitMinutes: 60 },
      { name: '全员', reach: 'company', waitMinutes: 0 },
    ];
    const set = await call('put', `${app}/rollout/plan`, { stages }, 200);
    expect(set.body.rollout.plan[0]).toMatchObject({ name: '试点', names: { en: 'Pilot' } });
    await call('put', `${app}/rollout/plan`, { stages: [...stages].reverse() }, 400);
    const french = [{ ...stages[0]!, names: { fr: 'Pilote' } }];
    expect((await call('put', `${app}/rollout/plan`, { stages: french }, 400)).body).toMatchObject({
      field: 'stages[0].names.fr',
      rule: 'unknown_field',
    });

    const failed = await failedMessage();
    await call('get', `/admin/api/messages?corpId=${CORP}&status=failed`, undefined, 200);
    await call('get', `/admin/api/messages/${failed}`, undefined, 200);
    await call('post', `/admin/api/messages/${failed}/resend`, undefined, 202);
    await call('post', `/admin/api/messages/${failed}/resend`, undefined, 202);
    await call('get', '/admin/api/messages/nope', undefined, 404);

    await call('post', '/admin/api/templates', { suiteId: 'wwt1', name: '一', status: 'online' }, 201);
    await call('post', '/admin/api/templates', { suiteId: 'wwt2', name: '二', status: 'approved' }, 201);
    await call('post', '/admin/api/templates/wwt2/status', { status: 'online', qrCode: 'qr/t2.png' }, 200);
    await call('post', '/admin/api/templates/wwt2/status', { status: 'created' }, 409);
    await call('get', '/admin/api/templates', undefined, 200);
    await call('post', '/admin/api/batch-qr-codes', { suiteIds: ['wwt1', 'wwt2'] }, 201);
    await call('post', '/admin/api/batch-qr-codes', { suiteIds: ['wwt1'] }, 400);
    await call('get', '/admin/api/batch-qr-codes', undefined, 200);
    await call('post', `/admin/api/enterprises/${CORP}/test`, { test: true }, 200);
    await call('post', `/admin/api/enterprises/${CORP}/locale`, { locale: 'en' }, 200);

    const neverAnswered = routes
      .map((r) => key(r.method, r.path))
      .filter((k) => ![...(answered.get(k) ?? [])].some((s) => s < 300));
    expect(neverAnswered).toEqual([]);
  });
});
