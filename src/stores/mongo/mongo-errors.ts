import { mongo } from 'mongoose';
import type { Logger } from '../../shared/logger';
import { StoreUnavailableError } from '../../shared/errors';

/** A write refused by a unique index (E11000): an idempotency answer, not a failure. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/** The server could not be reached or stepped away mid-operation: worth a retry later, not a bug. */
function isUnavailable(err: unknown): boolean {
  return (
    err instanceof mongo.MongoNetworkError ||
    err instanceof mongo.MongoServerSelectionError ||
    err instanceof mongo.MongoNotConnectedError ||
    err instanceof mongo.MongoTopologyClosedError ||
    err instanceof mongo.MongoClientClosedError ||
    err instanceof mongo.MongoOperationTimeoutError ||
    (err instanceof mongo.MongoError && err.hasErrorLabel('RetryableWriteError')) ||
    (err instanceof Error && err.name === 'MongooseServerSelectionError')
  );
}

/**
 * Wraps a store so that "the database is away" surfaces as StoreUnavailableError (callbacks answer
 * 503 and WeCom retries) instead of a bare 500 carrying a driver message. Other errors pass as they are.
 */
export function guardStore<T extends object>(store: T, log?: Logger): T {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (err) {
          if (!isUnavailable(err)) throw err;
          log?.warn(
            { op: String(prop), cause: (err as Error).name, reason: (err as Error).message },
            'store unavailable',
          );
          throw new StoreUnavailableError();
        }
      };
    },
  });
}
