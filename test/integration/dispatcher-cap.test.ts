import { ORPHAN_AGE_MS } from '../../src/events/dispatcher';
import { createMemoryStores } from '../../src/stores/memory';
import { signedCallback } from '../helpers/callback-fixtures';
import { createTestBot, SUITE, seconds, xml, type TestBot } from '../helpers/test-bot';
import {
  AGENT_ID,
  CORP,
  authorizeThroughCallbacks,
  mockAuthorizationApis,
  recordSends,
} from '../helpers/wecom-nock';

const TEXTS = 8;
const MAX_QUEUED = 3;

/** A text callback posted to the real endpoint without waiting for its handling (the lanes are held). */
function postText(bot: TestBot, n: number) {
  const sealed = signedCallback(
    xml({
      ToUserName: CORP,
      FromUserName: 'zhangsan',
      CreateTime: seconds(bot.clock),
      MsgType: 'text',
      Content: '帮助',
      MsgId: `70000000000000090${n}`,
      AgentID: AGENT_ID,
    }),
    { token: SUITE.token, aesKey: SUITE.encodingAESKey, receiverId: CORP },
    { timestamp: seconds(bot.clock) },
  );
  return bot
    .http()
    .post(`/wecom/apps/${SUITE.suiteId}/callback`)
    .query(sealed.query)
    .type('text/xml')
    .send(sealed.body);
}

describe('events.maxQueued: a bot whose lanes are full', () => {
  let bot: TestBot;
  afterEach(() => bot.close());

  it('answers every callback, defers what is beyond the cap, and handles each event once later', async () => {
    const stores = createMemoryStores();
    // Each text's handler waits at the write of its reply while the test holds it; the rest of
    // its enterprise's lane waits behind it. Writes are counted per reply as handlers reach them.
    const replyWrites = new Map<string, number>();
    let release: () => void = () => undefined;
    let held = Promise.resolve();
    const write = stores.outbox.enqueue.bind(stores.outbox);
    stores.outbox.enqueue = async (msg, now) => {
      if (msg.topic === 'text_reply') {
        replyWrites.set(msg.dedupeKey, (replyWrites.get(msg.dedupeKey) ?? 0) + 1);
        await held;
      }
      return write(msg, now);
    };
    bot = await createTestBot({ events: { maxQueued: MAX_QUEUED } }, { stores });
    mockAuthorizationApis();
    const { sent } = recordSends();
    await authorizeThroughCallbacks(bot);

    held = new Promise((r) => (release = r));
    for (let n = 1; n <= TEXTS; n++) {
      const res = await postText(bot, n);
      expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: 'success' });
    }

    const metrics = (await bot.http().get('/metrics')).text;
    expect(metrics).toMatch(new RegExp(`^wecom_bot_events_queued ${MAX_QUEUED}$`, 'm'));
    expect(metrics).toMatch(new RegExp(`^wecom_bot_events_deferred_total ${TEXTS - MAX_QUEUED}$`, 'm'));
    const texts = () => bot.stores.inbox.list({ kind: 'text' });
    expect((await texts()).filter((e) => e.status === 'received')).toHaveLength(TEXTS);

    release();
    await bot.container.idle();
    expect((await texts()).filter((e) => e.status === 'received')).toHaveLength(TEXTS - MAX_QUEUED);

    // The deferred events are claimed once they are older than a live instance's queue can hold
    // them; at most the lanes' room per run, so the 'events' job may need more than one.
    bot.clock.advance(ORPHAN_AGE_MS + 1);
    let resumed = 0;
    for (let run = 0; run < TEXTS && (await texts()).some((e) => e.status !== 'handled'); run++) {
      resumed += (await bot.tick()).events as number;
    }
    expect(resumed).toBe(TEXTS - MAX_QUEUED);
    expect((await texts()).map((e) => e.status)).toEqual(Array(TEXTS).fill('handled'));

    expect([...replyWrites.values()]).toEqual(Array(TEXTS).fill(1));
    const replies = sent.filter((b) => b.msgtype === 'text' && b.touser === 'zhangsan');
    expect(replies).toHaveLength(TEXTS);
    expect(await bot.stores.outbox.list({ topic: 'text_reply' })).toHaveLength(TEXTS);
    expect((await bot.http().get('/metrics')).text).toMatch(/^wecom_bot_events_queued 0$/m);
  });
});
