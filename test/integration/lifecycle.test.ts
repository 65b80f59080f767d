import nock from '../helpers/nock';
import { sealCallback } from '../../src/callback/seal-callback';
import { createTestBot, SUITE, WECOM_BASE, xml, seconds, type TestBot } from '../helpers/test-bot';
import { ADMINS, CORP, authorizeThroughCallbacks, mockAuthorizationApis } from '../helpers/wecom-nock';

describe('authorization lifecycle through the HTTP endpoints', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
  });
  afterEach(() => bot.close());

  it('records create_auth with its admins, then one enabled card per admin when support enables the app', async () => {
    const apis = mockAuthorizationApis();
    await authorizeThroughCallbacks(bot);
    expect(apis.isDone()).toBe(true);

    const auth = await bot.stores.authorizations.get(SUITE.suiteId, CORP);
    expect(auth).toMatchObject({ corpName: '示例科技', agentId: 1000002, admins: ADMINS, state: 'active' });
    expect(auth?.permanentCodeEnc).not.toContain('PERMANENT_CODE_SECRET');
    expect(await bot.stores.apps.get(SUITE.suiteId, CORP)).toMatchObject({ status: 'developing' });

    const sent: Record<string, unknown>[] = [];
    const send = nock(WECOM_BASE)
      .post('/cgi-bin/message/send', (b) => {
        sent.push(b);
        return true;
      })
      .query({ access_token: 'APP_TOKEN' })
      .times(2)
      .reply(200, () => ({
        errcode: 0,
        errmsg: 'ok',
        msgid: `m${sent.length}`,
        response_code: `rc${sent.length}`,
      }));

    const res = await bot.admin('post', `/admin/api/apps/${SUITE.suiteId}/${CORP}/status`, {
      status: 'enabled',
    });
    expect(res.status).toBe(200);
    expect(res.body.app.status).toBe('enabled');
    await bot.tick();
    expect(send.isDone()).toBe(true);

    expect(sent.map((b) => b.touser).sort()).toEqual([...ADMINS].sort());
    for (const body of sent) {
      expect(body).toMatchObject({
        agentid: 1000002,
        msgtype: 'template_card',
        enable_duplicate_check: 1,
        template_card: {
          card_type: 'button_interaction',
          main_title: { title: expect.stringContaining('客户管家') },
          button_list: [
            expect.objectContaining({ key: 'enabled:pilot_set' }),
            expect.objectContaining({ key: 'enabled:remind_later' }),
          ],
        },
      });
      expect(JSON.stringify(body)).toContain('可见范围');
      expect((body.template_card as { task_id: string }).task_id).toMatch(/^[A-Za-z0-9_\-@]{1,128}$/);
    }

    // Enabling again (support or the poller) sends nothing more.
    const again = await bot.admin('post', `/admin/api/apps/${SUITE.suiteId}/${CORP}/status`, {
      status: 'enabled',
    });
    expect(again.status).toBe(200);
    await bot.tick();
    const cards = await bot.stores.outbox.list({ corpId: CORP, topic: 'enabled_card' });
    expect(cards).toHaveLength(2);
    expect(cards.every((m) => m.status === 'sent')).toBe(true);
  });

  it('answers create_auth before the slow WeCom calls are done (the 1-second deadline)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    nock(WECOM_BASE)
      .post('/cgi-bin/service/get_suite_token')
      .reply(async () => {
        await gate;
        return [200, { errcode: 0, suite_access_token: 'SUITE_TOKEN', expires_in: 7200 }];
      });
    await bot.templateCallback(
      xml({
        SuiteId: SUITE.suiteId,
        InfoType: 'suite_ticket',
        TimeStamp: seconds(bot.clock),
        SuiteTicket: 'ticket-1',
      }),
    );
    const sealed = sealCallback(
      xml({
        SuiteId: SUITE.suiteId,
        InfoType: 'create_auth',
        TimeStamp: seconds(bot.clock),
        AuthCode: 'AUTH_CODE_1',
      }),
      { ...SUITE, receiverId: SUITE.suiteId },
      { timestamp: seconds(bot.clock) },
    );
    const res = await bot
      .http()
      .post(`/wecom/templates/${SUITE.suiteId}/callback`)
      .query(sealed.query)
      .type('text/xml')
      .send(sealed.body);
    expect(res.text).toBe('success');
    expect((await bot.stores.inbox.list({ kind: 'create_auth' }))[0]?.status).toBe('received');
    expect(await bot.stores.authorizations.get(SUITE.suiteId, CORP)).toBeUndefined();
    release();
    await bot.container.idle();
    // The rest of the exchange was never mocked: the event failed and waits for its retry.
    expect((await bot.stores.inbox.list({ kind: 'create_auth' }))[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
    });
  });

  it('handles the same create_auth delivered twice once', async () => {
    const apis = mockAuthorizationApis();
    await authorizeThroughCallbacks(bot);
    const dup = await bot.templateCallback(
      xml({
        SuiteId: SUITE.suiteId,
        InfoType: 'create_auth',
        TimeStamp: seconds(bot.clock),
        AuthCode: 'AUTH_CODE_1',
      }),
    );
    expect(dup.text).toBe('success');
    expect(apis.isDone()).toBe(true);
    expect(await bot.stores.authorizations.list({ corpId: CORP })).toHaveLength(1);
  });

  it('enables the app when agent/get reports it online, and notifies once', async () => {
    mockAuthorizationApis();
    await authorizeThroughCallbacks(bot);
    nock(WECOM_BASE)
      .get('/cgi-bin/agent/get')
      .query({ access_token: 'APP_TOKEN', agentid: '1000002' })
      .reply(200, {
        errcode: 0,
        agentid: 1000002,
        name: '客户管家',
        allow_userinfos: { user: [] },
        allow_partys: { partyid: [] },
        allow_tags: { tagid: [] },
        close: 0,
        customized_publish_status: 2,
      });
    const send = nock(WECOM_BASE)
      .post('/cgi-bin/message/send')
      .query(true)
      .times(2)
      .reply(200, { errcode: 0, errmsg: 'ok', msgid: 'm', response_code: 'rc' });
    await bot.tick();
    expect(send.isDone()).toBe(true);
    expect(await bot.stores.apps.get(SUITE.suiteId, CORP)).toMatchObject({
      status: 'enabled',
      publishStatus: 2,
    });
    expect((await bot.stores.apps.get(SUITE.suiteId, CORP))?.statusHistory.at(-1)?.by).toBe(
      'wecom:agent/get',
    );
  });

  it('leaves a cancelled enterprise alone: queued messages cancelled, nothing more sent', async () => {
    mockAuthorizationApis();
    await authorizeThroughCallbacks(bot);
    // Enable while WeCom is unreachable so the cards stay queued.
    nock(WECOM_BASE).post('/cgi-bin/message/send').query(true).times(10).reply(503, 'busy');
    await bot.admin('post', `/admin/api/apps/${SUITE.suiteId}/${CORP}/status`, { status: 'enabled' });
    nock.cleanAll();
    const webhook = nock(WECOM_BASE)
      .post('/cgi-bin/webhook/send')
      .query({ key: 'support' })
      .reply(200, { errcode: 0 });

    const res = await bot.templateCallback(
      xml({
        SuiteId: SUITE.suiteId,
        InfoType: 'cancel_auth',
        TimeStamp: seconds(bot.clock),
        AuthCorpId: CORP,
      }),
    );
    expect(res.text).toBe('success');
    expect((await bot.stores.authorizations.get(SUITE.suiteId, CORP))?.state).toBe('cancelled');

    bot.clock.advance(24 * 3600_000);
    await bot.tick();
    expect(webhook.isDone()).toBe(true);
    const appMessages = await bot.stores.outbox.list({ corpId: CORP, channel: 'app' });
    expect(appMessages.length).toBeGreaterThan(0);
    expect(appMessages.every((m) => m.status === 'cancelled' || m.status === 'failed')).toBe(true);
    expect(appMessages.some((m) => m.status === 'sent')).toBe(false);
  });

  it('answers 状态 with the app status', async () => {
    mockAuthorizationApis();
    await authorizeThroughCallbacks(bot);
    const replies: Record<string, unknown>[] = [];
    nock(WECOM_BASE)
      .post('/cgi-bin/message/send', (b) => {
        replies.push(b);
        return true;
      })
      .query(true)
      .reply(200, { errcode: 0, errmsg: 'ok', msgid: 'm1' });
    const res = await bot.appCallback(
      CORP,
      xml({
        ToUserName: CORP,
        FromUserName: 'lisi',
        CreateTime: seconds(bot.clock),
        MsgType: 'text',
        Content: '状态',
        MsgId: '7000000000000000001',
        AgentID: 1000002,
      }),
    );
    expect(res.text).toBe('success');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ touser: 'lisi', msgtype: 'text' });
    expect((replies[0]!.text as { content: string }).content).toContain('状态：开发中');
  });
});

describe('authorization changes and support actions', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
    mockAuthorizationApis();
    await authorizeThroughCallbacks(bot);
  });
  afterEach(() => bot.close());

  it('change_auth: fetches the authorization again, records the differences and tells support', async () => {
    const alerts: string[] = [];
    nock(WECOM_BASE)
      .post('/cgi-bin/service/get_auth_info', (b) => b.auth_corpid === CORP)
      .query({ suite_access_token: 'SUITE_TOKEN' })
      .reply(200, {
        errcode: 0,
        auth_corp_info: { corpid: CORP, corp_name: '示例科技' },
        auth_info: {
          agent: [
            { agentid: 1000002, name: '客户管家', privilege: { allow_user: ['wangwu'], allow_party: [2] } },
          ],
        },
      })
      .post('/cgi-bin/agent/get_admin_list')
      .query({ access_token: 'APP_TOKEN' })
      .reply(200, { errcode: 0, admin: [{ userid: 'zhangsan' }, { userid: 'zhaoliu' }] })
      .post('/cgi-bin/webhook/send', (b) => {
        alerts.push(b.markdown.content);
        return true;
      })
      .query({ key: 'support' })
      .reply(200, { errcode: 0 });

    const res = await bot.templateCallback(
      xml({
        SuiteId: SUITE.suiteId,
        InfoType: 'change_auth',
        TimeStamp: seconds(bot.clock),
        AuthCorpId: CORP,
      }),
    );
    expect(res.text).toBe('success');
    await bot.tick();
    const auth = await bot.stores.authorizations.get(SUITE.suiteId, CORP);
    expect(auth?.admins).toEqual(['zhangsan', 'zhaoliu']);
    expect(auth?.privilege).toMatchObject({ users: ['wangwu'], parties: [2] });
    expect((await bot.stores.apps.get(SUITE.suiteId, CORP))?.visibility).toMatchObject({ users: ['wangwu'] });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain('zhaoliu');
    expect(alerts[0]).toContain('可见范围');
  });

  it('reset_permanent_code: stores the new code, and later calls use it', async () => {
    nock(WECOM_BASE)
      .post('/cgi-bin/service/v2/get_permanent_code', (b) => b.auth_code === 'RESET_CODE')
      .query({ suite_access_token: 'SUITE_TOKEN' })
      .reply(200, {
        errcode: 0,
        permanent_code: 'NEW_PERMANENT_CODE',
        auth_corp_info: { corpid: CORP, corp_name: '示例科技' },
      });
    await bot.templateCallback(
      xml({
        SuiteId: SUITE.suiteId,
        InfoType: 'reset_permanent_code',
        TimeStamp: seconds(bot.clock),
        AuthCode: 'RESET_CODE',
      }),
    );
    const auth = await bot.stores.authorizations.get(SUITE.suiteId, CORP);
    expect(bot.container.secrets.open(auth!.permanentCodeEnc)).toBe('NEW_PERMANENT_CODE');
    expect(bot.logs().some((l) => JSON.stringify(l).includes('NEW_PERMANENT_CODE'))).toBe(false);
  });

  it('change_app_admin: refreshes the admins', async () => {
    nock(WECOM_BASE)
      .post('/cgi-bin/agent/get_admin_list')
      .query({ access_token: 'APP_TOKEN' })
      .reply(200, { errcode: 0, admin: [{ userid: 'lisi' }] });
    await bot.appCallback(
      CORP,
      xml({
        ToUserName: CORP,
        FromUserName: 'sys',
        CreateTime: seconds(bot.clock),
        MsgType: 'event',
        Event: 'change_app_admin',
        AgentID: 1000002,
      }),
    );
    expect((await bot.stores.authorizations.get(SUITE.suiteId, CORP))?.admins).toEqual(['lisi']);
  });

  it('status endpoint: 401 without the token, 400 on a bad status, 404 for an unknown app, 409 on a bad move', async () => {
    const path = `/admin/api/apps/${SUITE.suiteId}/${CORP}/status`;
    expect((await bot.http().post(path).send({ status: 'enabled' })).status).toBe(401);
    expect((await bot.http().post(path).set('Authorization', 'Bearer wrong-token').send({})).status).toBe(
      401,
    );

    const bad = await bot.admin('post', path, { status: 'flying' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_input', field: 'status', rule: 'one_of' });

    expect(
      (await bot.admin('post', `/admin/api/apps/${SUITE.suiteId}/wwnobody/status`, { status: 'in_review' }))
        .status,
    ).toBe(404);

    const toReview = await bot.admin('post', path, { status: 'in_review' });
    expect(toReview.body.app.status).toBe('in_review');
    const skip = await bot.admin('post', path, { status: 'in_review' });
    expect(skip.status).toBe(200);
    const approved = await bot.admin('post', path, { status: 'approved' });
    expect(approved.body.app.status).toBe('approved');
    const back = await bot.admin('post', path, { status: 'in_review' });
    expect(back.status).toBe(409);
    expect(back.body.message).toContain('allowed');
    const history = (await bot.stores.apps.get(SUITE.suiteId, CORP))!.statusHistory;
    expect(history.map((h) => h.to)).toEqual(['in_review', 'approved']);
  });
});
