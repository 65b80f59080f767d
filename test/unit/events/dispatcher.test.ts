import { createDispatcher, RETRY_DELAYS_MS, ORPHAN_AGE_MS } from '../../../src/events/dispatcher';
import type { WecomEvent } from '../../../src/events/types';
import { ManualClock } from '../../../src/shared/clock';
import { createMemoryLogger } from '../../../src/shared/logger';
import { createMemoryStores } from '../../../src/stores/memory';
import type { CorpApi } from '../../../src/domain/ports/wecom';
import { testContexts } from '../../helpers/enterprise-contexts';

/** These handlers never call WeCom. */
const noWecom = { forCorp: () => ({}) as CorpApi };

const text = (n: number, corpId = 'wwcorp'): WecomEvent => ({
  kind: 'text',
  source: 'app',
  suiteId: 'wwsuite',
  corpId,
  agentId: 1,
  fromUser: 'u',
  createTime: 1,
  msgId: String(n),
  content: `m${n}`,
});

async function record(
  stores: ReturnType<typeof createMemoryStores>,
  clock: ManualClock,
  key: string,
  event: WecomEvent,
) {
  await stores.inbox.recordOnce({
    key,
    kind: event.kind,
    suiteId: event.suiteId,
    event: event as unknown as Record<string, unknown>,
    receivedAt: clock.now(),
    expiresAt: new Date(clock.now().getTime() + 72 * 3600_000),
  });
}

/** A dispatcher on memory stores and a manual clock, with handlers that never call WeCom. */
function aDispatcher() {
  const stores = createMemoryStores();
  const clock = new ManualClock();
  const d = createDispatcher({
    inbox: stores.inbox,
    contexts: testContexts(stores, noWecom),
    clock,
    logger: createMemoryLogger().logger,
  });
  return { stores, clock, d };
}

describe('dispatcher', () => {
  it('runs the events of one enterprise in arrival order, one at a time', async () => {
    const { stores, clock, d } = aDispatcher();
    const seen: string[] = [];
    let running = 0;
    d.on('text', async ({ event }) => {
      running++;
      expect(running).toBe(1);
      await new Promise((r) => setImmediate(r));
      seen.push(event.content);
      running--;
    });
    for (let i = 1; i <= 5; i++) {
      await record(stores, clock, `k${i}`, text(i));
      d.enqueue(`k${i}`, text(i));
    }
    await d.idle();
    expect(seen).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect((await stores.inbox.list()).every((e) => e.status === 'handled')).toBe(true);
  });

  it('retries a failed event with backoff, then gives up and says so once', async () => {
    const stores = createMemoryStores();
    const clock = new ManualClock();
    const gaveUp: string[] = [];
    const { logger, lines } = createMemoryLogger();
    const d = createDispatcher({
      contexts: testContexts(stores, noWecom),
      inbox: stores.inbox,
      clock,
      logger,
      onGaveUp: async (key) => void gaveUp.push(key),
    });
    let calls = 0;
    d.on('text', async () => {
      calls++;
      throw new Error('wecom down');
    });
    await record(stores, clock, 'k1', text(1));
    d.enqueue('k1', text(1));
    await d.idle();
    expect(calls).toBe(1);
    expect(await d.retry('a')).toBe(0); // not due yet
    for (const delay of RETRY_DELAYS_MS) {
      clock.advance(delay);
      expect(await d.retry('a')).toBe(1);
      await d.idle();
    }
    expect(calls).toBe(RETRY_DELAYS_MS.length + 1);
    expect(gaveUp).toEqual(['k1']);
    clock.advance(24 * 3600_000);
    expect(await d.retry('a')).toBe(0);
    const [event] = await stores.inbox.list();
    expect(event).toMatchObject({
      status: 'failed',
      attempts: RETRY_DELAYS_MS.length + 1,
      lastError: 'wecom down',
    });
    expect(lines().some((l) => l.msg === 'event handling failed' && l.eventKey === 'k1')).toBe(true);
  });

  it('leaves to its lane an event still waiting there, however long the lane takes', async () => {
    const { stores, clock, d } = aDispatcher();
    const handled: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    d.on('text', async ({ key }) => {
      if (key === 'k1') await slow;
      handled.push(key);
    });
    for (const [key, n] of [
      ['k1', 1],
      ['k2', 2],
    ] as const) {
      await record(stores, clock, key, text(n));
      d.enqueue(key, text(n));
    }
    // k2 waits behind k1 past the age at which a crashed instance's events are picked up.
    clock.advance(ORPHAN_AGE_MS + 1);
    expect(await d.retry('me')).toBe(0);
    release();
    await d.idle();
    expect(handled).toEqual(['k1', 'k2']);
    expect((await stores.inbox.list()).map((e) => e.status)).toEqual(['handled', 'handled']);
    clock.advance(ORPHAN_AGE_MS + 1);
    expect(await d.retry('me')).toBe(0);
  });

  it('picks up what a crashed instance answered but never handled, and only once', async () => {
    const stores = createMemoryStores();
    const clock = new ManualClock();
    const handled: string[] = [];
    const make = () => {
      const d = createDispatcher({
        inbox: stores.inbox,
        contexts: testContexts(stores, noWecom),
        clock,
        logger: createMemoryLogger().logger,
      });
      d.on('text', async ({ key }) => void handled.push(key));
      return d;
    };
    await record(stores, clock, 'orphan', text(1));
    const [a, b] = [make(), make()];
    expect(await a.retry('a')).toBe(0); // young: maybe still in a live instance's queue
    clock.advance(ORPHAN_AGE_MS + 1);
    const taken = await Promise.all([a.retry('a'), b.retry('b')]);
    expect(taken.sort()).toEqual([0, 1]);
    await Promise.all([a.idle(), b.idle()]);
    expect(handled).toEqual(['orphan']);
  });
});
