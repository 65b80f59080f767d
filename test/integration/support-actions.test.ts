import nock from '../helpers/nock';
import type { NewOutboxMessage } from '../../src/domain/ports/stores';
import { buttonCard, taskIdFor } from '../../src/domain/wecom-messages';
import { MINUTE } from '../../src/shared/clock';
import { ADMIN_TOKEN, createTestBot, SUITE, WECOM_BASE, type TestBot } from '../helpers/test-bot';
import { daysAgo, seed } from '../unit/domain/support/support-fixture';

const S = SUITE.suiteId;
const CORP = 'wwcorp0001';

function card(key: string): NewOutboxMessage {
  return {
    dedupeKey: key,
    channel: 'app',
    suiteId: S,
    corpId: CORP,
    toUser: 'alice',
    topic: 'rollout_reminder',
    payload: buttonCard({
      toUser: 'alice',
      taskId: taskIdFor(key),
      title: '扩大可见范围',
      buttons: [{ text: '已扩大', key: 'rollout:widened' }],
    }),
  };
}

function text(key: string): NewOutboxMessage {
  return {
    ...card(key),
    topic: 'rollout_reply',
    payload: { touser: 'alice', msgtype: 'text', text: { content: '好' } },
  };
}

/** Writes a message and gives it the outcome wanted, as the worker would have. */
async function message(bot: TestBot, msg: NewOutboxMessage, outcome: 'failed' | 'sent' | 'queued') {
  const now = bot.clock.now();
  const { message: m } = await bot.stores.outbox.enqueue(msg, now);
  if (outcome === 'queued') return m;
  const [claimed] = await bot.stores.outbox.claimDue({ owner: 'test', now, leaseMs: 60_000, limit: 100 });
  expect(claimed?.id).toBe(m.id);
  if (outcome === 'failed') {
    await bot.stores.outbox.markFailed(
      m.id,
      'test',
      { error: 'errcode 81013 user invalid', errcode: 81013 },
      now,
    );
  } else {
    await bot.stores.outbox.markSent(m.id, 'test', { msgId: 'm0' }, now);
  }
  return m;
}

/** The token and message/send of the enterprise, recording what is sent. */
function wecomSend(times: number): { sent: Record<string, unknown>[]; scope: nock.Scope } {
  const sent: Record<string, unknown>[] = [];
  const scope = nock(WECOM_BASE)
    .get('/cgi-bin/gettoken')
    .query({ corpid: CORP, corpsecret: 'PCODE' })
    .reply(200, { errcode: 0, access_token: 'APP_TOKEN', expires_in: 7200 })
    .post('/cgi-bin/message/send', (b) => Boolean(sent.push(b)))
    .query({ access_token: 'APP_TOKEN' })
    .times(times)
    .reply(200, () => ({
      errcode: 0,
      errmsg: 'ok',
      msgid: `m${sent.length}`,
      response_code: `rc${sent.length}`,
    }));
  return { sent, scope };
}

describe('support actions over the API', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
    await seed(bot.stores, {
      auth: { suiteId: S, corpId: CORP, permanentCodeEnc: bot.container.secrets.seal('PCODE') },
    });
  });
  afterEach(() => bot.close());

  it('never lets a response code leave the server through /admin/api/messages', async () => {
    const sentCard = await message(bot, card('rollout:x:reminder:9:alice'), 'queued');
    const [claimed] = await bot.stores.outbox.claimDue({
      owner: 'test',
      now: bot.clock.now(),
      leaseMs: 60_000,
      limit: 1,
    });
    await bot.stores.outbox.markSent(
      claimed!.id,
      'test',
      { msgId: 'm9', responseCode: 'RC_SECRET_1' },
      bot.clock.now(),
    );
    const update = await message(
      bot,
      {
        ...card('rollout:x:click:9:buttons'),
        channel: 'app_card_update',
        payload: { userids: ['alice'], response_code: 'RC_SECRET_2', button: { replace_name: '已扩大' } },
      },
      'failed',
    );
    const answers = [
      await bot.admin('get', '/admin/api/messages'),
      await bot.admin('get', `/admin/api/messages/${sentCard.id}`),
      await bot.admin('get', `/admin/api/messages/${update.id}`),
    ];
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('RC_SECRET');
    }
    expect(answers[1]!.body.message).toMatchObject({ id: sentCard.id, msgId: 'm9' });
  });

  describe('POST /admin/api/messages/:id/resend', () => {
    it('sends a failed card again as a new message with a fresh task_id, counting resends', async () => {
      const original = await message(bot, card('rollout:x:reminder:1:alice'), 'failed');
      const { sent, scope } = wecomSend(3);

      const res = await bot.admin('post', `/admin/api/messages/${original.id}/resend`);
      expect(res.status).toBe(202);
      expect(res.body.resendOf).toBe(original.id);
      expect(res.body.message).toMatchObject({
        dedupeKey: 'rollout:x:reminder:1:alice:resend:1',
        channel: 'app',
        toUser: 'alice',
        topic: 'rollout_reminder',
      });
      expect(sent).toHaveLength(1);
      const taskId = (sent[0]!.template_card as { task_id: string }).task_id;
      expect(taskId).toBe(taskIdFor('rollout:x:reminder:1:alice:resend:1'));
      expect(taskId).not.toBe(taskIdFor('rollout:x:reminder:1:alice'));
      expect((await bot.admin('get', `/admin/api/messages/${res.body.message.id}`)).body.message.status).toBe(
        'sent',
      );

      const again = await bot.admin('post', `/admin/api/messages/${original.id}/resend`);
      expect(again.body.message.dedupeKey).toBe('rollout:x:reminder:1:alice:resend:2');
      // A resend of a resend counts on from the original.
      const third = await bot.admin('post', `/admin/api/messages/${res.body.message.id}/resend`);
      expect(third.body.message.dedupeKey).toBe('rollout:x:reminder:1:alice:resend:3');
      expect(scope.isDone()).toBe(true);
      expect(new Set(sent.map((b) => (b.template_card as { task_id: string }).task_id)).size).toBe(3);
    });

    it('refuses a text WeCom’s duplicate check would drop, and sends it once that window passed', async () => {
      const original = await message(bot, text('rollout:x:reply:1'), 'sent');
      // Texts carry a short duplicate check (wecom.textDuplicateCheckIntervalSeconds, 5 min).
      bot.clock.advance(MINUTE);
      const early = await bot.admin('post', `/admin/api/messages/${original.id}/resend`);
      expect(early.status).toBe(409);
      expect(early.body.message).toContain('duplicate check');

      const { scope } = wecomSend(1);
      bot.clock.advance(5 * MINUTE);
      const later = await bot.admin('post', `/admin/api/messages/${original.id}/resend`);
      expect(later.status).toBe(202);
      expect(scope.isDone()).toBe(true);
    });

    it('refuses card updates, queued messages and cancelled authorizations; 404 for an unknown id', async () => {
      const update = await message(
        bot,
        {
          ...card('rollout:x:click:1:buttons'),
          channel: 'app_card_update',
          payload: { userids: ['alice'], response_code: 'rc', button: { replace_name: '已扩大' } },
        },
        'failed',
      );
      expect((await bot.admin('post', `/admin/api/messages/${update.id}/resend`)).status).toBe(409);
      expect((await bot.admin('post', '/admin/api/messages/nope/resend')).status).toBe(404);

      const failed = await message(bot, card('rollout:x:reminder:3:alice'), 'failed');
      // Last: a queued message would be claimed by the helper's next claim.
      const queued = await message(bot, card('rollout:x:reminder:2:alice'), 'queued');
      expect((await bot.admin('post', `/admin/api/messages/${queued.id}/resend`)).body).toMatchObject({
        error: 'conflict',
        message: expect.stringContaining('queued'),
      });
      await bot.stores.authorizations.cancel(S, CORP, bot.clock.now());
      const res = await bot.admin('post', `/admin/api/messages/${failed.id}/resend`);
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('cancelled');
    });
  });

  describe('GET /admin/api/messages', () => {
    it('lists messages without their payload, filtered and paged', async () => {
      await message(bot, card('k1'), 'failed');
      await message(bot, text('k2'), 'sent');
      const res = await bot.admin('get', `/admin/api/messages?corpId=${CORP}&status=failed`);
      expect(res.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
      expect(res.body.messages[0]).toMatchObject({ dedupeKey: 'k1', status: 'failed', lastErrcode: 81013 });
      expect(res.body.messages[0].payload).toBeUndefined();
      const bad = await bot.admin('get', '/admin/api/messages?status=lost');
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ field: 'status', rule: 'one_of' });
      expect((await bot.admin('get', '/admin/api/messages/nope')).status).toBe(404);
    });
  });

  describe('diagnosis', () => {
    it('answers 404 for an unknown enterprise', async () => {
      const res = await bot.admin('get', '/admin/api/enterprises/wwnobody/diagnosis');
      expect(res.status).toBe(404);
    });

    it('offers a one-click action that works against the API', async () => {
      await bot.stores.rollouts.update(
        S,
        CORP,
        { state: 'escalated', unanswered: 3, nextReminderAt: undefined },
        daysAgo(1),
        {
          entry: { at: daysAgo(1), what: 'escalated', detail: '3 reminders unanswered' },
        },
      );
      const res = await bot.admin('get', `/admin/api/enterprises/${CORP}/diagnosis`);
      expect(res.status).toBe(200);
      const d = res.body.diagnosis;
      expect(d).toMatchObject({ corpId: CORP, needsPerson: true });
      expect(d.findings[0]).toMatchObject({
        rule: 'rollout_escalated',
        actor: 'support',
        actorLabel: '客服',
        action: { method: 'POST', path: `/admin/api/apps/${S}/${CORP}/rollout/resume` },
      });
      expect(d.summary).toContain('3 次提醒无人回复');
      // ?locale= picks the texts' language; the rules, keys and actions stay the same.
      const en = (await bot.admin('get', `/admin/api/enterprises/${CORP}/diagnosis?locale=en`)).body
        .diagnosis;
      expect(en.findings[0]).toMatchObject({ rule: 'rollout_escalated', actorLabel: 'support staff' });
      expect(en.summary).toContain('3 reminders unanswered');
      expect(en.summary).not.toMatch(/\p{Script=Han}/u);
      const bad = await bot.admin('get', `/admin/api/enterprises/${CORP}/diagnosis?locale=fr`);
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ field: 'locale', rule: 'one_of' });

      const { method, path, body } = d.findings[0].action;
      const done = await bot.admin(method.toLowerCase(), path, body);
      expect(done.status).toBe(200);
      expect(done.body.rollout.state).toBe('active');
      const after = await bot.admin('get', `/admin/api/enterprises/${CORP}/diagnosis`);
      expect(after.body.diagnosis.needsPerson).toBe(false);
    });

    it('lists what needs a person at /admin/api/diagnoses, with the resend of a failed message', async () => {
      const failed = await message(bot, card('rollout:x:reminder:1:alice'), 'failed');
      const res = await bot.admin('get', '/admin/api/diagnoses');
      expect(res.status).toBe(200);
      expect(res.body.needsPerson).toHaveLength(1);
      expect(res.body.needsPerson[0]).toMatchObject({
        rule: 'messages_failed',
        enterprises: [{ corpId: CORP, corpName: '示例科技' }],
        action: { method: 'POST', path: `/admin/api/messages/${failed.id}/resend` },
      });
      expect(res.body.needsPerson[0].nextStep).toContain('可见范围');
      const en = await bot.admin('get', '/admin/api/diagnoses?locale=en');
      expect(en.body.needsPerson[0].nextStep).toContain('visibility');
      expect((await bot.admin('get', '/admin/api/diagnoses?x=1')).status).toBe(400);
    });
  });
});

describe('admin token', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
  });
  afterAll(() => bot.close());
  // Each endpoint tries two wrong tokens; an hour later this address starts afresh (no 429).
  afterEach(() => void bot.clock.advance(61 * 60_000));

  const endpoints: [method: 'get' | 'post' | 'put', path: string][] = [
    ['get', '/admin/api/overview'],
    ['get', '/admin/api/enterprises'],
    ['get', '/admin/api/enterprises/wwcorp/diagnosis'],
    ['get', '/admin/api/diagnoses'],
    ['get', '/admin/api/apps'],
    ['get', `/admin/api/apps/${S}/wwcorp`],
    ['get', `/admin/api/apps/${S}/wwcorp/timeline`],
    ['get', '/admin/api/messages'],
    ['get', '/admin/api/messages/x'],
    ['post', '/admin/api/messages/x/resend'],
    ['get', '/admin/api/templates'],
    ['get', '/admin/api/batch-qr-codes'],
    ['post', `/admin/api/apps/${S}/wwcorp/status`],
    ['post', `/admin/api/apps/${S}/wwcorp/permission-requests`],
    ['post', `/admin/api/apps/${S}/wwcorp/rollout/pause`],
    ['put', `/admin/api/apps/${S}/wwcorp/rollout/plan`],
    ['post', '/admin/api/check-config'],
    ['post', '/admin/api/templates'],
  ];

  it.each(endpoints)('%s %s answers 401 without a token and with a wrong one', async (method, path) => {
    const none = await bot.http()[method](path);
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('unauthorized');
    const wrong = await bot.http()[method](path).set('Authorization', `Bearer ${ADMIN_TOKEN}x`);
    expect(wrong.status).toBe(401);
    const notBearer = await bot.http()[method](path).set('Authorization', ADMIN_TOKEN);
    expect(notBearer.status).toBe(401);
  });

  it('leaves /metrics open', async () => {
    expect((await bot.http().get('/metrics')).status).toBe(200);
  });
});
