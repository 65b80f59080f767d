import { createTestBot, SUITE, xml, seconds, type TestBot } from '../helpers/test-bot';
import {
  CORP,
  authorizeThroughCallbacks,
  cardClick,
  mockAuthorizationApis,
  recordSends,
  type Body,
} from '../helpers/wecom-nock';

const BASE = `/admin/api/apps/${SUITE.suiteId}/${CORP}/permission-requests`;

function recordWecom() {
  const { scope, sent, updates } = recordSends();
  scope
    .get('/cgi-bin/externalcontact/get_follow_user_list')
    .query(true)
    .reply(200, { errcode: 0, follow_user: [] })
    .post('/cgi-bin/webhook/send')
    .query(true)
    .reply(200, { errcode: 0, errmsg: 'ok' });
  return { sent, updates };
}

function text(bot: TestBot, fromUser: string, content: string, msgId: string) {
  return bot.appCallback(
    CORP,
    xml({
      ToUserName: CORP,
      FromUserName: fromUser,
      CreateTime: seconds(bot.clock),
      MsgType: 'text',
      Content: content,
      MsgId: msgId,
      AgentID: 1000002,
    }),
  );
}

const cardsTo = (sent: Body[], user: string) =>
  sent.filter((b) => b.msgtype === 'template_card' && b.touser === user);
/** The text that follows every permission card: what each permission is for. */
const PURPOSES = expect.stringContaining('申请的权限及用途：');
const textsTo = (sent: Body[], user: string) =>
  sent
    .filter((b) => b.msgtype === 'text' && b.touser === user)
    .map((b) => (b.text as { content: string }).content);

describe('text answers: only clear words decide', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
    mockAuthorizationApis();
    await authorizeThroughCallbacks(bot);
  });
  afterEach(() => bot.close());

  it('"OK" decides nothing: the admin gets the card again (once per message), his earlier card stops taking taps', async () => {
    const wecom = recordWecom();
    const id = (await bot.admin('post', BASE, { permissions: ['customer_contact'] })).body.request
      .id as string;
    await bot.tick();
    expect(cardsTo(wecom.sent, 'zhangsan')).toHaveLength(1);

    await text(bot, 'zhangsan', 'OK', '7000000000000000201');
    // WeCom delivers the same message again: still one fresh card.
    await text(bot, 'zhangsan', 'OK', '7000000000000000201');
    await bot.tick();

    const request = (await bot.admin('get', `/admin/api/permission-requests/${id}`)).body.request;
    expect(request.state).toBe('pending');
    expect(request.answer).toBeUndefined();
    const cards = cardsTo(wecom.sent, 'zhangsan');
    expect(cards).toHaveLength(2);
    expect(JSON.stringify(cards[1])).toContain(`perm:approve:${id}`);
    // No reply of its own: each card comes with its purposes, and that is all.
    expect(textsTo(wecom.sent, 'zhangsan')).toEqual([PURPOSES, PURPOSES]);
    expect(wecom.updates).toEqual([
      expect.objectContaining({
        userids: ['zhangsan'],
        response_code: 'rc-send-1',
        button: { replace_name: '已重新发送' },
      }),
    ]);
    expect(cardsTo(wecom.sent, 'lisi')).toHaveLength(1);

    // The fresh card answers as any card does, and the other admin's card greys out.
    await cardClick(bot, 'zhangsan', `perm:approve:${id}`, 'rc-click-fresh');
    await bot.tick();
    expect(
      (await bot.admin('get', `/admin/api/permission-requests/${id}`)).body.request.answer,
    ).toMatchObject({
      answer: 'approve',
      by: 'zhangsan',
    });
    expect(wecom.updates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userids: ['zhangsan'], response_code: 'rc-click-fresh' }),
        expect.objectContaining({ userids: ['lisi'], response_code: 'rc-send-2' }),
      ]),
    );
  });

  it.each(['好的', 'yes', 'no', '👍', '可以'])('%j decides nothing either', async (word) => {
    const wecom = recordWecom();
    const id = (await bot.admin('post', BASE, { permissions: ['customer_contact'] })).body.request
      .id as string;
    await bot.tick();
    await text(bot, 'lisi', word, '7000000000000000301');
    await bot.tick();
    expect((await bot.admin('get', `/admin/api/permission-requests/${id}`)).body.request.state).toBe(
      'pending',
    );
    expect(cardsTo(wecom.sent, 'lisi')).toHaveLength(2);
  });

  it('"OK" with nothing pending gets what can be sent now; 同意 with nothing pending says so', async () => {
    const wecom = recordWecom();
    await text(bot, 'zhangsan', 'ok', '7000000000000000401');
    await text(bot, 'zhangsan', '同意', '7000000000000000402');
    await bot.tick();
    const texts = textsTo(wecom.sent, 'zhangsan');
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('· 状态');
    expect(texts[0]).not.toContain('同意');
    expect(texts[1]).toContain('没有等待确认的权限申请');
  });

  it('同意 decides only when exactly one request is pending; with two, it says to answer each on its card', async () => {
    const wecom = recordWecom();
    const first = (await bot.admin('post', BASE, { permissions: ['customer_contact'] })).body.request
      .id as string;
    await bot.tick();
    // Filing through the port supersedes the pending one; a second pending request (as the bot may
    // open from WeCom's list) is put next to the first in the memory store directly.
    const request = await bot.stores.permissionRequests.get(first);
    const store = bot.stores.permissionRequests as unknown as {
      requests: Map<string, unknown>;
      byCorp: { add(corpId: string, id: string): void };
    };
    store.requests.set('second-request', { ...request!, id: 'second-request' });
    store.byCorp.add(CORP, 'second-request');

    await text(bot, 'zhangsan', '同意', '7000000000000000501');
    await text(bot, 'lisi', 'OK', '7000000000000000502');
    await bot.tick();
    const pending = await bot.stores.permissionRequests.list({ corpId: CORP, state: 'pending' });
    expect(pending).toHaveLength(2);
    for (const admin of ['zhangsan', 'lisi'])
      expect(textsTo(wecom.sent, admin)).toEqual([PURPOSES, expect.stringContaining('2 条权限申请等待确认')]);
  });
});
