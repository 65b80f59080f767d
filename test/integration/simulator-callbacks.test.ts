import { startReceiver, type Receiver } from '../unit/simulator/helpers/callback-receiver';
import { simWorld, TEMPLATE } from '../unit/simulator/helpers/world';

const APP_SECRETS = {
  appToken: 'AppTok3n',
  appEncodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

describe('simulator callbacks to the bot', () => {
  let templateReceiver: Receiver;

  beforeEach(async () => {
    templateReceiver = await startReceiver(TEMPLATE);
  });
  afterEach(() => templateReceiver.close());

  it('sends create_auth encrypted with the template secrets, receiver id = suiteId, timestamps from the clock', async () => {
    const { sim, clock } = simWorld({ botBaseUrl: templateReceiver.baseUrl });
    const { corpId, authCode, callback } = await sim.authorizeTemplate(TEMPLATE.suiteId, {
      corpName: '示例科技',
      admins: ['zhangsan'],
      state: 'qr-1',
    });
    expect(callback).toEqual({ ok: true, status: 200, body: 'success', attempts: 1 });
    const [got] = templateReceiver.received;
    const seconds = String(Math.floor(clock.now().getTime() / 1000));
    expect(got).toMatchObject({
      kind: 'templates',
      suiteId: TEMPLATE.suiteId,
      signatureOk: true,
      receiverId: TEMPLATE.suiteId,
      outer: { ToUserName: TEMPLATE.suiteId },
      query: { timestamp: seconds },
      fields: {
        SuiteId: TEMPLATE.suiteId,
        InfoType: 'create_auth',
        TimeStamp: seconds,
        AuthCode: authCode,
        State: 'qr-1',
      },
    });
    expect(got.message).toContain('<InfoType><![CDATA[create_auth]]></InfoType>');
    expect(got.message).toContain(`<TimeStamp>${seconds}</TimeStamp>`);

    await sim.cancelAuthorization(corpId);
    expect(templateReceiver.received[1].fields).toMatchObject({
      InfoType: 'cancel_auth',
      AuthCorpId: corpId,
    });
    expect(sim.callbacks.map((c) => c.kind)).toEqual(['create_auth', 'cancel_auth']);
  });

  it('pushes suite_ticket carrying the ticket it hands out', async () => {
    const { sim } = simWorld({ botBaseUrl: templateReceiver.baseUrl });
    const { ticket } = await sim.pushSuiteTicket(TEMPLATE.suiteId);
    expect(templateReceiver.received[0].fields).toMatchObject({
      InfoType: 'suite_ticket',
      SuiteTicket: ticket,
    });
  });

  it('sends app callbacks with the app secrets, receiver id = corpId, outer ToUserName and AgentID', async () => {
    const { sim } = simWorld({ botBaseUrl: templateReceiver.baseUrl });
    sim.state.templates.delete(TEMPLATE.suiteId);
    sim.addTemplate({ ...TEMPLATE, ...APP_SECRETS });
    const appReceiver = await startReceiver({
      token: APP_SECRETS.appToken,
      encodingAESKey: APP_SECRETS.appEncodingAESKey,
    });
    try {
      const { corpId, agentId } = await sim.authorizeTemplate(TEMPLATE.suiteId, {
        corpName: '示例科技',
        admins: ['zhangsan'],
      });
      sim.setBotBaseUrl(appReceiver.baseUrl);
      const first = await sim.sendText(corpId, 'zhangsan', '同意');
      const second = await sim.sendText(corpId, 'zhangsan', '状态 <b>&');
      expect(first.callback.ok).toBe(true);
      const [a, b] = appReceiver.received;
      expect(a).toMatchObject({
        kind: 'apps',
        suiteId: TEMPLATE.suiteId,
        signatureOk: true,
        receiverId: corpId,
        outer: { ToUserName: corpId, AgentID: String(agentId) },
        fields: {
          ToUserName: corpId,
          FromUserName: 'zhangsan',
          MsgType: 'text',
          Content: '同意',
          MsgId: first.msgId,
          AgentID: String(agentId),
        },
      });
      expect(b.fields.Content).toBe('状态 <b>&');
      expect(a.message).toContain(`<MsgId>${first.msgId}</MsgId>`);
      expect(first.msgId).toMatch(/^\d{1,20}$/);
      expect(BigInt(first.msgId) < 2n ** 64n).toBe(true);
      expect(second.msgId).not.toBe(first.msgId);

      await sim.changeAdmins(corpId, ['zhangsan']);
      expect(appReceiver.received[2].fields).toMatchObject({
        MsgType: 'event',
        Event: 'change_app_admin',
        FromUserName: 'sys',
      });
    } finally {
      await appReceiver.close();
    }
  });

  it('sends template_card_event with a fresh single-use ResponseCode per click', async () => {
    const { sim } = simWorld({ botBaseUrl: templateReceiver.baseUrl });
    const { corpId, agentId } = await sim.authorizeTemplate(TEMPLATE.suiteId, {
      corpName: '示例科技',
      admins: ['zhangsan'],
    });
    sim.state.inbox.push({
      id: 99,
      corpId,
      userId: 'zhangsan',
      at: new Date(),
      from: 'app',
      msgtype: 'template_card',
      msgid: 'm1',
      card: {
        card_type: 'button_interaction',
        task_id: 'perm-7',
        button_list: [{ text: '同意', key: 'approve' }],
      },
    });
    const one = await sim.clickCardButton(corpId, 'zhangsan', 'perm-7', 'approve');
    const two = await sim.clickCardButton(corpId, 'zhangsan', 'perm-7', 'approve');
    expect(one.responseCode).not.toBe(two.responseCode);
    expect(templateReceiver.received.at(-1)?.fields).toEqual({
      ToUserName: corpId,
      FromUserName: 'zhangsan',
      CreateTime: expect.any(String),
      MsgType: 'event',
      Event: 'template_card_event',
      EventKey: 'approve',
      TaskId: 'perm-7',
      CardType: 'button_interaction',
      ResponseCode: two.responseCode,
      AgentID: String(agentId),
    });
  });

  it('retries when the bot misses the deadline, resending the same signed request', async () => {
    const { sim } = simWorld({ botBaseUrl: templateReceiver.baseUrl, callbackDeadlineMs: 1000 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    templateReceiver.answerWith((n) => (n === 1 ? { hold: held } : {}));
    const { callback } = await sim.pushSuiteTicket(TEMPLATE.suiteId);
    release();
    expect(callback).toEqual({ ok: true, status: 200, body: 'success', attempts: 2 });
    const [first, second] = templateReceiver.received;
    expect(second.query).toEqual(first.query);
    expect(second.fields).toEqual(first.fields);
  });

  it('gives up after callbackRetries attempts when the bot never answers success', async () => {
    const { sim } = simWorld({ botBaseUrl: templateReceiver.baseUrl, callbackRetries: 3 });
    templateReceiver.answerWith(() => ({ status: 500, body: 'oops' }));
    const { callback } = await sim.pushSuiteTicket(TEMPLATE.suiteId);
    expect(callback).toEqual({ ok: false, status: 500, body: 'oops', attempts: 3, error: 'bad_answer' });
    templateReceiver.answerWith(() => ({ body: 'ok' }));
    const wrongBody = await sim.pushSuiteTicket(TEMPLATE.suiteId);
    expect(wrongBody.callback).toMatchObject({ ok: false, status: 200, attempts: 3 });
    expect(templateReceiver.received).toHaveLength(6);
  });

  it('reports timeouts and unreachable bots; records without sending when no bot URL is set', async () => {
    const { sim } = simWorld({ callbackDeadlineMs: 50, callbackRetries: 2 });
    const none = await sim.pushSuiteTicket(TEMPLATE.suiteId);
    expect(none.callback).toMatchObject({ ok: false, attempts: 0, error: 'no_bot_base_url' });
    expect(sim.callbacks).toHaveLength(1);

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    templateReceiver.answerWith(() => ({ hold: held }));
    sim.setBotBaseUrl(templateReceiver.baseUrl);
    const slow = await sim.pushSuiteTicket(TEMPLATE.suiteId);
    release();
    expect(slow.callback).toEqual({ ok: false, status: null, body: '', attempts: 2, error: 'timeout' });
  });

  it('verifies a callback URL with a GET echostr as WeCom does when it is saved', async () => {
    const { sim } = simWorld({ botBaseUrl: templateReceiver.baseUrl });
    const outcome = await sim.verifyCallbackUrl({ target: 'template', suiteId: TEMPLATE.suiteId });
    expect(outcome).toMatchObject({ ok: true, status: 200, attempts: 1 });
    expect(templateReceiver.received[0]).toMatchObject({
      method: 'GET',
      signatureOk: true,
      receiverId: TEMPLATE.suiteId,
    });
  });
});
