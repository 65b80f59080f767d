import request from 'supertest';
import { createMemoryLogger } from '../../src/shared/logger';
import { startReceiver } from '../unit/simulator/helpers/callback-receiver';
import { authorizeAndGetToken } from '../unit/simulator/helpers/token-flow';
import { simWorld, TEMPLATE, simApi } from '../unit/simulator/helpers/world';

describe('simulator control API (/sim/api) and failure injection', () => {
  it('drives the world over HTTP: authorize, online, visibility, permission change, decisions', async () => {
    const { sim } = simWorld();
    const api = simApi(sim);
    const auth = await api
      .post(`/sim/api/templates/${TEMPLATE.suiteId}/authorize`)
      .send({ corpName: '示例科技', admins: ['zhangsan'], members: ['lisi'] });
    expect(auth.status).toBe(200);
    expect(auth.body).toMatchObject({
      corpId: expect.stringMatching(/^wwsim/),
      callback: { error: 'no_bot_base_url' },
    });
    const corp = `/sim/api/corps/${auth.body.corpId}`;

    expect((await api.post(`${corp}/online`)).body).toEqual({ publishStatus: 2 });
    const vis = await api.post(`${corp}/visibility`).send({ users: ['zhangsan', 'lisi'] });
    expect(vis.body.visibility).toEqual({ users: ['zhangsan', 'lisi'], parties: [], tags: [] });
    expect((await api.post(`${corp}/visibility`).send({ users: ['ghost'] })).status).toBe(404);

    await api.post(`${corp}/permission-change`).send({ permissions: ['customer_contact', 'contact_read'] });
    const inbox = await api.get(`${corp}/users/zhangsan/inbox`);
    expect(inbox.body).toMatchObject([
      { from: 'wecom', msgtype: 'wecom_notice', notice: { pending: ['customer_contact', 'contact_read'] } },
    ]);
    expect(
      (await api.post(`${corp}/permissions/grant`).send({ permission: 'customer_contact' })).body,
    ).toMatchObject({
      granted: ['customer_contact'],
      // Agreeing in WeCom's notice sends a change_auth (no bot here to receive it).
      callback: { ok: false, error: 'no_bot_base_url' },
    });
    expect((await api.post(`${corp}/permissions/deny`).send({})).body).toEqual({
      declined: ['contact_read'],
    });
    expect((await api.post(`${corp}/permissions/deny`).send({})).status).toBe(409);

    const state = await api.get('/sim/api/state');
    expect(state.body.corps[0]).toMatchObject({
      publishStatus: 2,
      customPermissions: ['customer_contact'],
      pendingPermissions: [],
      visibleUsers: ['zhangsan', 'lisi'],
    });
    expect(JSON.stringify(state.body)).not.toContain(TEMPLATE.suiteSecret);
    expect(JSON.stringify(state.body)).not.toContain(TEMPLATE.encodingAESKey);
  });

  it('answers 400 with the reason on bad input and 404 on unknown corps', async () => {
    const { sim } = simWorld();
    const api = simApi(sim);
    const bad = await api.post(`/sim/api/templates/${TEMPLATE.suiteId}/authorize`).send({ corpName: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_input', message: expect.stringContaining('admins') });
    expect((await api.post('/sim/api/corps/nope/online')).status).toBe(404);
  });

  it('injects failures FIFO per matching call, then answers normally', async () => {
    const { sim } = simWorld();
    const flow = await authorizeAndGetToken(sim);
    const agentGet = () =>
      flow.api.get('/cgi-bin/agent/get').query({ access_token: flow.accessToken, agentid: flow.agentId });
    await flow.api
      .post('/sim/api/failures')
      .send({ path: 'agent/get', errcode: 42001, times: 1 })
      .expect(201);
    sim.failures.inject({ path: '/cgi-bin/agent/get', errcode: -1, times: 2 });
    sim.failures.inject({ path: 'message/send', httpStatus: 502, times: 1 });
    sim.failures.inject({ errcode: 45009, times: 1 });

    expect((await agentGet()).body.errcode).toBe(42001);
    expect((await agentGet()).body).toEqual({ errcode: -1, errmsg: 'system is busy' });
    expect((await agentGet()).body.errcode).toBe(-1);
    // The path-less rule matches the next call of any path.
    expect((await agentGet()).body.errcode).toBe(45009);
    expect((await agentGet()).body.errcode).toBe(0);

    const send = await flow.api
      .post('/cgi-bin/message/send')
      .query({ access_token: flow.accessToken })
      .send({});
    expect(send.status).toBe(502);
    expect((await flow.api.get('/sim/api/failures')).body).toEqual([]);
    expect(sim.calls.filter((c) => c.injected)).toHaveLength(5);
  });

  it('holds an answer for timeoutMs (a configurable real delay) and still applies the call', async () => {
    const { sim } = simWorld();
    const flow = await authorizeAndGetToken(sim);
    sim.failures.inject({ path: 'message/send', timeoutMs: 80, times: 1 });
    // The order of the 80 ms timer and the answer, not the wall time: that is the neighbours' load.
    const order: string[] = [];
    const realSetTimeout = setTimeout;
    const timers = jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) =>
      realSetTimeout(() => {
        if (ms === 80) order.push('held 80 ms');
        fn();
      }, ms)) as typeof setTimeout);
    const res = await flow.api
      .post('/cgi-bin/message/send')
      .query({ access_token: flow.accessToken })
      .send({ agentid: flow.agentId, touser: 'zhangsan', msgtype: 'text', text: { content: 'late' } });
    order.push('answered');
    timers.mockRestore();
    expect(order).toEqual(['held 80 ms', 'answered']);
    expect(res.body.errcode).toBe(0);
    expect(sim.inbox(flow.corpId, 'zhangsan')).toHaveLength(1);
  });

  it('refuses a rule with nothing to inject', async () => {
    const { sim } = simWorld();
    const res = await simApi(sim).post('/sim/api/failures').send({ path: 'x', times: 1 });
    expect(res.status).toBe(400);
  });

  it('clicks and replies over HTTP, sending callbacks to the bot', async () => {
    const receiver = await startReceiver(TEMPLATE);
    try {
      const { sim } = simWorld({ botBaseUrl: receiver.baseUrl });
      const api = simApi(sim);
      const { corpId } = await sim.authorizeTemplate(TEMPLATE.suiteId, {
        corpName: '示例科技',
        admins: ['zhangsan'],
      });
      const text = await api.post(`/sim/api/corps/${corpId}/users/zhangsan/text`).send({ content: '帮助' });
      expect(text.body).toMatchObject({ msgId: expect.any(String), callback: { ok: true, attempts: 1 } });
      const image = await api.post(`/sim/api/corps/${corpId}/users/zhangsan/media`).send({ kind: 'image' });
      expect(image.body).toMatchObject({ callback: { ok: true } });
      const sticker = await api
        .post(`/sim/api/corps/${corpId}/users/zhangsan/media`)
        .send({ kind: 'sticker' });
      expect(sticker.status).toBe(400);
      const click = await api
        .post(`/sim/api/corps/${corpId}/users/zhangsan/click`)
        .send({ taskId: 'none', eventKey: 'approve' });
      expect(click.status).toBe(404);
      expect(receiver.received.map((r) => r.fields.MsgType ?? r.fields.InfoType)).toEqual([
        'create_auth',
        'text',
        'image',
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('advances a ManualClock and sets the bot URL over HTTP', async () => {
    const { sim, clock } = simWorld();
    const api = simApi(sim);
    const before = clock.now().getTime();
    await api.post('/sim/api/clock/advance').send({ ms: 3_600_000 }).expect(200);
    expect(clock.now().getTime() - before).toBe(3_600_000);
    const bot = await api.post('/sim/api/bot').send({ baseUrl: 'http://127.0.0.1:9/' });
    expect(bot.body).toEqual({ botBaseUrl: 'http://127.0.0.1:9' });
  });

  it('listens on a port and serves the same app', async () => {
    const { logger } = createMemoryLogger();
    const { sim } = simWorld({ logger });
    const base = await sim.listen(0);
    try {
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${base}/cgi-bin/gettoken?corpid=x&corpsecret=y`);
      expect(await res.json()).toEqual({ errcode: 40013, errmsg: 'invalid corpid' });
    } finally {
      await sim.close();
    }
  });

  it('never logs secrets', async () => {
    const { logger, lines } = createMemoryLogger('debug');
    const { sim } = simWorld({ logger });
    const flow = await authorizeAndGetToken(sim);
    expect(lines().length).toBeGreaterThanOrEqual(3);
    const text = JSON.stringify(lines());
    for (const secret of [flow.permanentCode, flow.accessToken, flow.suiteToken, TEMPLATE.suiteSecret]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('simulator page (GET /)', () => {
  it('renders the world with cards, buttons and controls, escaping every value', async () => {
    const { sim } = simWorld();
    const flow = await authorizeAndGetToken(sim, {
      corpName: '<script>alert(1)</script>',
      admins: ['zhangsan'],
      departments: [{ id: 2, name: '销售部', members: ['sales1'] }],
    });
    await flow.api
      .post('/cgi-bin/message/send')
      .query({ access_token: flow.accessToken })
      .send({
        agentid: flow.agentId,
        touser: 'zhangsan',
        msgtype: 'template_card',
        template_card: {
          card_type: 'button_interaction',
          main_title: { title: '权限 <img src=x onerror=alert(2)>' },
          task_id: 'perm-1',
          button_list: [{ text: '同意 "Approve"', key: 'approve' }],
        },
      });
    sim.fileProviderPermissionChange(flow.corpId, ['customer_contact']);
    const page = await simApi(sim).get('/').query({ token: sim.token });
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html');
    const html = page.text;
    expect(html).toContain('<meta name="viewport"');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('同意 &quot;Approve&quot;');
    expect(html).toContain(`data-post="/sim/api/corps/${flow.corpId}/users/zhangsan/click"`);
    expect(html).toContain('&quot;taskId&quot;:&quot;perm-1&quot;');
    expect(html).toContain(`/sim/api/corps/${flow.corpId}/permissions/grant`);
    expect(html).toContain('全公司 Whole company');
    expect(html).toContain('销售部');
    expect(html).toContain(`/sim/api/templates/${TEMPLATE.suiteId}/suite-ticket`);
    // The inline script at least parses (no browser here).
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    expect(script).toContain('fetch(');
    expect(() => new Function(script)).not.toThrow();
  });
});

describe('the simulator serves only its own page', () => {
  it('needs its token for the page and the control API, not for the WeCom API', async () => {
    const { sim } = simWorld();
    const bare = request(sim.app.callback());
    expect((await bare.get('/')).status).toBe(401);
    expect((await bare.get('/').query({ token: 'guess' })).status).toBe(401);
    expect((await bare.get('/sim/api/state')).status).toBe(401);
    expect((await bare.get('/sim/api/state').set('x-sim-token', 'guess')).status).toBe(401);
    expect((await bare.post('/sim/api/clock/advance').send({ ms: 1 })).status).toBe(401);
    expect((await bare.get('/').query({ token: sim.token })).status).toBe(200);
    expect((await bare.get('/cgi-bin/gettoken').query({ corpid: 'x', corpsecret: 'y' })).status).toBe(200);
  });

  it('refuses a foreign origin, a foreign Host (DNS rebinding) and JSON sent as text/plain', async () => {
    const { sim, clock } = simWorld();
    const before = clock.now().getTime();
    const api = simApi(sim);
    const foreign = await api
      .post('/sim/api/clock/advance')
      .set('Origin', 'https://evil.example')
      .send({ ms: 1 });
    expect(foreign.status).toBe(403);
    const rebound = await api.get('/sim/api/state').set('Host', 'evil.example:3100');
    expect(rebound.status).toBe(403);
    const plain = await api
      .post('/sim/api/clock/advance')
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ ms: 1 }));
    expect(plain.status).toBe(415);
    expect(clock.now().getTime()).toBe(before);
    const own = await api
      .post('/sim/api/clock/advance')
      .set('Origin', 'http://127.0.0.1:3100')
      .send({ ms: 1 });
    expect(own.status).toBe(403); // supertest's Host names another port than that Origin
    const same = await api
      .post('/sim/api/clock/advance')
      .set('Host', '127.0.0.1:3100')
      .set('Origin', 'http://127.0.0.1:3100')
      .send({ ms: 1 });
    expect(same.status).toBe(200);
  });

  it('forbids framing and sniffing of everything it serves', async () => {
    const { sim } = simWorld();
    for (const res of [
      await simApi(sim).get('/').query({ token: sim.token }),
      await simApi(sim).get('/sim/api/state'),
    ]) {
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('takes only http(s) bot URLs', async () => {
    const { sim } = simWorld();
    for (const baseUrl of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd']) {
      const res = await simApi(sim).post('/sim/api/bot').send({ baseUrl });
      expect({ baseUrl, status: res.status }).toEqual({ baseUrl, status: 400 });
    }
    expect(sim.botBaseUrl()).toBeUndefined();
    expect((await simApi(sim).post('/sim/api/bot').send({ baseUrl: 'https://bot.example' })).status).toBe(
      200,
    );
  });

  it('moves the clock at most a year per call, and never past a valid date', async () => {
    const { sim, clock } = simWorld();
    const api = simApi(sim);
    const year = 366 * 86_400_000;
    expect((await api.post('/sim/api/clock/advance').send({ ms: year + 1 })).status).toBe(400);
    expect((await api.post('/sim/api/clock/advance').send({ ms: -1 })).status).toBe(400);
    expect((await api.post('/sim/api/clock/advance').send({ ms: 1e300 })).status).toBe(400);
    clock.set(8.64e15 - 1000);
    expect((await api.post('/sim/api/clock/advance').send({ ms: 86_400_000 })).status).toBe(400);
    expect(Number.isNaN(clock.now().getTime())).toBe(false);
    expect((await api.get('/sim/api/state')).status).toBe(200);
  });

  it('shows its call and callback logs with every credential redacted', async () => {
    const receiver = await startReceiver(TEMPLATE);
    try {
      const { sim } = simWorld({ botBaseUrl: receiver.baseUrl });
      const flow = await authorizeAndGetToken(sim);
      const calls = await simApi(sim).get('/sim/api/calls');
      const callbacks = await simApi(sim).get('/sim/api/callbacks');
      expect(calls.status).toBe(200);
      expect(calls.body.length).toBeGreaterThanOrEqual(3);
      const secrets = [
        TEMPLATE.suiteSecret,
        flow.accessToken,
        sim.state.corp(flow.corpId).permanentCode,
        ...sim.callbacks.flatMap(
          (c) => /<(?:AuthCode|SuiteTicket)><!\[CDATA\[([^\]]+)/.exec(c.xml)?.[1] ?? [],
        ),
      ];
      expect(secrets.length).toBeGreaterThanOrEqual(4);
      for (const secret of secrets) {
        expect(calls.text).not.toContain(secret);
        expect(callbacks.text).not.toContain(secret);
      }
      expect(calls.text).toContain('[redacted]');
      expect(callbacks.text).toContain('create_auth');
    } finally {
      await receiver.close();
    }
  });
});
