import { mongo } from 'mongoose';
import { StoreUnavailableError } from '../../../../src/shared/errors';
import { guardStore, isDuplicateKey } from '../../../../src/stores/mongo/mongo-errors';

describe('guardStore', () => {
  const failing = (err: Error) => guardStore({ kind: 'x', get: async () => Promise.reject(err) });

  it('turns an unreachable server into StoreUnavailableError', async () => {
    await expect(failing(new mongo.MongoNetworkError('connection reset')).get()).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
  });

  it('lets other errors and plain values through', async () => {
    const store = failing(new TypeError('bug'));
    expect(store.kind).toBe('x');
    await expect(store.get()).rejects.toBeInstanceOf(TypeError);
  });
});

describe('isDuplicateKey', () => {
  it('recognises E11000 and nothing else', () => {
    expect(isDuplicateKey(new mongo.MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' }))).toBe(
      true,
    );
    expect(isDuplicateKey(new mongo.MongoServerError({ code: 112, errmsg: 'write conflict' }))).toBe(false);
    expect(isDuplicateKey(undefined)).toBe(false);
  });
});
