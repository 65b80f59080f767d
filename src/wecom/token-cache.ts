import { randomUUID } from 'node:crypto';
import type { CachedToken } from '../domain/model';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { CredentialStore } from '../domain/ports/stores';

export interface FetchedToken {
  token: string;
  expiresInSec: number;
}

/**
 * Access tokens shared by every instance through the CredentialStore, refreshed by one caller at
 * a time: one promise per key in this process, a store lease across processes. WeCom rate-limits
 * gettoken and may hand out a token that replaces the one another instance still uses.
 */
export interface TokenCache {
  get(key: string, fetch: () => Promise<FetchedToken>): Promise<string>;
  /** WeCom said this token is invalid (40014/42001/42009); dropped only if it is still the stored one. */
  invalidate(key: string, token: string): Promise<void>;
}

export interface TokenCacheOptions {
  credentials: CredentialStore;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  logger?: Logger;
  /** Lease owner; unique per process. */
  owner?: string;
  /** Refresh this long before expiry (capped at half the token's lifetime). */
  refreshMarginMs?: number;
  leaseMs?: number;
  /** While another instance holds the lease: wait this long, re-read, at most this many times. */
  leaseWaitMs?: number;
  maxLeaseWaits?: number;
}

export const suiteTokenKey = (suiteId: string): string => `suite:${suiteId}`;
export const corpTokenKey = (suiteId: string, corpId: string): string => `corp:${suiteId}:${corpId}`;

export function createTokenCache(opts: TokenCacheOptions): TokenCache {
  const { credentials, clock, sleep, logger } = opts;
  const owner = opts.owner ?? `token-cache-${randomUUID()}`;
  const refreshMarginMs = opts.refreshMarginMs ?? 5 * 60_000;
  const leaseMs = opts.leaseMs ?? 30_000;
  const leaseWaitMs = opts.leaseWaitMs ?? 250;
  const maxLeaseWaits = opts.maxLeaseWaits ?? 20;
  const inflight = new Map<string, Promise<string>>();

  const usable = (t: CachedToken | undefined): t is CachedToken => {
    if (!t) return false;
    const lifetime = t.expiresAt.getTime() - t.fetchedAt.getTime();
    const margin = Math.min(refreshMarginMs, lifetime / 2);
    return t.expiresAt.getTime() - clock.now().getTime() > margin;
  };

  /**
   * The token this process last read or stored, per key: while it is usable a call does not read
   * the store. One another instance has since replaced is refused by WeCom once, invalidated here,
   * and read again.
   */
  const held = new Map<string, CachedToken>();

  const readUsable = async (key: string): Promise<string | undefined> => {
    const mine = held.get(key);
    if (usable(mine)) return mine.token;
    const t = await credentials.getToken(key);
    if (!usable(t)) return undefined;
    held.set(key, t);
    return t.token;
  };

  const fetchAndStore = async (key: string, fetch: () => Promise<FetchedToken>): Promise<string> => {
    // fetchedAt is when the request left: a token asked for earlier is the older one, whenever it lands.
    const fetchedAt = clock.now();
    const got = await fetch();
    const record: CachedToken = {
      key,
      token: got.token,
      fetchedAt,
      expiresAt: new Date(fetchedAt.getTime() + got.expiresInSec * 1000),
    };
    if (await credentials.putToken(record)) {
      held.set(key, record);
      return got.token;
    }
    // Another instance stored a newer token meanwhile: use it, so all instances agree on one.
    const newer = await credentials.getToken(key);
    if (newer) held.set(key, newer);
    return newer?.token ?? got.token;
  };

  const refresh = async (key: string, fetch: () => Promise<FetchedToken>): Promise<string> => {
    for (let waits = 0; ; waits++) {
      if (await credentials.acquireTokenLease(key, owner, clock.now(), leaseMs)) {
        try {
          return (await readUsable(key)) ?? (await fetchAndStore(key, fetch));
        } finally {
          await credentials.releaseTokenLease(key, owner).catch((err: unknown) => {
            logger?.warn({ key, err }, 'token lease release failed');
          });
        }
      }
      if (waits >= maxLeaseWaits) break;
      await sleep(leaseWaitMs);
      const cached = await readUsable(key);
      if (cached) return cached;
    }
    // The holder may have died without releasing; a second fetch beats a stuck caller.
    logger?.warn({ key }, 'token lease held elsewhere too long; fetching anyway');
    return fetchAndStore(key, fetch);
  };

  return {
    async get(key, fetch) {
      const cached = await readUsable(key);
      if (cached) return cached;
      let pending = inflight.get(key);
      if (!pending) {
        pending = refresh(key, fetch).finally(() => inflight.delete(key));
        inflight.set(key, pending);
      }
      return pending;
    },

    async invalidate(key, token) {
      if (held.get(key)?.token === token) held.delete(key);
      await credentials.invalidateToken(key, token);
    },
  };
}
