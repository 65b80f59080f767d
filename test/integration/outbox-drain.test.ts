import { textMessage } from '../../src/domain/wecom-messages';
import { createTestBot, SUITE, type TestBot } from '../helpers/test-bot';
import {
  CORP,
  authorizeThroughCallbacks,
  mockAuthorizationApis,
  mockMessageSend,
  type Body,
} from '../helpers/wecom-nock';

describe('sending right after a message is written', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot({ outbox: { batchSize: 2 } });
    mockAuthorizationApis();
    await authorizeThroughCallbacks(bot);
  });
  afterEach(() => bot.close());

  it('sends everything written at once, more than a batch, each once and without waiting for a tick', async () => {
    const sent: Body[] = [];
    const scope = mockMessageSend(sent, 5);
    const members = [1, 2, 3, 4, 5];
    await Promise.all(
      members.map((i) =>
        bot.container.outbox.enqueue({
          dedupeKey: `drain:${i}`,
          channel: 'app',
          suiteId: SUITE.suiteId,
          corpId: CORP,
          toUser: `member${i}`,
          topic: 'text_reply',
          payload: textMessage(`member${i}`, `第 ${i} 条 / message ${i}`),
        }),
      ),
    );
    await bot.container.idle();

    expect(scope.isDone()).toBe(true);
    expect(sent.map((b) => b.touser).sort()).toEqual(['member1', 'member2', 'member3', 'member4', 'member5']);
    expect(await bot.stores.outbox.countByStatus()).toMatchObject({ queued: 0, sending: 0, sent: 5 });
  });
});
