import { createTestBot, SUITE, type TestBot } from '../helpers/test-bot';
import { anError, daysAgo, minutesAgo, seed } from '../unit/domain/support/support-fixture';

const S = SUITE.suiteId;

/** Three enterprises on the configured template and one on another: enough to filter and page. */
async function seedWorld(bot: TestBot): Promise<void> {
  await seed(bot.stores, { auth: { suiteId: S, corpId: 'wwa', corpName: '甲', createdAt: daysAgo(3) } });
  await seed(bot.stores, {
    auth: { suiteId: S, corpId: 'wwb', corpName: '乙', createdAt: daysAgo(2) },
    app: { status: 'developing', createdAt: daysAgo(2) },
    rollout: null,
    requests: [{ id: 'req-b', createdAt: daysAgo(1) }],
  });
  await seed(bot.stores, {
    auth: { suiteId: S, corpId: 'wwc', corpName: '丙', createdAt: daysAgo(1) },
    rollout: {
      state: 'escalated',
      history: [{ at: daysAgo(1), what: 'escalated', detail: '3 reminders unanswered' }],
    },
  });
  await seed(bot.stores, {
    auth: { suiteId: 'wwother', corpId: 'wwa', corpName: '甲', createdAt: daysAgo(5), state: 'cancelled' },
    rollout: null,
  });
}

describe('support API', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
    await seedWorld(bot);
  });
  afterEach(() => bot.close());

  describe('GET /admin/api/enterprises', () => {
    it('lists enterprises newest authorization first, each with its apps', async () => {
      const res = await bot.admin('get', '/admin/api/enterprises');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
      expect(res.body.enterprises.map((e: { corpId: string }) => e.corpId)).toEqual(['wwc', 'wwb', 'wwa']);
      const a = res.body.enterprises[2];
      expect(a).toMatchObject({
        corpName: '甲',
        authorization: 'active',
        pendingRequests: 0,
        stuckRollouts: 0,
      });
      expect(
        a.apps.map((x: { suiteId: string; authorization: string }) => [x.suiteId, x.authorization]),
      ).toEqual([
        [S, 'active'],
        ['wwother', 'cancelled'],
      ]);
    });

    it('filters by status, template, stuck rollouts and pending requests', async () => {
      const ids = async (q: string) =>
        (await bot.admin('get', `/admin/api/enterprises?${q}`)).body.enterprises.map(
          (e: { corpId: string }) => e.corpId,
        );
      expect(await ids('status=developing')).toEqual(['wwb']);
      expect(await ids('pending=true')).toEqual(['wwb']);
      expect(await ids('pending=false')).toEqual(['wwc', 'wwa']);
      expect(await ids('stuck=true')).toEqual(['wwc']);
      expect(await ids('template=wwother')).toEqual(['wwa']);
      expect(await ids('template=wwother&authorization=active')).toEqual([]);
    });

    it('pages', async () => {
      const res = await bot.admin('get', '/admin/api/enterprises?page=2&pageSize=2');
      expect(res.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(res.body.enterprises.map((e: { corpId: string }) => e.corpId)).toEqual(['wwa']);
    });

    it.each([
      ['pageSize=101', 'pageSize', 'range'],
      ['pageSize=0', 'pageSize', 'range'],
      ['page=0', 'page', 'range'],
      ['page=1.5', 'page', 'range'],
      ['page=abc', 'page', 'range'],
      ['status=live', 'status', 'one_of'],
      ['stuck=maybe', 'stuck', 'boolean'],
      ['authorization=gone', 'authorization', 'one_of'],
      ['template=', 'template', 'required'],
      ['page=1&page=2', 'page', 'single'],
      ['pagesize=10', 'pagesize', 'unknown_field'],
    ])('answers 400 for %s, naming the field', async (q, field, rule) => {
      const res = await bot.admin('get', `/admin/api/enterprises?${q}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid_input', field, rule });
      expect(res.body.message).toContain(field);
    });
  });

  describe('GET /admin/api/apps', () => {
    it('lists apps with their rollout and pending request', async () => {
      const res = await bot.admin('get', `/admin/api/apps?template=${S}&pageSize=100`);
      expect(res.body.total).toBe(3);
      const b = res.body.apps.find((x: { corpId: string }) => x.corpId === 'wwb');
      expect(b).toMatchObject({
        status: 'developing',
        statusLabel: '开发中 / developing',
        pendingRequest: { id: 'req-b', requested: ['customer_contact'], raisedCount: 1 },
      });
      expect(b.rollout).toBeUndefined();
      const c = res.body.apps.find((x: { corpId: string }) => x.corpId === 'wwc');
      expect(c.rollout).toMatchObject({ state: 'escalated', stage: '试点', stuck: true, stages: 3 });
    });

    it('filters cancelled authorizations', async () => {
      const res = await bot.admin('get', '/admin/api/apps?authorization=cancelled');
      expect(res.body.apps.map((x: { suiteId: string }) => x.suiteId)).toEqual(['wwother']);
    });

    it('answers 400 for a page size over 100', async () => {
      const res = await bot.admin('get', '/admin/api/apps?pageSize=500');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ field: 'pageSize', rule: 'range' });
      expect(res.body.message).toContain('1 to 100');
    });
  });

  describe('GET /admin/api/apps/:suiteId/:corpId', () => {
    it('shows one app with its admins and requests, never its permanent code', async () => {
      const res = await bot.admin('get', `/admin/api/apps/${S}/wwb`);
      expect(res.status).toBe(200);
      expect(res.body.app).toMatchObject({
        corpName: '乙',
        admins: ['alice', 'bob'],
        closed: false,
        requests: [
          { id: 'req-b', state: 'pending', stateLabel: '待企业客户确认 / waiting for the enterprise' },
        ],
      });
      expect(JSON.stringify(res.body)).not.toContain('permanentCode');
    });

    it('answers 404 for an unknown app', async () => {
      const res = await bot.admin('get', `/admin/api/apps/${S}/wwnobody`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: 'not_found', message: `app ${S}/wwnobody not found` });
    });
  });

  describe('GET /admin/api/apps/:suiteId/:corpId/timeline', () => {
    it('merges callbacks, messages, alerts, permission decisions, rollout steps, status changes and errors, newest first', async () => {
      const st = bot.stores;
      await st.apps.transition(S, 'wwb', ['developing'], 'in_review', 'support', minutesAgo(50));
      await st.inbox.recordOnce({
        key: 'ev1',
        kind: 'change_auth',
        suiteId: S,
        corpId: 'wwb',
        event: {},
        receivedAt: minutesAgo(40),
        expiresAt: daysAgo(-3),
      });
      await st.inbox.markFailed('ev1', 'agent/get: errcode 60020', minutesAgo(40));
      const { message } = await st.outbox.enqueue(
        {
          dedupeKey: 'perm:req-b:card:1:alice',
          channel: 'app',
          suiteId: S,
          corpId: 'wwb',
          toUser: 'alice',
          topic: 'permission_card',
          ref: 'req-b',
          payload: { touser: 'alice', msgtype: 'text', text: { content: 'x' } },
        },
        minutesAgo(30),
      );
      await st.outbox.enqueue(
        {
          dedupeKey: 'cancel_auth:x',
          channel: 'support',
          ref: 'wwb',
          topic: 'support_alert',
          payload: {
            msgtype: 'markdown',
            markdown: {
              content: '<font color="warning">**企业取消授权 / Authorization cancelled: 乙**</font>',
            },
          },
        },
        minutesAgo(20),
      );
      await st.permissionRequests.answer(
        'req-b',
        { answer: 'approve', by: 'alice', via: 'button', at: minutesAgo(10) },
        undefined,
      );
      await st.wecomErrors.record(anError({ suiteId: S, corpId: 'wwb', errcode: 60020, at: minutesAgo(5) }));

      const res = await bot.admin('get', `/admin/api/apps/${S}/wwb/timeline`);
      expect(res.status).toBe(200);
      expect(res.body.timeline.map((e: { source: string; what: string }) => `${e.source}:${e.what}`)).toEqual(
        [
          'wecom_error:60020',
          'permission:answered_approve',
          'alert:cancel_auth',
          'message:permission_card',
          'callback:change_auth',
          'status:in_review',
          'permission:filed',
          'authorization:authorized',
        ],
      );
      const byWhat = (w: string) => res.body.timeline.find((e: { what: string }) => e.what === w);
      expect(byWhat('answered_approve')).toMatchObject({ by: 'alice', ref: 'req-b', detail: 'button' });
      expect(byWhat('permission_card')).toMatchObject({ ref: message.id, status: 'queued' });
      expect(byWhat('change_auth')).toMatchObject({ status: 'failed', detail: 'agent/get: errcode 60020' });
      expect(byWhat('cancel_auth').summary).toContain('Authorization cancelled: 乙');

      const page = await bot.admin('get', `/admin/api/apps/${S}/wwb/timeline?page=2&pageSize=3`);
      expect(page.body).toMatchObject({ total: 8, page: 2, pageSize: 3 });
      expect(page.body.timeline.map((e: { what: string }) => e.what)).toEqual([
        'permission_card',
        'change_auth',
        'in_review',
      ]);
    });

    it('answers 404 for an unknown app and 400 for a bad page', async () => {
      expect((await bot.admin('get', `/admin/api/apps/${S}/wwnobody/timeline`)).status).toBe(404);
      const res = await bot.admin('get', `/admin/api/apps/${S}/wwb/timeline?status=failed`);
      expect(res.body).toMatchObject({ field: 'status', rule: 'unknown_field' });
    });
  });

  describe('GET /admin/api/overview', () => {
    it('counts apps, authorizations, requests, rollouts and messages, and lists what needs a person', async () => {
      const res = await bot.admin('get', '/admin/api/overview');
      expect(res.status).toBe(200);
      const o = res.body.overview;
      expect(o.apps.byStatus).toEqual({ developing: 1, in_review: 0, approved: 0, enabled: 3 });
      expect(o.apps.byTemplate[S]).toEqual({ developing: 1, in_review: 0, approved: 0, enabled: 2 });
      expect(o.authorizations).toEqual({ active: 3, cancelled: 1 });
      expect(o.permissionRequests.pending).toBe(1);
      expect(o.rollouts.byState).toMatchObject({ active: 1, escalated: 1 });
      expect(o.rollouts.byStage).toEqual({ none: 0, members: 2, departments: 0, company: 0 });
      expect(o.rollouts.byStageAndState.members).toMatchObject({ active: 1, escalated: 1 });
      expect(o.rollouts.stuck).toBe(1);
      expect(o.outbox).toEqual({ queued: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 });
      expect(o.needsPerson.map((x: { rule: string }) => x.rule)).toEqual(['rollout_escalated']);
      expect(o.needsPerson[0].enterprises).toEqual([{ corpId: 'wwc', corpName: '丙' }]);
    });
  });

  describe('GET /admin/api/templates and /admin/api/batch-qr-codes', () => {
    it('lists configured and recorded templates, with the last suite ticket', async () => {
      await bot.admin('post', '/admin/api/templates', {
        suiteId: 'wwrecorded',
        name: '记录的',
        status: 'online',
      });
      await bot.stores.credentials.saveSuiteTicket({
        suiteId: S,
        ticket: 't',
        timestamp: 1,
        receivedAt: minutesAgo(4),
      });
      const res = await bot.admin('get', '/admin/api/templates');
      expect(res.status).toBe(200);
      expect(res.body.templates).toEqual([
        expect.objectContaining({
          suiteId: 'wwrecorded',
          name: '记录的',
          status: 'online',
          configured: false,
        }),
        { suiteId: S, name: '客户管家', configured: true, lastSuiteTicketAt: minutesAgo(4).toISOString() },
      ]);
    });

    it('lists batch QR codes newest first, marking the expired', async () => {
      for (const suiteId of ['wwt1', 'wwt2']) {
        await bot.admin('post', '/admin/api/templates', { suiteId, name: suiteId, status: 'online' });
      }
      const first = await bot.admin('post', '/admin/api/batch-qr-codes', { suiteIds: ['wwt1', 'wwt2'] });
      expect(first.status).toBe(201);
      bot.clock.advance(11 * 24 * 3600_000);
      await bot.admin('post', '/admin/api/batch-qr-codes', {
        suiteIds: ['wwt2', 'wwt1'],
        url: 'https://q.example/2',
      });
      const res = await bot.admin('get', '/admin/api/batch-qr-codes');
      expect(
        res.body.batchQrCodes.map((q: { expired: boolean; url?: string }) => [q.url ?? null, q.expired]),
      ).toEqual([
        ['https://q.example/2', false],
        [null, true],
      ]);
    });
  });
});
