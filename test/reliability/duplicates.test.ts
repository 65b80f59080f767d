import fc from 'fast-check';
import type request from 'supertest';
import { ManualClock } from '../../src/shared/clock';
import { runs } from '../helpers/property-runs';
import {
  authorizeCorp,
  createBot,
  delivered,
  MONDAY_10AM,
  sendCalls,
  startSimulatedWecom,
  templateCallback,
  textCallback,
  type Bot,
  type SimulatedWecom,
} from './harness';

/** Deliveries in waves: the members of a wave arrive together, each wave after the last was answered. */
async function deliverInWaves(waves: number[], send: () => request.Test): Promise<string[]> {
  const answers: string[] = [];
  for (const size of waves) {
    const responses = await Promise.all(Array.from({ length: size }, () => send()));
    answers.push(...responses.map((r) => `${r.status} ${r.text}`));
  }
  return answers;
}

describe('duplicates: WeCom retries what it did not see answered; each event has one effect', () => {
  let clock: ManualClock;
  let wecom: SimulatedWecom;
  let bot: Bot;

  beforeEach(async () => {
    clock = new ManualClock(MONDAY_10AM);
    wecom = await startSimulatedWecom(clock);
    bot = await createBot({ clock, apiBase: wecom.apiBase });
  });
  afterEach(async () => {
    await bot.container.close();
    await wecom.settled();
    await wecom.close();
  });

  it('a text message delivered four times, two of them at once: four success answers, one reply', async () => {
    const corp = await authorizeCorp(wecom, bot);
    const sealed = textCallback(clock, corp, { msgId: '7400000000000000001', content: '问题 重复' });

    const answers = await deliverInWaves([1, 2], () => bot.post(sealed));
    await bot.container.idle();
    answers.push(...(await deliverInWaves([1], () => bot.post(sealed))));
    await bot.container.idle();
    await wecom.settled();

    expect(answers).toEqual(Array(4).fill('200 success'));
    expect(await bot.stores.inbox.list()).toHaveLength(1);
    expect(await bot.stores.outbox.list()).toHaveLength(1);
    expect(delivered(wecom, corp.corpId)).toHaveLength(1);
    expect(sendCalls(wecom, corp.agentId)).toBe(1);
  });

  it('create_auth delivered four times, two of them at once: one authorization, the code exchanged once', async () => {
    const { ticket } = await wecom.sim.pushSuiteTicket(bot.container.config.templates[0]!.suiteId);
    expect(
      (
        await bot.post(
          templateCallback(clock, { InfoType: 'suite_ticket', SuiteTicket: ticket }),
          'templates',
        )
      ).text,
    ).toBe('success');
    const { corpId, authCode } = await wecom.sim.authorizeTemplate(
      bot.container.config.templates[0]!.suiteId,
      {
        corpName: '重复科技',
        admins: ['wangwu'],
      },
    );
    const sealed = templateCallback(clock, { InfoType: 'create_auth', AuthCode: authCode });

    const answers = await deliverInWaves([1, 2, 1], () => bot.post(sealed, 'templates'));
    await bot.container.idle();
    await wecom.settled();

    expect(answers).toEqual(Array(4).fill('200 success'));
    expect(await bot.stores.authorizations.list({ corpId })).toHaveLength(1);
    const exchanges = wecom.sim.calls.filter((c) => c.path === '/cgi-bin/service/v2/get_permanent_code');
    expect(exchanges).toHaveLength(1);
    // A second exchange of the single-use code would have answered 40029 and alerted support.
    expect(wecom.sim.calls.filter((c) => (c.answer as { errcode?: number }).errcode !== 0)).toEqual([]);
  });

  it('any schedule of up to six deliveries of one message has exactly one effect', async () => {
    const corp = await authorizeCorp(wecom, bot);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
        async (waves) => {
          n += 1;
          // Spaced out: the worker keeps each member under WeCom's 30 messages a minute.
          clock.advance(3000);
          const content = `问题 ${n}`;
          const sealed = textCallback(clock, corp, {
            msgId: String(7_500_000_000_000_000_000n + BigInt(n)),
            content,
          });
          const answers = await deliverInWaves(waves, () => bot.post(sealed));
          await bot.container.idle();
          await wecom.settled();
          const total = waves.reduce((a, b) => a + b, 0);
          expect(answers).toEqual(Array(total).fill('200 success'));
          expect(
            delivered(wecom, corp.corpId, (m) => JSON.stringify(m.body).includes(`「${content}」`)),
          ).toHaveLength(1);
        },
      ),
      runs(60, 8),
    );
    expect(await bot.stores.inbox.list()).toHaveLength(n);
    expect(sendCalls(wecom, corp.agentId)).toBe(n);
  });
});
