import nock from '../../helpers/nock';
import { createSupportAlerter } from '../../../src/alerts/support-alerter';
import { wecomErrorAlert } from '../../../src/alerts/wecom-error-alert';
import type { CorpApi } from '../../../src/domain/ports/wecom';
import type { OutboxMessage } from '../../../src/domain/model';
import { createOutbox } from '../../../src/outbox/enqueue';
import { createOutboxWorker, type OutboxWorkerOptions } from '../../../src/outbox/outbox-worker';
import { HOUR, MINUTE } from '../../../src/shared/clock';
import { createMemoryLogger } from '../../../src/shared/logger';
import type { NewOutboxMessage } from '../../../src/domain/ports/stores';
import { buttonCard, replaceButtons, taskIdFor, textMessage } from '../../../src/domain/wecom-messages';
import { corpTokenKey } from '../../../src/wecom/token-cache';
import { AGENT_ID, API, CORP, CREDS, seedToken, SUITE, wecomKit } from '../wecom/wecom-test-kit';

const WEBHOOK = `${API}/cgi-bin/webhook/send?key=ROBOT`;
const CORP2 = 'ww_corp_2';

function setup(over: Partial<OutboxWorkerOptions> = {}) {
  const kit = wecomKit();
  const { logger, lines } = createMemoryLogger();
  const outbox = createOutbox({ store: kit.stores.outbox, clock: kit.clock });
  const alerts = createSupportAlerter({ outbox, clock: kit.clock, locale: 'zh-CN' });
  // One try per tick: the client's own retries are covered in its tests; here the outbox decides.
  // Permanent errors reach support through the client's hook, as the container wires it.
  const wecom = kit.makeClient({
    maxRetries: 0,
    onPermanentError: (err, ctx) =>
      alerts.alert(wecomErrorAlert(err, { ...ctx, at: kit.clock.now() }, alerts.locale)),
  });
  const enterprise = async (suiteId: string, corpId: string) => ({
    stopped: false,
    wecom: wecom.forCorp({ ...CREDS, suiteId, corpId }),
  });
  const worker = (owner = 'worker-1', more: Partial<OutboxWorkerOptions> = {}) =>
    createOutboxWorker({
      store: kit.stores.outbox,
      wecom,
      enterprise,
      clock: kit.clock,
      logger,
      owner,
      leaseMs: 60_000,
      batchSize: 20,
      maxAttempts: 3,
      backoff: { baseMs: 10_000, capMs: 600_000 },
      random: () => 1,
      alerts,
      supportWebhookUrl: WEBHOOK,
      ...over,
      ...more,
    });
  const text = (dedupeKey: string, toUser = 'admin1', corpId = CORP): NewOutboxMessage => ({
    dedupeKey,
    channel: 'app',
    suiteId: SUITE,
    corpId,
    topic: 'test',
    payload: textMessage(toUser, `hello ${dedupeKey}`),
  });
  const supportMessages = () => kit.stores.outbox.list({ channel: 'support' });
  return { kit, outbox, alerts, worker, text, lines, supportMessages };
}

/** A message/send scope that checks the body carries WeCom's fields, as the client must send them. */
function expectSend(
  token: string,
  reply: Record<string, unknown>,
  check?: (body: Record<string, unknown>) => boolean,
) {
  return nock(API)
    .post(
      '/cgi-bin/message/send',
      (body: Record<string, unknown>) =>
        body.agentid === AGENT_ID && body.enable_duplicate_check === 1 && (check ? check(body) : true),
    )
    .query({ access_token: token })
    .reply(200, reply);
}

const status = async (s: ReturnType<typeof setup>, m: OutboxMessage) =>
  (await s.kit.stores.outbox.get(m.id))!;

describe('outbox worker', () => {
  it('sends a template card, stores its response_code, then updates it with update_template_card', async () => {
    const s = setup();
    await seedToken(s.kit, corpTokenKey(SUITE, CORP), 'T');
    const taskId = taskIdFor('card:1');
    const card = await s.outbox.enqueue({
      dedupeKey: 'card:1',
      channel: 'app',
      suiteId: SUITE,
      corpId: CORP,
      topic: 'permission_card',
      payload: buttonCard({
        toUser: 'admin1',
        taskId,
        title: '权限变更待确认',
        buttons: [
          { text: '同意', key: 'approve' },
          { text: '暂不授权', key: 'decline', style: 2 },
        ],
      }),
    });
    const update = await s.outbox.enqueue({
      dedupeKey: 'card:1:done',
      channel: 'app_card_update',
      suiteId: SUITE,
      corpId: CORP,
      topic: 'permission_card_done',
      payload: replaceButtons({
        userIds: ['admin1'],
        responseCodeFrom: card.message.id,
        replaceName: '已同意',
      }),
    });
    // Both are claimed in one batch; the update comes second and finds the card's response_code.
    const sent = expectSend('T', { errcode: 0, errmsg: 'ok', msgid: 'MSG1', response_code: 'RC-1' }, (b) => {
      const tc = b.template_card as Record<string, unknown>;
      return b.msgtype === 'template_card' && tc.card_type === 'button_interaction' && tc.task_id === taskId;
    });
    const updated = nock(API)
      .post('/cgi-bin/message/update_template_card', {
        userids: ['admin1'],
        response_code: 'RC-1',
        button: { replace_name: '已同意' },
        agentid: AGENT_ID,
      })
      .query({ access_token: 'T' })
      .reply(200, { errcode: 0, errmsg: 'ok' });

    expect(await s.worker().tick()).toEqual({ sent: 2, retried: 0, failed: 0, deferred: 0 });

    expect(sent.isDone() && updated.isDone()).toBe(true);
    expect(await status(s, card.message)).toMatchObject({
      status: 'sent',
      responseCode: 'RC-1',
      msgId: 'MSG1',
    });
    expect((await status(s, update.message)).status).toBe('sent');
  });

  it('defers a card update until its card is sent, and fails it without calling WeCom if the card failed', async () => {
    const s = setup();
    await seedToken(s.kit, corpTokenKey(SUITE, CORP), 'T');
    const card = await s.outbox.enqueue({
      ...s.text('card:2'),
      notBefore: new Date(s.kit.clock.now().getTime() + HOUR),
    });
    const update = await s.outbox.enqueue({
      dedupeKey: 'card:2:done',
      channel: 'app_card_update',
      suiteId: SUITE,
      corpId: CORP,
      topic: 'done',
      payload: replaceButtons({ userIds: ['admin1'], responseCodeFrom: card.message.id, replaceName: 'x' }),
    });

    expect(await s.worker().tick()).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 1 });
    expect(await status(s, update.message)).toMatchObject({ status: 'queued', attempts: 0 });

    // The card fails for good (nobody reachable): the update is dropped, WeCom never asked.
    s.kit.clock.advance(HOUR);
    expectSend('T', { errcode: 81013, errmsg: 'all touser invalid' });
    expect(await s.worker().tick()).toMatchObject({ failed: 2 });
    expect(await status(s, update.message)).toMatchObject({ status: 'failed', lastError: 'card_failed' });
    expect(nock.isDone()).toBe(true);
  });

  it('after a restart between the outbox write and the send, sends exactly once', async () => {
    const s = setup();
    await seedToken(s.kit, corpTokenKey(SUITE, CORP), 'T');
    await s.outbox.enqueue(s.text('enabled:1'));
    const send = expectSend('T', { errcode: 0, errmsg: 'ok', msgid: 'M' });

    // A new process: a new worker instance ticks twice.
    const fresh = s.worker('worker-after-restart');
    expect(await fresh.tick()).toMatchObject({ sent: 1 });
    expect(await fresh.tick()).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });
    expect(send.isDone()).toBe(true);
  });

  it('re-sends a card left "sending" by a crashed worker once its lease expires, with the duplicate check on', async () => {
    const s = setup();
    await seedToken(s.kit, corpTokenKey(SUITE, CORP), 'T');
    const { message } = await s.outbox.enqueue({
      dedupeKey: 'enabled:2',
      channel: 'app',
      suiteId: SUITE,
      corpId: CORP,
      topic: 'enabled_card',
      payload: buttonCard({
        toUser: 'admin1',
        taskId: taskIdFor('enabled:2'),
        title: '已启用',
        buttons: [{ text: '稍后提醒', key: 'later' }],
      }),
    });
    // The crashed worker claimed it (and perhaps sent it) but never marked it.
    await s.kit.stores.outbox.claimDue({
      owner: 'crashed',
      now: s.kit.clock.now(),
      leaseMs: 60_000,
      limit: 10,
    });
    const send = expectSend(
      'T',
      { errcode: 0, errmsg: 'ok' },
      (b) => b.duplicate_check_interval === 14400 && b.touser === 'admin1',
    );

    const survivor = s.worker('worker-2');
    expect(await survivor.tick()).toMatchObject({ sent: 0 }); // the lease is still live
    s.kit.clock.advance(61_000);
    expect(await survivor.tick()).toMatchObject({ sent: 1 });
    expect(await survivor.tick()).toMatchObject({ sent: 0 });

    expect(send.isDone()).toBe(true);
    expect((await status(s, message)).status).toBe('sent');
  });

  it('writes a dedupe key once, so it is sent once', async () => {
    const s = setup();
    await seedToken(s.kit, corpTokenKey(SUITE, CORP), 'T');
    const first = await s.outbox.enqueue(s.text('notice:1'));
    const second = await s.outbox.enqueue(s.text('notice:1'));
    expect(second).toMatchObject({ created: false, message: { id: first.message.id } });
    expectSend('T', { errcode: 0 });

    expect(await s.worker().tick()).toMatchObject({ sent: 1 });
    expect(nock.isDone()).toBe(true);
  });

  it('on 45009 defers the message 60 s and holds the enterprise back, then sends', async () => {
    const s = setup();
    await seedToken(s.kit, corpTokenKey(SUITE, CORP), 'T');
    await seedToken(s.kit, corpTokenKey(SUITE, CORP2), 'T2');
    const a = await s.outbox.enqueue(s.text('a'));
    const b = await s.outbox.enqueue(s.text('b', 'admin2'));
    const other = await s.outbox.enqueue(s.text('other', 'admin9', CORP2));
    const limited = expectSend('T', { errcode: 45009, errmsg: 'api freq out of limit' });
    const otherSent = expectSend('T2', { errcode: 0 });
    const start = s.kit.clock.now().getTime();

    expect(await s.worker().tick()).toEqual({ sent: 1, retried: 0, failed: 0, deferred: 2 });
    expect(limited.isDone() && otherSent.isDone()).toBe(true);
    for (const m of [a.message, b.message]) {
      expect(await status(s, m)).toMatchObject({
        status: 'queued',
        attempts: 0,
        notBefore: new Date(start + MINUTE),
      });
    }
    expect(await status(s, a.message)).toMatchObject({ lastErrcode: 45009 });
    expect((await status(s, other.message)).status).toBe('sent');

    s.kit.clock.advance(MINUTE);
    expectSend('T', { errcode: 0 });
    expectSend('T', { errcode: 0 });
    expect(await s.worker().tick()).toMatchObject({ sent: 2 });
    expect(nock.isDone()).toBe(true);
  });

  it.each([
    [8, ['hello a1', 'hello b1', 'hello a2']],
    [1, ['hello a1', 'hello a2', 'hello b1']],
  ])(
    'with concurrency %d, sends enterprises side by side and each enterprise in order',
    async (concurrency, order) => {
      const s = setup({ concurrency });
      await seedToken(s.kit, corpTokenKey(SUITE, CORP), 'T');
      await seedToken(s.kit, corpTokenKey(SUITE, CORP2), 'T2');
      await s.outbox.enqueue(s.text('a1'));
      await s.outbox.enqueue(s.text('a2', 'admin2'));
      await s.outbox.enqueue(s.text('b1', 'admin9', CORP2));
      const arrived: string[] = [];
      nock(API)
        .post('/cgi-bin/message/send', (body: { text: { content: string } }) => {
          arrived.push(body.text.content);
          return true;
        })
        .query(true)
        .times(3)
        .reply(200, { errcode: 0 });

      expect(await s.worker().tick()).toEqual({ sent: 3, retried: 0, failed: 0, deferred: 0 });
      expect(arrived).toEqual(order);
    },
  );

  it('retries -1 with backoff (attempt counted), then sends', async () => {
    const s = setup();
    await seedToken(s.kit, corpTokenKey(SUITE, CORP), 'T');
    const { message } = await s.outbox.enqueue(s.text('busy'));
    expectSend('T', { errcode: -1, errmsg: 'system busy' });
    const start = s.kit.clock.now().getTime();

    expect(await s.worker().tick()).toMatchObject({ retried: 1 });
    // random 1 × min(cap, 10 s × 2^0)
    expect(await status(s, message)).toMatchObject({
      status: 'queued',
      attempts: 1,
      notBefore: new Date(start + 10_000),
    });

    s.kit.clock.advance(10_000);
    expectSend('T', { errcode: 0 });
    expect(await s.worker().tick()).toMatchObject({ sent: 1 });
    expect(nock.isDone()).toBe(true);
  });

  it('gives up after maxAttempts: the message is failed and one support alert is raised', async () => {
    const s = setup();
    await seedToken(s.kit, corpTokenKey(SUITE, CORP), 'T');
    const first = await s.outbox.enqueue(s.text('flaky-1'));
    const second = await s.outbox.enqueue(s.text('flaky-2', 'admin2'));
    nock(API).post('/cgi-bin/message/send').query(true).times(6).reply(502, 'bad gateway');
    const w = s.worker();

    for (let i = 0; i < 3; i++) {
      await w.tick();
      s.kit.clock.advance(5 * MINUTE); // past the backoff (at most 20 s here)
    }

    for (const m of [first.message, second.message]) {
      expect(await status(s, m)).toMatchObject({
        status: 'failed',
        attempts: 2,
        lastError: 'message/send: http 502',
      });
    }
    const alerts = await s.supportMessages();
    expect(alerts).toHaveLength(1);
    expect(JSON.stringify(alerts[0].payload)).toContain('多次发送失败，已放弃');
    expect(nock.isDone()).toBe(true);
  });

  it('a permanent error (60020) fails at once and raises exactly one alert naming the IP', async () => {
    const s = setup();
    await seedToken(s.kit, corpTokenKey(SUITE, CORP), 'T');
    await seedToken(s.kit, corpTokenKey(SUITE, CORP2), 'T2');
    const errmsg =
      'not allow to access from your ip, hint: [1_2_3], from ip: 203.0.113.9, more info at https://x';
    const a = await s.outbox.enqueue(s.text('ip-1'));
    await s.outbox.enqueue(s.text('ip-2', 'admin2'));
    await s.outbox.enqueue(s.text('ip-3', 'admin3', CORP2));
    expectSend('T', { errcode: 60020, errmsg });
    expectSend('T', { errcode: 60020, errmsg });
    expectSend('T2', { errcode: 60020, errmsg });

    expect(await s.worker().tick()).toMatchObject({ failed: 3, retried: 0 });

    expect(await status(s, a.message)).toMatchObject({ status: 'failed', attempts: 0, lastErrcode: 60020 });
    const alerts = await s.supportMessages();
    expect(alerts).toHaveLength(1);
    const content = (alerts[0].payload.markdown as { content: string }).content;
    expect(content).toContain('203.0.113.9');
    expect(content).toContain('服务商后台');
    expect(content).toMatch(/^<font color="warning">/);

    // The alert itself goes out through the group robot webhook.
    const robot = nock(API)
      .post(
        '/cgi-bin/webhook/send',
        (b) => b.msgtype === 'markdown' && String(b.markdown.content).includes('203.0.113.9'),
      )
      .query({ key: 'ROBOT' })
      .reply(200, { errcode: 0, errmsg: 'ok' });
    expect(await s.worker().tick()).toMatchObject({ sent: 1 });
    expect(robot.isDone()).toBe(true);
  });

  it('keeps each member under the per-minute budget: defers without counting an attempt', async () => {
    const s = setup({ memberBudget: { perMinute: 2, perHour: 100 } });
    await seedToken(s.kit, corpTokenKey(SUITE, CORP), 'T');
    await s.outbox.enqueue(s.text('m1'));
    await s.outbox.enqueue(s.text('m2'));
    const third = await s.outbox.enqueue(s.text('m3'));
    const otherMember = await s.outbox.enqueue(s.text('m4', 'admin2'));
    nock(API).post('/cgi-bin/message/send').query(true).times(3).reply(200, { errcode: 0 });
    const start = s.kit.clock.now().getTime();
    const w = s.worker();

    expect(await w.tick()).toEqual({ sent: 3, retried: 0, failed: 0, deferred: 1 });
    expect(await status(s, third.message)).toMatchObject({
      status: 'queued',
      attempts: 0,
      lastError: 'member_budget',
      notBefore: new Date(start + MINUTE),
    });
    expect((await status(s, otherMember.message)).status).toBe('sent');

    s.kit.clock.advance(MINUTE);
    nock(API).post('/cgi-bin/message/send').query(true).reply(200, { errcode: 0 });
    expect(await w.tick()).toMatchObject({ sent: 1 });
    expect(nock.isDone()).toBe(true);
  });

  it('starts no send past half its lease: the rest of the batch goes back unsent, no attempt counted', async () => {
    const s = setup();
    await seedToken(s.kit, corpTokenKey(SUITE, CORP), 'T');
    const queued = [];
    for (let i = 1; i <= 5; i++) queued.push((await s.outbox.enqueue(s.text(`m${i}`))).message);
    // WeCom takes 20 s per answer: two sends fit in the first 30 s of the 60 s lease.
    const slow = nock(API)
      .post('/cgi-bin/message/send')
      .query(true)
      .times(2)
      .reply(200, () => {
        s.kit.clock.advance(20_000);
        return { errcode: 0 };
      });
    const w = s.worker();

    expect(await w.tick()).toEqual({ sent: 2, retried: 0, failed: 0, deferred: 3 });
    expect(slow.isDone()).toBe(true);
    for (const m of queued.slice(2)) {
      expect(await status(s, m)).toMatchObject({
        status: 'queued',
        attempts: 0,
        lastError: 'lease_ending',
        notBefore: s.kit.clock.now(),
      });
    }
    // Given back in order, they are the next batch's first.
    nock(API).post('/cgi-bin/message/send').query(true).times(3).reply(200, { errcode: 0 });
    expect(await w.tick()).toMatchObject({ sent: 3, deferred: 0 });
    expect(nock.isDone()).toBe(true);
  });

  it('without a support webhook, marks support messages failed once and logs why', async () => {
    const s = setup({ supportWebhookUrl: '' });
    await s.alerts.alert({ dedupeKey: 'x', title: 'hello', lines: [] });

    expect(await s.worker().tick()).toMatchObject({ failed: 1 });
    expect((await s.supportMessages())[0]).toMatchObject({
      status: 'failed',
      lastError: 'no_support_webhook',
    });
    expect(s.lines().some((l) => l.msg === 'support alert not sent: no supportWebhookUrl configured')).toBe(
      true,
    );
  });

  it.each([
    ['invaliduser', 'recipient_not_visible', '可见范围'],
    ['unlicenseduser', 'recipient_unlicensed', '接口许可'],
  ])(
    'a member WeCom skipped (%s) got nothing: failed, not sent, and support told the fix once',
    async (field, reason, fix) => {
      const s = setup();
      await seedToken(s.kit, corpTokenKey(SUITE, CORP), 'T');
      const first = await s.outbox.enqueue(s.text('r1'));
      const second = await s.outbox.enqueue(s.text('r2'));
      expectSend('T', { errcode: 0, errmsg: 'ok', msgid: 'M1', [field]: 'admin1' });
      expectSend('T', { errcode: 0, errmsg: 'ok', msgid: 'M2', [field]: 'admin1' });

      expect(await s.worker().tick()).toMatchObject({ sent: 0, failed: 2 });
      for (const m of [first.message, second.message]) {
        expect(await status(s, m)).toMatchObject({ status: 'failed', lastError: reason });
      }
      const alerts = await s.supportMessages();
      expect(alerts).toHaveLength(1);
      expect(JSON.stringify(alerts[0].payload)).toContain(fix);
    },
  );

  it('drops messages of a stopped enterprise without calling WeCom', async () => {
    const s = setup({
      enterprise: async (_suiteId, corpId) => ({
        stopped: corpId === CORP,
        wecom: { sendMessage: () => Promise.reject(new Error('not to be called')) } as unknown as CorpApi,
      }),
    });
    const { message } = await s.outbox.enqueue(s.text('late'));

    expect(await s.worker().tick()).toMatchObject({ failed: 1 });
    expect(await status(s, message)).toMatchObject({ status: 'failed', lastError: 'corp_stopped' });
    expect(await s.supportMessages()).toEqual([]);
  });
});
