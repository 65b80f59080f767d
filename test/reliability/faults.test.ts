import { ManualClock, MINUTE } from '../../src/shared/clock';
import type { FailureRule } from '../../src/simulator/failure-injector';
import { createMemoryStores } from '../../src/stores/memory';
import type { InboxStore, Stores } from '../../src/domain/ports/stores';
import {
  authorizeCorp,
  createBot,
  delivered,
  dueRollout,
  gate,
  MONDAY_10AM,
  sendCalls,
  startSimulatedWecom,
  SUITE,
  textCallback,
  type Bot,
  type Corp,
  type SimulatedWecom,
} from './harness';

/** Stores whose one part is replaced: how a test makes MongoDB fail or a process stop mid-call. */
function storesWith(base: Stores, parts: Partial<Pick<Stores, 'inbox' | 'outbox' | 'rollouts'>>): Stores {
  return { ...base, ...parts };
}

/** `real` with one method replaced; every other method still runs on `real` itself. */
function overriding<T extends object, K extends keyof T>(real: T, name: K, impl: T[K]): T {
  return new Proxy(real, {
    get(target, prop) {
      if (prop === name) return impl;
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The inbox with recordOnce replaced for its first call only. */
function inboxFailingOnce(real: InboxStore, first: InboxStore['recordOnce']): InboxStore {
  let calls = 0;
  return overriding(real, 'recordOnce', (ev) => (calls++ === 0 ? first(ev) : real.recordOnce(ev)));
}

/** `method` of `real` stops (the process died there) until the test opens the gate. */
function hangingIn<T extends object, K extends keyof T>(
  real: T,
  method: K,
  stuck: ReturnType<typeof gate>,
): T {
  const original = (real[method] as (...args: unknown[]) => Promise<unknown>).bind(real);
  const impl = async (...args: unknown[]) => {
    stuck.enter();
    await stuck.wait;
    return original(...args);
  };
  return overriding(real, method, impl as T[K]);
}

/** Runs scheduler ticks an hour apart until the outbox has nothing left to send (bounded). */
/** Ticks once a minute, as the scheduler does, until nothing is queued or sending (at most 4 h). */
async function drainOutbox(bot: Bot, clock: ManualClock, wecom: SimulatedWecom): Promise<void> {
  for (let i = 0; i < 240; i++) {
    await wecom.settled();
    const counts = await bot.stores.outbox.countByStatus();
    if (counts.queued === 0 && counts.sending === 0) return;
    clock.advance(MINUTE);
    await bot.tick();
  }
  throw new Error('the outbox did not drain in 4 hours of ticks');
}

async function expectEachRepliedOnce(wecom: SimulatedWecom, bot: Bot, corp: Corp, contents: string[]) {
  for (const content of contents) {
    const replies = delivered(wecom, corp.corpId, (m) => JSON.stringify(m.body).includes(content));
    expect({ content, replies: replies.length }).toEqual({ content, replies: 1 });
  }
  const counts = await bot.stores.outbox.countByStatus();
  expect(counts).toMatchObject({ queued: 0, sending: 0, failed: 0, sent: contents.length });
}

describe('faults: nothing lost, nothing sent twice', () => {
  let clock: ManualClock;
  let wecom: SimulatedWecom;
  const bots: Bot[] = [];

  beforeEach(async () => {
    clock = new ManualClock(MONDAY_10AM);
    wecom = await startSimulatedWecom(clock);
  });
  afterEach(async () => {
    await wecom.settled();
    await Promise.all(bots.splice(0).map((b) => b.container.close()));
    await wecom.close();
  });

  async function bot(opts: Omit<Parameters<typeof createBot>[0], 'clock' | 'apiBase'> = {}): Promise<Bot> {
    const b = await createBot({ clock, apiBase: wecom.apiBase, ...opts });
    bots.push(b);
    return b;
  }

  describe('the store fails while a callback is recorded', () => {
    it('throws once: 503 so WeCom retries, and the retry is handled once', async () => {
      const memory = createMemoryStores();
      const inbox = inboxFailingOnce(memory.inbox, async () => {
        throw new Error('MongoServerSelectionError: connection refused');
      });
      const b = await bot({ stores: storesWith(memory, { inbox }) });
      const corp = await authorizeCorp(wecom, b);
      const sealed = textCallback(clock, corp, { msgId: '7100000000000000001', content: '问题 一' });

      const first = await b.post(sealed);
      expect({ status: first.status, text: first.text }).toEqual({ status: 503, text: 'store_unavailable' });
      expect(await memory.inbox.list()).toHaveLength(0);

      const retry = await b.post(sealed);
      expect(retry.text).toBe('success');
      await b.container.idle();
      await wecom.settled();
      await expectEachRepliedOnce(wecom, b, corp, ['问题 一']);
      expect(await memory.inbox.list()).toEqual([expect.objectContaining({ status: 'handled' })]);
    });

    it('hangs past the answer budget, then lands: 503, and the late write is handled once', async () => {
      const memory = createMemoryStores();
      const late = gate();
      const inbox = inboxFailingOnce(memory.inbox, async (ev) => {
        await late.wait;
        return memory.inbox.recordOnce(ev);
      });
      // The budget is real time (the route's own deadline): small, so the test stays fast.
      const b = await bot({
        stores: storesWith(memory, { inbox }),
        config: { wecom: { callbackRecordBudgetMs: 50 } },
      });
      const corp = await authorizeCorp(wecom, b);
      const sealed = textCallback(clock, corp, { msgId: '7100000000000000002', content: '问题 二' });

      const first = await b.post(sealed);
      expect(first.status).toBe(503);
      late.open();
      const retry = await b.post(sealed);
      expect(retry.text).toBe('success');
      await b.container.idle();
      await wecom.settled();
      await expectEachRepliedOnce(wecom, b, corp, ['问题 二']);
      expect(await memory.inbox.list()).toHaveLength(1);
    });

    it('hangs and never lands (the write was lost): 503, and the retry is handled once', async () => {
      const memory = createMemoryStores();
      const inbox = inboxFailingOnce(memory.inbox, () => new Promise(() => undefined));
      const b = await bot({
        stores: storesWith(memory, { inbox }),
        config: { wecom: { callbackRecordBudgetMs: 50 } },
      });
      const corp = await authorizeCorp(wecom, b);
      const sealed = textCallback(clock, corp, { msgId: '7100000000000000003', content: '问题 三' });

      expect((await b.post(sealed)).status).toBe(503);
      expect((await b.post(sealed)).text).toBe('success');
      await b.container.idle();
      await wecom.settled();
      await expectEachRepliedOnce(wecom, b, corp, ['问题 三']);
    });
  });

  describe('WeCom misbehaves for a while, then recovers', () => {
    const cases: [string, FailureRule[]][] = [
      ['HTTP 502 on message/send', [{ path: 'message/send', httpStatus: 502, times: 7 }]],
      ['HTTP 500 on gettoken', [{ path: 'gettoken', httpStatus: 500, times: 4 }]],
      ['errcode -1 (system busy)', [{ path: 'message/send', errcode: -1, times: 5 }]],
      ['errcode 45009 (rate limited)', [{ path: 'message/send', errcode: 45009, times: 4 }]],
      // Held past the bot's 150 ms deadline and then applied: WeCom got the message, the bot never
      // heard; its resend must not reach the member a second time.
      ['timeouts after WeCom took the message', [{ path: 'message/send', timeoutMs: 400, times: 3 }]],
      [
        'all of it at once',
        [
          { path: 'message/send', httpStatus: 503, times: 2 },
          { path: 'message/send', errcode: 45009, times: 1 },
          { path: 'message/send', timeoutMs: 400, times: 1 },
          { path: 'message/send', errcode: -1, times: 2 },
        ],
      ],
    ];

    it.each(cases)('%s: every reply delivered once', async (_name, rules) => {
      // A real deadline, short so the held answers outlast it and the test stays fast.
      const b = await bot({ config: { wecom: { requestTimeoutMs: 150 } } });
      const corp = await authorizeCorp(wecom, b);
      rules.forEach((r) => wecom.sim.failures.inject(r));
      const contents = ['问题 甲', '问题 乙', '问题 丙'];
      for (const [i, content] of contents.entries()) {
        const res = await b.post(textCallback(clock, corp, { msgId: `720000000000000000${i}`, content }));
        expect(res.text).toBe('success');
        await b.container.idle();
      }
      await drainOutbox(b, clock, wecom);

      expect(wecom.sim.failures.pending()).toEqual([]);
      await expectEachRepliedOnce(wecom, b, corp, contents);
    });
  });

  describe('an instance crashes around a send; another on the same stores finishes it', () => {
    it('crash after the outbox write, before the send: the other instance sends it once', async () => {
      const stores = createMemoryStores();
      // sendImmediately off and no tick: this instance wrote the reply and died before sending.
      const crashed = await bot({ stores, owner: 'a', sendImmediately: false });
      const survivor = await bot({ stores, owner: 'b' });
      const corp = await authorizeCorp(wecom, crashed);

      const res = await crashed.post(
        textCallback(clock, corp, { msgId: '7300000000000000001', content: '问题 丁' }),
      );
      expect(res.text).toBe('success');
      await crashed.container.idle();
      expect(await stores.outbox.countByStatus()).toMatchObject({ queued: 1, sent: 0 });

      await survivor.tick();
      await wecom.settled();
      await expectEachRepliedOnce(wecom, survivor, corp, ['问题 丁']);
      expect(sendCalls(wecom, corp.agentId)).toBe(1);
    });

    it('crash after WeCom took the message, before it was marked sent: delivered once', async () => {
      const stores = createMemoryStores();
      const stuck = gate();
      // This instance's markSent never returns until the test says so: the process stopped there.
      const outbox = hangingIn(stores.outbox, 'markSent', stuck);
      const crashed = await bot({ stores: storesWith(stores, { outbox }), owner: 'a' });
      const survivor = await bot({ stores, owner: 'b' });
      const corp = await authorizeCorp(wecom, crashed);

      await crashed.post(textCallback(clock, corp, { msgId: '7300000000000000002', content: '问题 戊' }));
      await stuck.entered;
      expect(delivered(wecom, corp.corpId)).toHaveLength(1);
      expect(await stores.outbox.countByStatus()).toMatchObject({ sending: 1 });

      await survivor.tick(); // the lease is live: nothing to take over yet
      clock.advance(crashed.container.config.outbox.leaseSeconds * 1000 + 1000);
      await survivor.tick();
      await wecom.settled();

      // The survivor sent it again (at-least-once); WeCom's duplicate check kept it from the member.
      expect(sendCalls(wecom, corp.agentId)).toBe(2);
      await expectEachRepliedOnce(wecom, survivor, corp, ['问题 戊']);
      stuck.open();
      await crashed.container.idle();
      expect(await stores.outbox.countByStatus()).toMatchObject({ sent: 1, sending: 0 });
    });
  });

  describe('a scheduler instance dies holding a rollout lease', () => {
    it('its lease expires and the other instance sends the reminder once', async () => {
      const stores = createMemoryStores();
      const stuck = gate();
      const dying = await bot({
        // Its commit after agent/get never returns: the instance died mid-reminder.
        stores: storesWith(stores, { rollouts: hangingIn(stores.rollouts, 'release', stuck) }),
        owner: 'a',
      });
      const survivor = await bot({ stores, owner: 'b' });
      const corp = await authorizeCorp(wecom, dying);
      await dueRollout(dying, corp);

      const dyingTick = dying.container.rollout.tick('a');
      await stuck.entered;
      expect(await survivor.container.rollout.tick('b')).toMatchObject({ reminded: 0 });

      clock.advance(10 * MINUTE + 1000);
      expect(await survivor.container.rollout.tick('b')).toMatchObject({ reminded: 1 });
      await survivor.container.idle();
      await wecom.settled();

      // The dying instance comes back to a lost lease and sends nothing.
      stuck.open();
      expect(await dyingTick).toMatchObject({ reminded: 0 });
      await dying.container.idle();
      await wecom.settled();

      const cards = delivered(wecom, corp.corpId, (m) => m.msgtype === 'template_card');
      expect(cards.map((m) => m.recipients).sort()).toEqual(corp.admins.map((a) => [a]).sort());
      expect(await stores.rollouts.get(SUITE.suiteId, corp.corpId)).toMatchObject({ remindersSent: 1 });
    });

    // Known bug, reported: rollout-service remind() commits reminder #n and only then writes the
    // cards, so a crash in between loses the reminder (due again only 3 days later, and counted as
    // unanswered). Turn this into `it` once the cards are written before the commit.
    it.failing('dying after its commit, before the cards were written, loses no reminder', async () => {
      const stores = createMemoryStores();
      const stuck = gate();
      const dying = await bot({
        // The rollout is committed (reminder #1 recorded), then the process stops before the outbox write.
        stores: storesWith(stores, { outbox: hangingIn(stores.outbox, 'enqueue', stuck) }),
        owner: 'a',
      });
      const survivor = await bot({ stores, owner: 'b' });
      const corp = await authorizeCorp(wecom, dying);
      await dueRollout(dying, corp);

      void dying.container.rollout.tick('a');
      await stuck.entered;
      for (let i = 0; i < 3; i++) {
        clock.advance(10 * MINUTE + 1000);
        await survivor.tick();
      }
      await wecom.settled();

      const cards = delivered(wecom, corp.corpId, (m) => m.msgtype === 'template_card');
      expect(cards.map((m) => m.recipients).sort()).toEqual(corp.admins.map((a) => [a]).sort());
    });
  });
});
