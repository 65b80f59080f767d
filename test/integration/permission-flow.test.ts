import { DAY } from '../../src/shared/clock';
import { createTestBot, SUITE, xml, seconds, type TestBot } from '../helpers/test-bot';
import {
  ADMINS,
  CORP,
  authorizeThroughCallbacks,
  cardClick,
  keep,
  mockAuthorizationApis,
  recordSends,
  type Body,
} from '../helpers/wecom-nock';

const BASE = `/admin/api/apps/${SUITE.suiteId}/${CORP}/permission-requests`;

async function authorize(bot: TestBot): Promise<void> {
  mockAuthorizationApis();
  await authorizeThroughCallbacks(bot);
}

/** Everything the bot sends to WeCom from here on, answered as WeCom would. */
function recordWecom(probeErrcode = 0) {
  const { scope, sent, updates } = recordSends();
  const alerts: Body[] = [];
  let probes = 0;
  scope
    // Tokens live 2 h; the follow-up a week later needs a fresh one.
    .get('/cgi-bin/gettoken')
    .query(true)
    .reply(200, { errcode: 0, access_token: 'APP_TOKEN', expires_in: 7200 })
    .get('/cgi-bin/externalcontact/get_follow_user_list')
    .query(true)
    .reply(200, () => {
      probes += 1;
      return probeErrcode
        ? { errcode: probeErrcode, errmsg: 'api forbidden' }
        : { errcode: 0, follow_user: [] };
    })
    .post('/cgi-bin/webhook/send', keep(alerts))
    .query({ key: 'support' })
    .reply(200, { errcode: 0, errmsg: 'ok' });
  return { sent, updates, alerts, probes: () => probes };
}

function cardsIn(sent: Body[]): Body[] {
  return sent.filter((b) => b.msgtype === 'template_card');
}

/** The text that follows every permission card: what each permission is for. */
const PURPOSES = expect.stringContaining('申请的权限及用途：');

function textsTo(sent: Body[], user: string): string[] {
  return sent
    .filter((b) => b.msgtype === 'text' && b.touser === user)
    .map((b) => (b.text as { content: string }).content);
}

describe('custom-permission requests through the HTTP endpoints', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
    await authorize(bot);
  });
  afterEach(() => bot.close());

  it('files, cards each admin, takes the first tap, verifies the permission and answers a second tap', async () => {
    const wecom = recordWecom();
    const filed = await bot.admin('post', BASE, { permissions: ['客户联系'] });
    expect(filed.status).toBe(201);
    expect(filed.body.request.stateLabel).toBe('待企业客户确认 / waiting for the enterprise');
    const id = filed.body.request.id as string;
    await bot.tick();

    const cards = cardsIn(wecom.sent);
    expect(cards.map((c) => c.touser).sort()).toEqual([...ADMINS].sort());
    expect(JSON.stringify(cards[0])).toContain(`perm:approve:${id}`);

    const res = await cardClick(bot, 'zhangsan', `perm:approve:${id}`, 'rc-click-zhangsan');
    expect(res.text).toBe('success');
    await bot.tick();

    expect(wecom.probes()).toBe(1);
    expect((await bot.stores.apps.get(SUITE.suiteId, CORP))?.effectivePermissions).toEqual([
      'customer_contact',
    ]);
    const lisiCard = wecom.sent.indexOf(cards.find((c) => c.touser === 'lisi')!) + 1;
    // The tap shows the intent on the tapped card; the check call's answer shows 已生效 on every card.
    expect(wecom.updates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          userids: ['zhangsan'],
          response_code: 'rc-click-zhangsan',
          button: { replace_name: '已同意待生效' },
        }),
        expect.objectContaining({
          userids: ['lisi'],
          response_code: `rc-send-${lisiCard}`,
          button: { replace_name: '已生效' },
        }),
      ]),
    );
    expect(textsTo(wecom.sent, 'zhangsan')).toEqual([
      PURPOSES,
      expect.stringContaining('请在企业微信「权限变更」通知中点「同意」'),
      expect.stringContaining('已在企业微信生效'),
    ]);

    await cardClick(bot, 'lisi', `perm:decline:${id}`, 'rc-click-lisi');
    await bot.tick();
    expect(textsTo(wecom.sent, 'lisi')).toEqual([
      PURPOSES,
      expect.stringContaining('已在企业微信生效'),
      expect.stringContaining('已由 zhangsan'),
    ]);
    const listed = await bot.admin('get', BASE);
    expect(listed.body.requests[0]).toMatchObject({
      id,
      state: 'granted',
      answer: { answer: 'approve', by: 'zhangsan', via: 'button' },
      evidence: { kind: 'probe' },
      stateLabel: '已生效 / in effect',
    });
  });

  it('takes a not-now in text, tells support, and asks again after the wait', async () => {
    const wecom = recordWecom(48002);
    const id = (await bot.admin('post', BASE, { permissions: ['customer_contact'] })).body.request
      .id as string;
    await bot.tick();

    await bot.appCallback(
      CORP,
      xml({
        ToUserName: CORP,
        FromUserName: 'lisi',
        CreateTime: seconds(bot.clock),
        MsgType: 'text',
        Content: '暂不授权',
        MsgId: '7000000000000000101',
        AgentID: 1000002,
      }),
    );
    await bot.tick();

    const listed = await bot.admin('get', `/admin/api/permission-requests/${id}`);
    expect(listed.body.request).toMatchObject({ state: 'declined', stateLabel: '暂不授权 / not now' });
    expect((await bot.stores.apps.get(SUITE.suiteId, CORP))?.effectivePermissions).toEqual([]);
    expect(textsTo(wecom.sent, 'lisi')).toEqual([PURPOSES, expect.stringContaining('已记录：暂不授权')]);
    expect(wecom.updates).toHaveLength(ADMINS.length);
    expect(JSON.stringify(wecom.alerts)).toContain('暂不授权');

    bot.clock.advance(7 * DAY);
    await bot.tick();
    const again = cardsIn(wecom.sent).slice(ADMINS.length);
    expect(again.map((c) => c.touser).sort()).toEqual([...ADMINS].sort());
    expect(JSON.stringify(again[0])).toContain('再次确认');
    const pending = await bot.admin('get', '/admin/api/permission-requests?state=pending');
    expect(pending.body.requests).toEqual([expect.objectContaining({ raisedCount: 2 })]);
  });

  it('keeps an approval WeCom does not honour yet (48002) pending, re-checks, then tells support', async () => {
    const wecom = recordWecom(48002);
    const id = (await bot.admin('post', BASE, { permissions: ['客户联系'] })).body.request.id as string;
    await bot.tick();
    await cardClick(bot, 'zhangsan', `perm:approve:${id}`, 'rc-click-1');
    await bot.tick();

    let request = (await bot.admin('get', `/admin/api/permission-requests/${id}`)).body.request;
    expect(request).toMatchObject({
      state: 'pending',
      answer: { answer: 'approve', by: 'zhangsan' },
      stateLabel: '已同意，待确认生效 / approved in chat, not confirmed in WeCom yet',
    });
    expect(textsTo(wecom.sent, 'zhangsan')).toEqual([
      PURPOSES,
      expect.stringContaining('请在企业微信「权限变更」通知中点「同意」'),
    ]);
    expect(JSON.stringify(wecom.updates)).not.toContain('已生效');
    // Support hears of the intent (info), not yet of a problem.
    expect(wecom.alerts).toHaveLength(1);

    for (const hours of [1, 2]) {
      bot.clock.advance(hours * 3600_000);
      await bot.tick();
    }
    expect(wecom.probes()).toBe(3);
    expect(JSON.stringify(wecom.alerts)).toContain('已同意但未生效');
    request = (await bot.admin('get', `/admin/api/permission-requests/${id}`)).body.request;
    expect(request.state).toBe('pending');
  });

  it('refuses a tap on a card of a cancelled authorization, politely', async () => {
    recordWecom();
    const id = (await bot.admin('post', BASE, { permissions: ['客户联系'] })).body.request.id as string;
    await bot.tick();
    await bot.templateCallback(
      xml({
        SuiteId: SUITE.suiteId,
        InfoType: 'cancel_auth',
        TimeStamp: seconds(bot.clock),
        AuthCorpId: CORP,
      }),
    );

    await cardClick(bot, 'zhangsan', `perm:approve:${id}`, 'rc-late');

    expect((await bot.admin('get', `/admin/api/permission-requests/${id}`)).body.request.state).toBe(
      'pending',
    );
    const replies = await bot.stores.outbox.list({ topic: 'permission_reply' });
    expect(replies.map((m) => (m.payload.text as { content: string }).content)).toEqual([
      expect.stringContaining('授权已取消'),
    ]);
  });
});
