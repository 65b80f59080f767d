import nock from '../helpers/nock';
import { createTestBot, SUITE, WECOM_BASE, type TestBot } from '../helpers/test-bot';
import { ADMINS, CORP } from '../helpers/wecom-nock';
import { aDueRollout, anApp, anAuthorization } from '../helpers/domain-builders';
import { seed } from '../unit/domain/support/support-fixture';

const S = SUITE.suiteId;
const PLAN = [
  { name: '试点', names: { en: 'Pilot' }, reach: 'members' as const, waitMinutes: 4320 },
  { name: '部门', names: { en: 'Department' }, reach: 'departments' as const, waitMinutes: 10080 },
  { name: '全员', names: { en: 'Whole company' }, reach: 'company' as const, waitMinutes: 0 },
];

const mark = (bot: TestBot, corpId: string, body: unknown) =>
  bot.admin('post', `/admin/api/enterprises/${corpId}/test`, body);

/** An enabled app whose WeCom token and agent/get answer: the pilot reached, nothing wider. */
async function seedEnabled(bot: TestBot, opts: { rollout?: boolean } = {}): Promise<void> {
  const now = bot.clock.now();
  await bot.stores.authorizations.create(
    anAuthorization(now, {
      suiteId: S,
      corpId: CORP,
      admins: ADMINS,
      permanentCodeEnc: bot.container.secrets.seal('PERMANENT_CODE_SECRET'),
    }),
  );
  await bot.stores.apps.create(
    anApp(now, { suiteId: S, corpId: CORP, status: opts.rollout ? 'enabled' : 'developing' }),
  );
  if (opts.rollout) {
    const actual = { users: ['u1'], parties: [], tags: [] };
    await bot.stores.rollouts.create(
      aDueRollout(now, { suiteId: S, corpId: CORP, plan: PLAN, actual, unanswered: 3, remindersSent: 3 }),
    );
  }
  nock(WECOM_BASE)
    .get('/cgi-bin/gettoken')
    .query({ corpid: CORP, corpsecret: 'PERMANENT_CODE_SECRET' })
    .reply(200, { errcode: 0, access_token: 'APP_TOKEN', expires_in: 7200 })
    .persist();
  nock(WECOM_BASE)
    .get('/cgi-bin/agent/get')
    .query(true)
    .reply(200, {
      errcode: 0,
      agentid: 1000002,
      name: '客户管家',
      allow_userinfos: { user: [{ userid: 'u1' }] },
      allow_partys: { partyid: [] },
      allow_tags: { tagid: [] },
      close: 0,
      customized_publish_status: 2,
    })
    .persist();
}

describe('test enterprises', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
  });
  afterEach(async () => {
    nock.cleanAll();
    await bot.close();
  });

  it('marks and unmarks every authorization of the enterprise; the lists show it and filter by it', async () => {
    await seed(bot.stores, { auth: { suiteId: S, corpId: 'wwt', corpName: '测' } });
    await seed(bot.stores, { auth: { suiteId: 'wwother', corpId: 'wwt', corpName: '测' } });
    await seed(bot.stores, { auth: { suiteId: S, corpId: 'wwc', corpName: '客' } });

    const res = await mark(bot, 'wwt', { test: true });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ corpId: 'wwt', test: true, authorizations: 2 });
    for (const suiteId of [S, 'wwother'])
      expect(await bot.stores.authorizations.get(suiteId, 'wwt')).toMatchObject({ test: true });

    const corps = async (q: string) =>
      (await bot.admin('get', `/admin/api/enterprises${q}`)).body.enterprises.map(
        (e: { corpId: string; test: boolean }) => [e.corpId, e.test],
      );
    expect(await corps('?test=true')).toEqual([['wwt', true]]);
    expect(await corps('?test=false')).toEqual([['wwc', false]]);
    const apps = (await bot.admin('get', '/admin/api/apps?test=true')).body.apps;
    expect(apps.map((a: { suiteId: string; test: boolean }) => [a.suiteId, a.test]).sort()).toEqual([
      ['wwother', true],
      [S, true],
    ]);

    expect((await mark(bot, 'wwt', { test: false })).body).toMatchObject({ test: false });
    expect(await corps('?test=true')).toEqual([]);
  });

  it('answers 400 naming the field on a bad body and 404 for an unknown enterprise', async () => {
    await seed(bot.stores, { auth: { suiteId: S, corpId: 'wwt' } });
    for (const body of [{}, { test: 'yes' }, { test: 1 }]) {
      const bad = await mark(bot, 'wwt', body);
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ field: 'test' });
    }
    expect((await mark(bot, 'wwnobody', { test: true })).status).toBe(404);
  });

  it('leaves a test enterprise out of the overview counts', async () => {
    await seed(bot.stores, {
      auth: { suiteId: S, corpId: 'wwt' },
      rollout: { state: 'escalated' },
      requests: [{ id: 'req-t' }],
    });
    await seed(bot.stores, { auth: { suiteId: S, corpId: 'wwc' } });
    const before = (await bot.admin('get', '/admin/api/overview')).body.overview;
    expect(before.authorizations.active).toBe(2);
    expect(before.needsPerson.map((n: { rule: string }) => n.rule)).toEqual(['rollout_escalated']);
    await mark(bot, 'wwt', { test: true });
    const o = (await bot.admin('get', '/admin/api/overview')).body.overview;
    expect(o.authorizations).toEqual({ active: 1, cancelled: 0 });
    expect(o.apps.byStatus.enabled).toBe(1);
    expect(o.permissionRequests.pending).toBe(0);
    expect(o.rollouts.byState.escalated).toBe(0);
    expect(o.rollouts.stuck).toBe(0);
    expect(o.needsPerson).toEqual([]);
    const diagnoses = (await bot.admin('get', '/admin/api/diagnoses')).body;
    expect(JSON.stringify(diagnoses)).toContain('wwt');
  });

  it.each([
    [true, 0],
    [false, 1],
  ])('escalates the rollout (test: %s) and alerts support only about a customer', async (test, alerts) => {
    await seedEnabled(bot, { rollout: true });
    await mark(bot, CORP, { test });
    await bot.tick();
    expect(await bot.stores.rollouts.get(S, CORP)).toMatchObject({ state: 'escalated' });
    const escalations = (await bot.stores.outbox.list({ channel: 'support' })).filter((m) =>
      JSON.stringify(m.payload).includes('扩大可见范围需要人工跟进'),
    );
    expect(escalations).toHaveLength(alerts);
  });

  it('starts the rollout of a test enterprise on the test stages', async () => {
    await seedEnabled(bot);
    await mark(bot, CORP, { test: true });
    const enabled = await bot.admin('post', `/admin/api/apps/${S}/${CORP}/status`, { status: 'enabled' });
    expect(enabled.status).toBe(200);
    const rollout = (await bot.admin('get', `/admin/api/apps/${S}/${CORP}/rollout`)).body.rollout;
    expect(rollout.plan.map((s: { reach: string; waitMinutes: number }) => [s.reach, s.waitMinutes])).toEqual(
      [
        ['members', 5],
        ['departments', 5],
        ['company', 0],
      ],
    );
  });
});
