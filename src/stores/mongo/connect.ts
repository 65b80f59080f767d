import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../../shared/logger';
import { createModels } from './models';

export interface ConnectMongoOptions {
  logger: Logger;
  /**
   * Build missing indexes at startup (and create collections). Off by default, as in production,
   * where `npm run sync-indexes` builds them once instead of every instance at every boot.
   */
  autoIndex?: boolean;
  /** How long an operation waits for a server before failing; well inside WeCom's 5 s deadline. */
  serverSelectionTimeoutMS?: number;
  /** Overrides the database named in the URI (tests use a fresh one per run). */
  dbName?: string;
}

/**
 * Opens a connection of its own (never the global mongoose one), waits until it is usable, and
 * checks that the indexes which carry idempotency exist.
 */
export async function connectMongo(uri: string, opts: ConnectMongoOptions): Promise<Connection> {
  const log = opts.logger.child({ name: 'mongo' });
  const autoIndex = opts.autoIndex ?? false;
  const connection = mongoose.createConnection(uri, {
    // Fail at once while the server is away (the callback answers 503 and WeCom retries) rather
    // than queue the operation past WeCom's deadline.
    bufferCommands: false,
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 2000,
    autoIndex,
    autoCreate: autoIndex,
    // An undefined field is left out, never stored as null.
    ignoreUndefined: true,
    ...(opts.dbName ? { dbName: opts.dbName } : {}),
  });
  // The URI may carry credentials: log events, never the URI.
  connection.on('disconnected', () => log.warn('mongodb disconnected'));
  connection.on('reconnected', () => log.info('mongodb reconnected'));
  connection.on('error', (err: Error) => log.error({ reason: err.message }, 'mongodb connection error'));
  try {
    await connection.asPromise();
  } catch (err) {
    log.error({ reason: (err as Error).message }, 'mongodb unreachable');
    await connection.close();
    throw err;
  }

  const models = Object.values(createModels(connection));
  if (autoIndex) {
    // Model.init() settles when the automatic index build has, so no write races the unique indexes.
    await Promise.all(models.map((model) => model.init()));
    return connection;
  }
  const missing: string[] = [];
  for (const model of models) {
    const { toCreate } = await model.diffIndexes();
    for (const keys of toCreate) missing.push(`${model.collection.collectionName} ${JSON.stringify(keys)}`);
  }
  if (missing.length > 0) {
    // Without them, dedupe and "one per app" are not enforced: say so loudly, but keep serving.
    log.error({ missing }, 'mongodb indexes missing: run npm run sync-indexes');
  }
  return connection;
}
