import nock from '../helpers/nock';
import { DAY } from '../../src/shared/clock';
import { createTestBot, SUITE, WECOM_BASE, type TestBot } from '../helpers/test-bot';
import { ADMINS, CORP, cardClick, mockMessageSend } from '../helpers/wecom-nock';
import { anApp, anAuthorization } from '../helpers/domain-builders';

const ROLLOUT = `/admin/api/apps/${SUITE.suiteId}/${CORP}/rollout`;

/** An authorized enterprise whose app is still in development; WeCom's token call is ready. */
async function seedEnterprise(bot: TestBot): Promise<void> {
  const now = bot.clock.now();
  await bot.stores.authorizations.create(
    anAuthorization(now, {
      suiteId: SUITE.suiteId,
      corpId: CORP,
      admins: ADMINS,
      permanentCodeEnc: bot.container.secrets.seal('PERMANENT_CODE_SECRET'),
    }),
  );
  await bot.stores.apps.create(anApp(now, { suiteId: SUITE.suiteId, corpId: CORP, status: 'developing' }));
  nock(WECOM_BASE)
    .get('/cgi-bin/gettoken')
    .query({ corpid: CORP, corpsecret: 'PERMANENT_CODE_SECRET' })
    .reply(200, { errcode: 0, access_token: 'APP_TOKEN', expires_in: 7200 })
    .persist();
}

/** agent/get answering with this visibility range. */
function agentGet(users: string[], parties: number[] = []): nock.Scope {
  return nock(WECOM_BASE)
    .get('/cgi-bin/agent/get')
    .query({ access_token: 'APP_TOKEN', agentid: '1000002' })
    .reply(200, {
      errcode: 0,
      agentid: 1000002,
      name: '客户管家',
      allow_userinfos: { user: users.map((userid) => ({ userid })) },
      allow_partys: { partyid: parties },
      allow_tags: { tagid: [] },
      close: 0,
      customized_publish_status: 2,
    });
}

describe('rollout reminders through HTTP, the scheduler and WeCom (nock)', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
    await seedEnterprise(bot);
  });
  afterEach(() => bot.close());

  it('starts on enablement, reminds, believes Widened only after agent/get, and greys out the cards', async () => {
    const sent: Record<string, unknown>[] = [];
    mockMessageSend(sent, 2);
    const enabled = await bot.admin('post', `/admin/api/apps/${SUITE.suiteId}/${CORP}/status`, {
      status: 'enabled',
    });
    expect(enabled.status).toBe(200);
    const r0 = await bot.admin('get', ROLLOUT);
    expect(r0.status).toBe(200);
    expect(r0.body.rollout).toMatchObject({ state: 'active', stageIndex: -1 });
    expect(r0.body.lines[1]).toContain('试点 / Pilot');
    expect(r0.body.stuck).toBe(false);

    // A day later (Tuesday 10:00): agent/get shows nobody yet, so each admin gets a reminder card.
    bot.clock.advance(DAY);
    const get1 = agentGet([]);
    const send1 = mockMessageSend(sent, 2);
    await bot.tick();
    expect(get1.isDone() && send1.isDone()).toBe(true);
    const cards = sent.slice(2);
    expect(cards.map((b) => b.touser).sort()).toEqual([...ADMINS].sort());
    expect(cards[0]).toMatchObject({
      agentid: 1000002,
      msgtype: 'template_card',
      template_card: {
        button_list: [
          { key: `roll:widened:${SUITE.suiteId}:${CORP}` },
          { key: `roll:later:${SUITE.suiteId}:${CORP}` },
          { key: `roll:pause:${SUITE.suiteId}:${CORP}` },
        ],
      },
    });
    const lisiCardRc = `send-rc-${2 + cards.findIndex((b) => b.touser === 'lisi') + 1}`;

    // zhangsan says Widened; WeCom confirms three pilot members.
    const get2 = agentGet(['u1', 'u2', 'u3']);
    const updates: Record<string, unknown>[] = [];
    const update = nock(WECOM_BASE)
      .post('/cgi-bin/message/update_template_card', (b) => {
        updates.push(b);
        return true;
      })
      .query({ access_token: 'APP_TOKEN' })
      .times(2)
      .reply(200, { errcode: 0, errmsg: 'ok' });
    const reply = mockMessageSend(sent, 1);
    const res = await cardClick(bot, 'zhangsan', `roll:widened:${SUITE.suiteId}:${CORP}`, 'click-rc-1');
    expect(res.text).toBe('success');
    await bot.tick();
    expect(get2.isDone() && update.isDone() && reply.isDone()).toBe(true);
    expect(updates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          userids: ['zhangsan'],
          response_code: 'click-rc-1',
          button: { replace_name: '已扩大' },
        }),
        expect.objectContaining({
          userids: ['lisi'],
          response_code: lisiCardRc,
          button: { replace_name: '已扩大' },
        }),
      ]),
    );
    expect(sent.at(-1)).toMatchObject({ touser: 'zhangsan', msgtype: 'text' });
    expect(JSON.stringify(sent.at(-1))).toContain('已确认');

    const r1 = await bot.admin('get', ROLLOUT);
    expect(r1.body.rollout).toMatchObject({ stageIndex: 0, unanswered: 0 });
    expect(r1.body.lines.join('\n')).toContain('3 位成员');
  });

  it('lets support pause, resume, restart and set a plan, with errors the middleware maps', async () => {
    mockMessageSend([], 2);
    await bot.admin('post', `/admin/api/apps/${SUITE.suiteId}/${CORP}/status`, { status: 'enabled' });

    const paused = await bot.admin('post', `${ROLLOUT}/pause`, { by: 'carol' });
    expect(paused.status).toBe(200);
    expect(paused.body.rollout).toMatchObject({ state: 'paused' });
    expect(paused.body.rollout.history.at(-1)).toMatchObject({ what: 'paused', by: 'support:carol' });

    const resumed = await bot.admin('post', `${ROLLOUT}/resume`);
    expect(resumed.body.rollout).toMatchObject({ state: 'active' });
    expect(resumed.body.rollout.history.at(-1)).toMatchObject({ what: 'resumed', by: 'support' });

    const restarted = await bot.admin('post', `${ROLLOUT}/restart`);
    expect(restarted.body.rollout).toMatchObject({ state: 'active', stageIndex: -1 });

    const plan = await bot.admin('put', `${ROLLOUT}/plan`, {
      stages: [
        { name: '试点', reach: 'members', waitMinutes: 1440 },
        { name: '全员', reach: 'company', waitMinutes: 0 },
      ],
    });
    expect(plan.status).toBe(200);
    expect(plan.body.rollout.plan.map((s: { name: string }) => s.name)).toEqual(['试点', '全员']);

    const bad = await bot.admin('put', `${ROLLOUT}/plan`, {
      stages: [{ name: '试点', reach: 'all', waitMinutes: 0 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_input', field: 'stages[0].reach' });
    const missing = await bot.admin('put', `${ROLLOUT}/plan`, {});
    expect(missing.body).toMatchObject({ error: 'invalid_input', field: 'stages' });

    const unknown = await bot.admin('get', `/admin/api/apps/${SUITE.suiteId}/wwnobody/rollout`);
    expect(unknown.status).toBe(404);

    await bot.stores.rollouts.update(SUITE.suiteId, CORP, { state: 'completed' }, bot.clock.now());
    const conflict = await bot.admin('post', `${ROLLOUT}/resume`);
    expect(conflict.status).toBe(409);

    const unauthorized = await bot.http().get(ROLLOUT);
    expect(unauthorized.status).toBe(401);
  });
});
