import { ManualClock, MINUTE } from '../../../src/shared/clock';
import { createMemoryStores } from '../../../src/stores/memory';
import { createTokenCache, type FetchedToken } from '../../../src/wecom/token-cache';

const KEY = 'corp:s:c';

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createTokenCache', () => {
  const setup = (over: { leaseMs?: number; maxLeaseWaits?: number } = {}) => {
    const clock = new ManualClock();
    const { credentials } = createMemoryStores();
    const sleep = async (ms: number) => void clock.advance(ms);
    const make = (owner: string) => createTokenCache({ credentials, clock, sleep, owner, ...over });
    return { clock, credentials, make };
  };

  it('reuses a stored token until the refresh margin, then refreshes', async () => {
    const { clock, make } = setup();
    const cache = make('a');
    const fetch = jest.fn(async (): Promise<FetchedToken> => ({
      token: `T${fetch.mock.calls.length}`,
      expiresInSec: 7200,
    }));

    expect(await cache.get(KEY, fetch)).toBe('T1');
    clock.advance(110 * MINUTE);
    expect(await cache.get(KEY, fetch)).toBe('T1');
    clock.advance(6 * MINUTE); // 4 minutes left: inside the 5-minute margin
    expect(await cache.get(KEY, fetch)).toBe('T2');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('uses the token it holds without reading the store, until the token nears its expiry', async () => {
    const { clock, credentials, make } = setup();
    const cache = make('a');
    const fetch = async (): Promise<FetchedToken> => ({ token: 'T1', expiresInSec: 7200 });
    expect(await cache.get(KEY, fetch)).toBe('T1');
    const reads = jest.spyOn(credentials, 'getToken');
    for (let i = 0; i < 5; i++) expect(await cache.get(KEY, fetch)).toBe('T1');
    expect(reads).not.toHaveBeenCalled();
    clock.advance(116 * MINUTE);
    expect(await cache.get(KEY, fetch)).toBe('T1');
    expect(reads).toHaveBeenCalled();
  });

  it('a token another instance replaced: the refused one is dropped and the replacement read, not fetched', async () => {
    const { credentials, make } = setup();
    const [a, b] = [make('a'), make('b')];
    const fetch = jest.fn(async (): Promise<FetchedToken> => ({ token: 'T1', expiresInSec: 7200 }));
    expect(await a.get(KEY, fetch)).toBe('T1');
    expect(await b.get(KEY, fetch)).toBe('T1');
    // b was told T1 is invalid and fetched T2; a still holds T1 until WeCom refuses it.
    await b.invalidate(KEY, 'T1');
    expect(await b.get(KEY, async () => ({ token: 'T2', expiresInSec: 7200 }))).toBe('T2');
    expect(await a.get(KEY, fetch)).toBe('T1');
    await a.invalidate(KEY, 'T1');
    expect((await credentials.getToken(KEY))?.token).toBe('T2');
    expect(await a.get(KEY, fetch)).toBe('T2');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('invalidate drops only the token WeCom rejected', async () => {
    const { credentials, make } = setup();
    const cache = make('a');
    await cache.get(KEY, async () => ({ token: 'T1', expiresInSec: 7200 }));

    await cache.invalidate(KEY, 'older-token');
    expect((await credentials.getToken(KEY))?.token).toBe('T1');
    await cache.invalidate(KEY, 'T1');
    expect(await credentials.getToken(KEY)).toBeUndefined();
  });

  it('an older token never overwrites a newer one, and the slow caller uses the newer one', async () => {
    const { clock, credentials, make } = setup({ leaseMs: 10_000, maxLeaseWaits: 0 });
    const slow = deferred<FetchedToken>();
    const a = make('a');
    const b = make('b');

    // A asks first and hangs; its lease runs out; B asks later and stores its token first.
    const aGets = a.get(KEY, () => slow.promise);
    await Promise.resolve();
    clock.advance(11_000);
    expect(await b.get(KEY, async () => ({ token: 'NEWER', expiresInSec: 7200 }))).toBe('NEWER');
    slow.resolve({ token: 'OLDER', expiresInSec: 7200 });

    expect(await aGets).toBe('NEWER');
    expect((await credentials.getToken(KEY))?.token).toBe('NEWER');
  });

  it('waits for the lease holder and reads its token instead of fetching again', async () => {
    const clock = new ManualClock();
    const { credentials } = createMemoryStores();
    const holderDone = deferred<void>();
    const sleep = async (ms: number) => {
      clock.advance(ms);
      await holderDone.promise;
    };
    const a = createTokenCache({ credentials, clock, sleep, owner: 'a' });
    const b = createTokenCache({ credentials, clock, sleep, owner: 'b' });
    const release = deferred<FetchedToken>();
    const fetchB = jest.fn(async () => ({ token: 'B', expiresInSec: 7200 }));

    const aGets = a.get(KEY, () => release.promise);
    await new Promise((r) => setImmediate(r));
    const bGets = b.get(KEY, fetchB);
    release.resolve({ token: 'A', expiresInSec: 7200 });
    await aGets;
    holderDone.resolve();

    expect(await bGets).toBe('A');
    expect(fetchB).not.toHaveBeenCalled();
  });

  it('fetches anyway when the lease stays held past the bound', async () => {
    const { clock, credentials, make } = setup({ maxLeaseWaits: 3 });
    await credentials.acquireTokenLease(KEY, 'dead-instance', clock.now(), 3_600_000);
    const fetch = jest.fn(async () => ({ token: 'MINE', expiresInSec: 7200 }));

    expect(await make('a').get(KEY, fetch)).toBe('MINE');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('a failed fetch releases the lease and is not cached', async () => {
    const { clock, credentials, make } = setup();
    const cache = make('a');
    await expect(cache.get(KEY, async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await credentials.acquireTokenLease(KEY, 'other', clock.now(), 1000)).toBe(true);
    expect(await credentials.getToken(KEY)).toBeUndefined();
  });
});
