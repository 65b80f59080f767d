import nock from '../helpers/nock';
import { previousAppsSection } from '../../src/gateway/routes/admin/dashboard/previous-apps-section';
import { textFor } from '../../src/gateway/routes/admin/dashboard/page-locale';
import { createTestBot, SUITE, WECOM_BASE, xml, seconds, type TestBot } from '../helpers/test-bot';
import {
  ADMINS,
  AGENT_ID,
  CORP,
  authorizeThroughCallbacks,
  cardClick,
  mockAuthorizationApis,
  recordSends,
} from '../helpers/wecom-nock';

const NEW_AGENT_ID = 1000003;
const APP = `/admin/api/apps/${SUITE.suiteId}/${CORP}`;

/** WeCom as the first app (APP_TOKEN) and, after the re-authorization, as the new one (APP_TOKEN_2). */
function recordWecom() {
  const { scope, sent, updates } = recordSends();
  scope
    .get('/cgi-bin/externalcontact/get_follow_user_list')
    .query(true)
    .reply(200, { errcode: 0, follow_user: [] })
    .get('/cgi-bin/agent/get')
    .query({ access_token: 'APP_TOKEN', agentid: String(AGENT_ID) })
    .reply(200, {
      errcode: 0,
      agentid: AGENT_ID,
      name: '客户管家',
      allow_userinfos: { user: ['zhangsan', 'lisi', 'wangwu'].map((userid) => ({ userid })) },
      allow_partys: { partyid: [] },
      allow_tags: { tagid: [] },
      close: 0,
      customized_publish_status: 2,
    })
    .post('/cgi-bin/webhook/send')
    .query(true)
    .reply(200, { errcode: 0, errmsg: 'ok' });
  return { sent, updates };
}

/** The enterprise authorizes again: WeCom made a new app with its own agent id and permanent code. */
async function reauthorize(bot: TestBot): Promise<void> {
  nock(WECOM_BASE)
    .post('/cgi-bin/service/v2/get_permanent_code', (b) => b.auth_code === 'AUTH_CODE_2')
    .query(true)
    .reply(200, {
      errcode: 0,
      permanent_code: 'PERMANENT_CODE_2',
      auth_corp_info: { corpid: CORP, corp_name: '示例科技' },
      auth_user_info: { userid: 'zhangsan' },
    })
    .post('/cgi-bin/service/get_auth_info', (b) => b.permanent_code === 'PERMANENT_CODE_2')
    .query(true)
    .reply(200, {
      errcode: 0,
      auth_corp_info: { corpid: CORP, corp_name: '示例科技' },
      auth_info: {
        agent: [{ agentid: NEW_AGENT_ID, name: '客户管家', privilege: { allow_user: ['zhangsan'] } }],
      },
    })
    .get('/cgi-bin/gettoken')
    .query({ corpid: CORP, corpsecret: 'PERMANENT_CODE_2' })
    .reply(200, { errcode: 0, access_token: 'APP_TOKEN_2', expires_in: 7200 })
    .post('/cgi-bin/agent/get_admin_list', (b) => b.agentid === NEW_AGENT_ID)
    .query({ access_token: 'APP_TOKEN_2' })
    .reply(200, { errcode: 0, admin: ADMINS.map((userid) => ({ userid, auth_type: 1 })) });
  const res = await bot.templateCallback(
    xml({
      SuiteId: SUITE.suiteId,
      InfoType: 'create_auth',
      TimeStamp: seconds(bot.clock),
      AuthCode: 'AUTH_CODE_2',
    }),
  );
  expect(res.text).toBe('success');
}

function say(bot: TestBot, fromUser: string, content: string, msgId: string) {
  return bot.appCallback(
    CORP,
    xml({
      ToUserName: CORP,
      FromUserName: fromUser,
      CreateTime: seconds(bot.clock),
      MsgType: 'text',
      Content: content,
      MsgId: msgId,
      AgentID: NEW_AGENT_ID,
    }),
  );
}

describe('re-authorization starts a new app', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
    mockAuthorizationApis();
    await authorizeThroughCallbacks(bot);
  });
  afterEach(() => bot.close());

  it('after cancel and a new agent id: a fresh record, the old app as history, 状态 about the new app only', async () => {
    const wecom = recordWecom();
    // The first app: enabled, a pilot set, a permission granted, another request still open.
    await bot.admin('post', `${APP}/status`, { status: 'enabled' });
    await bot.tick();
    await cardClick(bot, 'zhangsan', 'enabled:pilot_set', 'rc-pilot');
    const granted = (
      await bot.admin('post', `${APP}/permission-requests`, { permissions: ['customer_contact'] })
    ).body.request.id as string;
    await bot.tick();
    await cardClick(bot, 'lisi', `perm:approve:${granted}`, 'rc-approve');
    const open = (
      await bot.admin('post', `${APP}/permission-requests`, { permissions: ['customer_contact'] })
    ).body.request.id as string;
    await bot.tick();
    const before = await bot.stores.apps.get(SUITE.suiteId, CORP);
    expect(before).toMatchObject({ status: 'enabled', effectivePermissions: ['customer_contact'] });
    expect((await bot.stores.rollouts.get(SUITE.suiteId, CORP))?.stageIndex).toBe(0);

    await bot.templateCallback(
      xml({
        SuiteId: SUITE.suiteId,
        InfoType: 'cancel_auth',
        TimeStamp: seconds(bot.clock),
        AuthCorpId: CORP,
      }),
    );
    bot.clock.advance(3600_000);
    const reauthorizedAt = bot.clock.now();
    await reauthorize(bot);
    await bot.tick();

    const app = await bot.stores.apps.get(SUITE.suiteId, CORP);
    expect(app).toMatchObject({
      agentId: NEW_AGENT_ID,
      status: 'developing',
      statusHistory: [],
      effectivePermissions: [],
      visibility: { users: ['zhangsan'], parties: [], tags: [] },
      createdAt: reauthorizedAt,
    });
    expect(app?.enabledAt).toBeUndefined();
    expect(app?.previousApps).toEqual([
      expect.objectContaining({
        agentId: AGENT_ID,
        status: 'enabled',
        effectivePermissions: ['customer_contact'],
        rolloutStage: '试点',
        rolloutState: 'cancelled',
        visibility: expect.objectContaining({ users: ['zhangsan', 'lisi', 'wangwu'] }),
      }),
    ]);
    expect(await bot.stores.authorizations.get(SUITE.suiteId, CORP)).toMatchObject({
      state: 'active',
      agentId: NEW_AGENT_ID,
    });
    expect((await bot.stores.permissionRequests.get(open))?.state).toBe('superseded');
    expect(wecom.updates).toEqual(
      expect.arrayContaining([expect.objectContaining({ button: { replace_name: '已被取代' } })]),
    );
    expect(await bot.stores.rollouts.get(SUITE.suiteId, CORP)).toMatchObject({
      state: 'cancelled',
      stageIndex: -1,
      remindersSent: 0,
      round: 1,
    });

    // 状态 answers as the new app, about the new app.
    const count = wecom.sent.length;
    await say(bot, 'lisi', '状态', '7000000000000000601');
    const reply = wecom.sent.slice(count);
    expect(reply).toEqual([
      expect.objectContaining({ touser: 'lisi', agentid: NEW_AGENT_ID, msgtype: 'text' }),
    ]);
    const content = (reply[0]!.text as { content: string }).content;
    expect(content).toContain('状态：开发中');
    expect(content).toContain('自定义权限：无');
    expect(content).toContain('尚未开始');
    expect(content).not.toContain('客户联系');
    expect(content).not.toContain('3 位成员');
    expect(content).not.toContain('试点');

    // Support sees the old app as history.
    const detail = (await bot.admin('get', APP)).body.app;
    expect(detail).toMatchObject({
      status: 'developing',
      previousApps: [expect.objectContaining({ agentId: AGENT_ID })],
    });
    const section = previousAppsSection(app!.previousApps!, 'Asia/Shanghai', textFor('zh-CN'));
    expect(section && section.value).toContain('以前的应用');
    const en = previousAppsSection(app!.previousApps!, 'Asia/Shanghai', textFor('en'));
    expect(en && en.value).toContain('Previous apps');

    // The new app, once enabled, gets its own enabled cards and a rollout from the start.
    const sentBefore = wecom.sent.length;
    await bot.admin('post', `${APP}/status`, { status: 'enabled' });
    await bot.tick();
    const cards = wecom.sent.slice(sentBefore).filter((b) => b.msgtype === 'template_card');
    expect(cards.map((c) => [c.touser, c.agentid])).toEqual(ADMINS.map((a) => [a, NEW_AGENT_ID]));
    expect(await bot.stores.rollouts.get(SUITE.suiteId, CORP)).toMatchObject({
      state: 'active',
      stageIndex: -1,
    });
  });

  it('a new agent id without a cancellation: the old app’s queued messages are cancelled', async () => {
    // WeCom is unreachable: the enabled cards stay queued.
    nock(WECOM_BASE).post('/cgi-bin/message/send').query(true).times(10).reply(503, 'busy');
    await bot.admin('post', `${APP}/status`, { status: 'enabled' });
    nock.cleanAll();
    await reauthorize(bot);

    const cards = await bot.stores.outbox.list({ corpId: CORP, topic: 'enabled_card' });
    expect(cards.length).toBe(ADMINS.length);
    expect(cards.every((m) => m.status === 'cancelled')).toBe(true);
    expect(await bot.stores.apps.get(SUITE.suiteId, CORP)).toMatchObject({
      agentId: NEW_AGENT_ID,
      status: 'developing',
      previousApps: [expect.objectContaining({ agentId: AGENT_ID, status: 'enabled' })],
    });
  });

  it('the same create_auth again (same app) changes nothing', async () => {
    recordWecom();
    await bot.admin('post', `${APP}/status`, { status: 'enabled' });
    mockAuthorizationApis({ authCode: 'AUTH_CODE_3' });
    await bot.templateCallback(
      xml({
        SuiteId: SUITE.suiteId,
        InfoType: 'create_auth',
        TimeStamp: seconds(bot.clock),
        AuthCode: 'AUTH_CODE_3',
      }),
    );
    const app = await bot.stores.apps.get(SUITE.suiteId, CORP);
    expect(app).toMatchObject({ agentId: AGENT_ID, status: 'enabled' });
    expect(app?.previousApps).toBeUndefined();
  });
});
