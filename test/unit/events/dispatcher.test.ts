import {
  createDispatcher,
  RETRY_DELAYS_MS,
  ORPHAN_AGE_MS,
  HOLD_MS,
  type Dispatcher,
} from '../../../src/events/dispatcher';
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
function aDispatcher(maxQueued = 100) {
  const stores = createMemoryStores();
  const clock = new ManualClock();
  const { logger, lines } = createMemoryLogger();
  const d = createDispatcher({
    inbox: stores.inbox,
    contexts: testContexts(stores, noWecom),
    clock,
    logger,
    maxQueued,
  });
  return { stores, clock, d, lines };
}

/** Lets every queued reaction run: the memory stores never wait on I/O. */
const settle = () => new Promise((r) => setImmediate(r));

/** Text handlers that wait until the test lets each event through, or all of them. */
function heldBack(d: Dispatcher) {
  const handled: string[] = [];
  const waiting = new Map<string, () => void>();
  let open = false;
  d.on('text', async ({ key }) => {
    if (!open) await new Promise<void>((r) => waiting.set(key, r));
    handled.push(key);
  });
  return {
    handled,
    /** Lets through the event running in its lane now. */
    async release(key: string) {
      waiting.get(key)!();
      waiting.delete(key);
      await settle();
    },
    /** From now on each event waits again. */
    hold() {
      open = false;
    },
    async openAll() {
      open = true;
      for (const go of waiting.values()) go();
      waiting.clear();
      await d.idle();
    },
  };
}

async function recordAndEnqueue(
  stores: ReturnType<typeof createMemoryStores>,
  clock: ManualClock,
  d: Dispatcher,
  from: number,
  to: number,
  corpOf: (i: number) => string = () => 'wwcorp',
) {
  for (let i = from; i <= to; i++) {
    await record(stores, clock, `k${i}`, text(i, corpOf(i)));
    d.enqueue(`k${i}`, text(i, corpOf(i)));
  }
}

/** Each event from an enterprise of its own: no lane is held by another's deferral. */
const ownCorp = (i: number) => `wwcorp${i}`;

const statuses = async (stores: ReturnType<typeof createMemoryStores>) =>
  Object.fromEntries((await stores.inbox.list()).map((e) => [e.key, e.status]));

const logged = (lines: () => Record<string, unknown>[], msg: string) => lines().filter((l) => l.msg === msg);
const FULL = 'lanes full: events are deferred, left in the inbox for the retry claim';
const ROOM = 'lanes have room again';

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
      maxQueued: 100,
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
        maxQueued: 100,
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

describe('dispatcher: a cap on its lanes', () => {
  it('defers what is beyond the cap, leaves it received, and handles it once through retry', async () => {
    const { stores, clock, d, lines } = aDispatcher(3);
    const held = heldBack(d);
    await recordAndEnqueue(stores, clock, d, 1, 5);

    expect(d.stats()).toEqual({ queued: 3, deferred: 2 });
    expect(held.handled).toEqual([]);
    expect(await statuses(stores)).toMatchObject({ k4: 'received', k5: 'received' });
    expect(logged(lines, FULL)).toEqual([expect.objectContaining({ level: 40, maxQueued: 3 })]);

    await held.openAll();
    expect(held.handled).toEqual(['k1', 'k2', 'k3']);
    expect(d.stats()).toEqual({ queued: 0, deferred: 2 });
    expect(logged(lines, ROOM)).toEqual([expect.objectContaining({ level: 30, deferred: 2 })]);
    // Young: as far as a claim can tell, still queued at a live instance.
    expect(await d.retry('me')).toBe(0);

    clock.advance(ORPHAN_AGE_MS + 1);
    expect(await d.retry('me')).toBe(2);
    await d.idle();
    expect(await d.retry('me')).toBe(0);
    expect(held.handled.sort()).toEqual(['k1', 'k2', 'k3', 'k4', 'k5']);
    expect(Object.values(await statuses(stores))).toEqual(Array(5).fill('handled'));
    expect(d.stats()).toEqual({ queued: 0, deferred: 2 });
  });

  it('retry claims no more than the room left, and nothing when there is none', async () => {
    const { stores, clock, d } = aDispatcher(3);
    const held = heldBack(d);
    const claim = jest.spyOn(stores.inbox, 'claimForRetry');
    for (let i = 1; i <= 5; i++) await record(stores, clock, `old${i}`, text(i));
    clock.advance(ORPHAN_AGE_MS + 1);
    await recordAndEnqueue(stores, clock, d, 6, 6);

    expect(await d.retry('me', 1)).toBe(1);
    expect(await d.retry('me')).toBe(1);
    expect(claim.mock.calls.map(([c]) => c.limit)).toEqual([1, 1]);
    expect(d.stats().queued).toBe(3);
    expect(await d.retry('me')).toBe(0);
    expect(claim).toHaveBeenCalledTimes(2);

    await held.openAll();
    expect(await d.retry('me')).toBe(3);
    expect(claim.mock.calls[2]![0].limit).toBe(3);
    await d.idle();
    expect(held.handled.sort()).toEqual(['k6', 'old1', 'old2', 'old3', 'old4', 'old5']);
  });

  it('the backlog is claimed in batches while there is room and each batch comes back full', async () => {
    const { stores, clock, d } = aDispatcher(3);
    const held = heldBack(d);
    const claim = jest.spyOn(stores.inbox, 'claimForRetry');
    for (let i = 1; i <= 5; i++) await record(stores, clock, `k${i}`, text(i));
    clock.advance(ORPHAN_AGE_MS + 1);

    // 2, then the 1 left of the room: the lanes are full and the rest waits for the next run.
    expect(await d.retryBacklog('me', 2)).toBe(3);
    expect(claim.mock.calls.map(([c]) => c.limit)).toEqual([2, 1]);
    await held.openAll();
    expect(await d.retryBacklog('me', 2)).toBe(2);
    await d.idle();
    expect(held.handled.sort()).toEqual(['k1', 'k2', 'k3', 'k4', 'k5']);
  });

  it('a batch short of full ends the run', async () => {
    const { stores, clock, d } = aDispatcher(10);
    const held = heldBack(d);
    const claim = jest.spyOn(stores.inbox, 'claimForRetry');
    for (let i = 1; i <= 5; i++) await record(stores, clock, `k${i}`, text(i));
    clock.advance(ORPHAN_AGE_MS + 1);

    expect(await d.retryBacklog('me', 2)).toBe(5);
    expect(claim.mock.calls.map(([c]) => c.limit)).toEqual([2, 2, 2]);
    await held.openAll();
    expect(held.handled.sort()).toEqual(['k1', 'k2', 'k3', 'k4', 'k5']);
  });

  it('a callback arriving while a claim is in flight finds the claimed room taken', async () => {
    const { stores, clock, d } = aDispatcher(2);
    const held = heldBack(d);
    for (let i = 1; i <= 2; i++) await record(stores, clock, `old${i}`, text(i));
    clock.advance(ORPHAN_AGE_MS + 1);
    await record(stores, clock, 'k3', text(3));

    const claiming = d.retry('me');
    d.enqueue('k3', text(3));
    expect(await claiming).toBe(2);
    expect(d.stats()).toEqual({ queued: 2, deferred: 1 });
    await held.openAll();
  });

  it('warns once per episode, and says when the lanes are down to half the cap', async () => {
    const { stores, clock, d, lines } = aDispatcher(4);
    const held = heldBack(d);
    await recordAndEnqueue(stores, clock, d, 1, 5, ownCorp);
    expect(d.stats()).toEqual({ queued: 4, deferred: 1 });

    // One slot frees and is taken at once: the same episode, not a line per event.
    await held.release('k1');
    await recordAndEnqueue(stores, clock, d, 6, 8, ownCorp);
    expect(d.stats()).toEqual({ queued: 4, deferred: 3 });
    await held.release('k2');
    expect(logged(lines, ROOM)).toEqual([]);
    await held.release('k3');
    expect(logged(lines, FULL)).toHaveLength(1);
    expect(logged(lines, ROOM)).toEqual([expect.objectContaining({ deferred: 3, queued: 2 })]);

    await held.openAll();
    held.hold();
    await recordAndEnqueue(stores, clock, d, 9, 14, ownCorp);
    await held.openAll();
    expect(d.stats()).toEqual({ queued: 0, deferred: 5 });
    expect(logged(lines, FULL)).toHaveLength(2);
    expect(logged(lines, ROOM)).toHaveLength(2);
  });

  it("keeps an enterprise's events in order across a deferral, then queues them again", async () => {
    const { stores, clock, d, lines } = aDispatcher(2);
    const held = heldBack(d);
    const corp = (i: number) => (i % 2 === 1 ? 'wwodd' : 'wweven');
    await recordAndEnqueue(stores, clock, d, 1, 3, corp); // k3 (odd) is past the cap
    await held.openAll();
    expect(held.handled).toEqual(['k1', 'k2']);

    // Room again, yet k5 would overtake k3: the odd enterprise's events keep going by the inbox.
    await recordAndEnqueue(stores, clock, d, 4, 5, corp);
    await d.idle();
    expect(held.handled).toEqual(['k1', 'k2', 'k4']);
    expect(d.stats()).toEqual({ queued: 0, deferred: 2 });
    expect(logged(lines, FULL)).toHaveLength(1);

    clock.advance(ORPHAN_AGE_MS + 1);
    expect(await d.retryBacklog('me')).toBe(2);
    await d.idle();
    expect(held.handled).toEqual(['k1', 'k2', 'k4', 'k3', 'k5']);

    clock.advance(HOLD_MS);
    await recordAndEnqueue(stores, clock, d, 7, 7, corp);
    await d.idle();
    expect(held.handled.at(-1)).toBe('k7');
    expect(d.stats()).toEqual({ queued: 0, deferred: 2 });
  });
});
