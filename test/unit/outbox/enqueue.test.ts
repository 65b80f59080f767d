import { ManualClock } from '../../../src/shared/clock';
import { createMemoryStores } from '../../../src/stores/memory';
import { createOutbox } from '../../../src/outbox/enqueue';
import { textMessage } from '../../../src/domain/wecom-messages';

describe('createOutbox', () => {
  const setup = () => {
    const stores = createMemoryStores();
    const enqueued: string[] = [];
    const outbox = createOutbox({
      store: stores.outbox,
      clock: new ManualClock(),
      onEnqueued: (m) => void enqueued.push(m.dedupeKey),
    });
    return { stores, outbox, enqueued };
  };
  const app = { channel: 'app' as const, suiteId: 's', corpId: 'c', topic: 't' };

  it('writes once per dedupe key and tells onEnqueued only about the first write', async () => {
    const { outbox, enqueued } = setup();
    const first = await outbox.enqueue({ ...app, dedupeKey: 'k', payload: textMessage('u1', 'a') });
    const again = await outbox.enqueue({ ...app, dedupeKey: 'k', payload: textMessage('u1', 'b') });
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, message: { id: first.message.id } });
    expect(enqueued).toEqual(['k']);
  });

  it('remembers the single recipient for the member budget', async () => {
    const { outbox } = setup();
    const one = await outbox.enqueue({ ...app, dedupeKey: 'one', payload: textMessage('u1', 'x') });
    const two = await outbox.enqueue({ ...app, dedupeKey: 'two', payload: textMessage('u1|u2', 'x') });
    expect(one.message.toUser).toBe('u1');
    expect(two.message.toUser).toBeUndefined();
  });

  it('refuses more than 1000 recipients rather than splitting them', async () => {
    const { outbox, stores } = setup();
    const many = Array.from({ length: 1001 }, (_, i) => `u${i}`).join('|');
    await expect(
      outbox.enqueue({ ...app, dedupeKey: 'big', payload: textMessage(many, 'x') }),
    ).rejects.toThrow(/at most 1000/);
    expect(await stores.outbox.list()).toEqual([]);
  });

  it('refuses app messages without an enterprise or recipients, and card updates without a response code', async () => {
    const { outbox } = setup();
    await expect(
      outbox.enqueue({ ...app, corpId: undefined, dedupeKey: 'a', payload: textMessage('u', 'x') }),
    ).rejects.toThrow(/suiteId and corpId/);
    await expect(outbox.enqueue({ ...app, dedupeKey: 'b', payload: { msgtype: 'text' } })).rejects.toThrow(
      /touser, toparty or totag/,
    );
    await expect(
      outbox.enqueue({ ...app, channel: 'app_card_update', dedupeKey: 'c', payload: { userids: ['u'] } }),
    ).rejects.toThrow(/response_code or responseCodeFrom/);
  });
});
