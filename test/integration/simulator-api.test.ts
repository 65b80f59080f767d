import { HOUR, MINUTE } from '../../src/shared/clock';
import { authorizeAndGetToken } from '../unit/simulator/helpers/token-flow';
import { simWorld, TEMPLATE, simApi } from '../unit/simulator/helpers/world';

describe('simulator WeCom API: tokens and authorization', () => {
  it('runs the 代开发 token flow with WeCom field names', async () => {
    const { sim } = simWorld();
    const flow = await authorizeAndGetToken(sim);
    expect(flow.suiteToken).toEqual(expect.any(String));
    expect(flow.corpId).toMatch(/^wwsim/);

    const info = await flow.api
      .post('/cgi-bin/service/get_auth_info')
      .query({ suite_access_token: flow.suiteToken })
      .send({ auth_corpid: flow.corpId, permanent_code: flow.permanentCode });
    expect(info.body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      auth_corp_info: { corpid: flow.corpId, corp_name: '示例科技' },
      auth_info: {
        agent: [
          {
            agentid: flow.agentId,
            name: TEMPLATE.name,
            is_customized_app: true,
            privilege: {
              level: 1,
              allow_party: [],
              allow_user: ['zhangsan'],
              allow_tag: [],
              extra_party: [],
              extra_user: [],
              extra_tag: [],
            },
          },
        ],
      },
    });

    const agent = await flow.api
      .get('/cgi-bin/agent/get')
      .query({ access_token: flow.accessToken, agentid: flow.agentId });
    expect(agent.body).toMatchObject({
      errcode: 0,
      agentid: flow.agentId,
      customized_publish_status: 1,
      allow_userinfos: { user: [{ userid: 'zhangsan' }] },
      allow_partys: { partyid: [] },
      allow_tags: { tagid: [] },
      close: 0,
    });
    sim.putOnline(flow.corpId);
    sim.setVisibility(flow.corpId, { parties: [1] });
    const online = await flow.api
      .get('/cgi-bin/agent/get')
      .query({ access_token: flow.accessToken, agentid: flow.agentId });
    expect(online.body).toMatchObject({ customized_publish_status: 2, allow_partys: { partyid: [1] } });
  });

  it('answers get_permanent_code with corp and authorizer, and refuses a used auth code (40029)', async () => {
    const { sim } = simWorld();
    const api = simApi(sim);
    const { ticket } = await sim.pushSuiteTicket(TEMPLATE.suiteId);
    const suite = await api
      .post('/cgi-bin/service/get_suite_token')
      .send({ suite_id: TEMPLATE.suiteId, suite_secret: TEMPLATE.suiteSecret, suite_ticket: ticket });
    expect(suite.body).toMatchObject({ errcode: 0, expires_in: 7200 });
    const { corpId, authCode } = await sim.authorizeTemplate(TEMPLATE.suiteId, {
      corpName: '示例科技',
      admins: ['zhangsan'],
      state: 'from-site',
    });
    const exchange = () =>
      api
        .post('/cgi-bin/service/v2/get_permanent_code')
        .query({ suite_access_token: suite.body.suite_access_token })
        .send({ auth_code: authCode });
    const first = await exchange();
    expect(first.body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      permanent_code: expect.any(String),
      auth_corp_info: { corpid: corpId, corp_name: '示例科技' },
      auth_user_info: { userid: 'zhangsan', name: 'zhangsan' },
      state: 'from-site',
    });
    expect((await exchange()).body.errcode).toBe(40029);
  });

  it('refuses a wrong suite secret (40080) and a stale or unknown ticket (40085)', async () => {
    const { sim, clock } = simWorld();
    const api = simApi(sim);
    const { ticket } = await sim.pushSuiteTicket(TEMPLATE.suiteId);
    const ask = (body: Record<string, string>) =>
      api.post('/cgi-bin/service/get_suite_token').send({ suite_id: TEMPLATE.suiteId, ...body });
    expect((await ask({ suite_secret: 'wrong', suite_ticket: ticket })).body.errcode).toBe(40080);
    expect((await ask({ suite_secret: TEMPLATE.suiteSecret, suite_ticket: 'nope' })).body.errcode).toBe(
      40085,
    );
    clock.advance(31 * MINUTE);
    expect((await ask({ suite_secret: TEMPLATE.suiteSecret, suite_ticket: ticket })).body.errcode).toBe(
      40085,
    );
  });

  it('checks tokens by the clock: 40014 unknown, 42001 expired, 42009 suite token expired', async () => {
    const { sim, clock } = simWorld();
    const flow = await authorizeAndGetToken(sim);
    const agentGet = (token: string) =>
      flow.api.get('/cgi-bin/agent/get').query({ access_token: token, agentid: flow.agentId });
    expect((await agentGet('nope')).body.errcode).toBe(40014);
    expect((await flow.api.get('/cgi-bin/agent/get').query({ agentid: 1 })).body.errcode).toBe(41001);
    clock.advance(2 * HOUR);
    expect((await agentGet(flow.accessToken)).body.errcode).toBe(42001);
    const auth = await flow.api
      .post('/cgi-bin/service/get_auth_info')
      .query({ suite_access_token: flow.suiteToken })
      .send({ auth_corpid: flow.corpId, permanent_code: flow.permanentCode });
    expect(auth.body.errcode).toBe(42009);
  });

  it('gettoken: per corp, 40001 on a wrong secret, 48004 once cancelled', async () => {
    const { sim } = simWorld();
    const a = await authorizeAndGetToken(sim);
    const b = await authorizeAndGetToken(sim, { corpName: '另一家', admins: ['boss'] });
    expect(a.corpId).not.toBe(b.corpId);
    const wrong = await a.api
      .get('/cgi-bin/gettoken')
      .query({ corpid: a.corpId, corpsecret: b.permanentCode });
    expect(wrong.body.errcode).toBe(40001);
    // A's token does not open B's app.
    const cross = await a.api
      .get('/cgi-bin/agent/get')
      .query({ access_token: a.accessToken, agentid: b.agentId });
    expect(cross.body.errcode).toBe(301002);

    await sim.cancelAuthorization(a.corpId);
    const again = await a.api
      .get('/cgi-bin/gettoken')
      .query({ corpid: a.corpId, corpsecret: a.permanentCode });
    expect(again.body.errcode).toBe(48004);
    const old = await a.api
      .get('/cgi-bin/agent/get')
      .query({ access_token: a.accessToken, agentid: a.agentId });
    expect(old.body.errcode).toBe(40014);
  });

  it('reset_permanent_code: the new secret replaces the old one once exchanged', async () => {
    const { sim } = simWorld();
    const flow = await authorizeAndGetToken(sim);
    const { authCode } = await sim.resetPermanentCode(flow.corpId);
    const perm = await flow.api
      .post('/cgi-bin/service/v2/get_permanent_code')
      .query({ suite_access_token: flow.suiteToken })
      .send({ auth_code: authCode });
    expect(perm.body.permanent_code).not.toBe(flow.permanentCode);
    const old = await flow.api
      .get('/cgi-bin/gettoken')
      .query({ corpid: flow.corpId, corpsecret: flow.permanentCode });
    expect(old.body.errcode).toBe(40001);
    const fresh = await flow.api
      .get('/cgi-bin/gettoken')
      .query({ corpid: flow.corpId, corpsecret: perm.body.permanent_code });
    expect(fresh.body.errcode).toBe(0);
  });

  it('lists admins through the suite token and the app token', async () => {
    const { sim } = simWorld();
    const flow = await authorizeAndGetToken(sim, { corpName: '示例科技', admins: ['zhangsan', 'lisi'] });
    const viaSuite = await flow.api
      .post('/cgi-bin/service/get_admin_list')
      .query({ suite_access_token: flow.suiteToken })
      .send({ auth_corpid: flow.corpId, agentid: flow.agentId });
    expect(viaSuite.body.admin).toEqual([
      { userid: 'zhangsan', open_userid: expect.stringMatching(/^wo/), auth_type: 1 },
      { userid: 'lisi', open_userid: expect.stringMatching(/^wo/), auth_type: 1 },
    ]);
    const viaApp = await flow.api
      .post('/cgi-bin/agent/get_admin_list')
      .query({ access_token: flow.accessToken })
      .send({ agentid: flow.agentId });
    expect(viaApp.body).toEqual({ errcode: 0, errmsg: 'ok', admin: viaSuite.body.admin });
  });

  it('refuses agent/set to a 代开发 app (48002)', async () => {
    const { sim } = simWorld();
    const flow = await authorizeAndGetToken(sim);
    const res = await flow.api
      .post('/cgi-bin/agent/set')
      .query({ access_token: flow.accessToken })
      .send({ agentid: flow.agentId, description: 'x' });
    expect(res.body).toMatchObject({ errcode: 48002, errmsg: expect.stringContaining('api forbidden') });
  });

  it('get_follow_user_list needs the customer_contact custom permission', async () => {
    const { sim } = simWorld();
    const flow = await authorizeAndGetToken(sim);
    const ask = () =>
      flow.api.get('/cgi-bin/externalcontact/get_follow_user_list').query({ access_token: flow.accessToken });
    expect((await ask()).body.errcode).toBe(48002);
    sim.fileProviderPermissionChange(flow.corpId, ['customer_contact']);
    expect((await ask()).body.errcode).toBe(48002);
    await sim.grantPermission(flow.corpId, 'customer_contact');
    expect((await ask()).body).toEqual({ errcode: 0, errmsg: 'ok', follow_user: ['zhangsan'] });
  });

  it('agent/get_permissions lists the granted permissions by their WeCom names, not what waits', async () => {
    const { sim } = simWorld();
    const flow = await authorizeAndGetToken(sim);
    const ask = async () =>
      (
        await flow.api
          .post('/cgi-bin/agent/get_permissions')
          .query({ access_token: flow.accessToken })
          .send({})
      ).body;
    sim.fileProviderPermissionChange(flow.corpId, ['contact_mobile', 'customer_contact']);
    expect(await ask()).toEqual({ errcode: 0, errmsg: 'ok', app_permissions: [] });
    await sim.grantPermission(flow.corpId);
    expect(await ask()).toEqual({ errcode: 0, errmsg: 'ok', app_permissions: ['contact:sensitive:mobile'] });
  });

  it('records webhook messages as support alerts; unknown key 93000', async () => {
    const { sim } = simWorld({ webhookKeys: ['support-room'] });
    const api = simApi(sim);
    const sent = await api
      .post('/cgi-bin/webhook/send')
      .query({ key: 'support-room' })
      .send({ msgtype: 'markdown', markdown: { content: '**示例科技** 暂不授权' } });
    expect(sent.body).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(sim.alerts()).toEqual([
      { key: 'support-room', msgtype: 'markdown', content: '**示例科技** 暂不授权', at: expect.any(Date) },
    ]);
    const unknown = await api
      .post('/cgi-bin/webhook/send')
      .query({ key: 'other' })
      .send({ msgtype: 'text', text: { content: 'x' } });
    expect(unknown.body.errcode).toBe(93000);
  });

  it('records every call; answers 47001 to bad JSON and 404 to an unknown API', async () => {
    const { sim } = simWorld();
    const api = simApi(sim);
    const bad = await api
      .post('/cgi-bin/message/send?access_token=x')
      .set('content-type', 'application/json')
      .send('{');
    expect(bad.body.errcode).toBe(47001);
    const unknown = await api.get('/cgi-bin/nothing/here');
    expect(unknown.status).toBe(404);
    expect(sim.calls.map((c) => [c.method, c.path, c.status])).toEqual([
      ['POST', '/cgi-bin/message/send', 200],
      ['GET', '/cgi-bin/nothing/here', 404],
    ]);
    expect(sim.calls[0]).toMatchObject({
      query: { access_token: 'x' },
      body: '{',
      answer: { errcode: 47001 },
    });
  });
});
