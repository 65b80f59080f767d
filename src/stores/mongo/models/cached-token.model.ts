import { Schema, type Connection, type Model } from 'mongoose';
import type { CachedToken } from '../../../domain/model';
import { collectionOptions } from './shared-schemas';

/** Stored as the domain shape: one token per key (suite, provider or corp token). */
export type CachedTokenDoc = CachedToken;

export const cachedTokenSchema = new Schema<CachedTokenDoc>(
  {
    key: { type: String, required: true },
    token: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    fetchedAt: { type: Date, required: true },
  },
  collectionOptions,
);
cachedTokenSchema.index({ key: 1 }, { unique: true });

export const CACHED_TOKEN_MODEL = 'CachedToken';

export function cachedTokenModel(connection: Connection): Model<CachedTokenDoc> {
  return (
    (connection.models[CACHED_TOKEN_MODEL] as Model<CachedTokenDoc> | undefined) ??
    connection.model<CachedTokenDoc>(CACHED_TOKEN_MODEL, cachedTokenSchema, 'tokens')
  );
}
