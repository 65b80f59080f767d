import { Schema, type Connection, type Model } from 'mongoose';
import { collectionOptions } from './shared-schemas';

/**
 * Who refreshes a token right now. Its own collection, because the lease is needed before the
 * first token exists, and invalidating a token must not drop a refresher's lease.
 */
export interface TokenLeaseDoc {
  key: string;
  owner: string;
  until: Date;
}

export const tokenLeaseSchema = new Schema<TokenLeaseDoc>(
  {
    key: { type: String, required: true },
    owner: { type: String, required: true },
    until: { type: Date, required: true },
  },
  collectionOptions,
);
tokenLeaseSchema.index({ key: 1 }, { unique: true });

export const TOKEN_LEASE_MODEL = 'TokenLease';

export function tokenLeaseModel(connection: Connection): Model<TokenLeaseDoc> {
  return (
    (connection.models[TOKEN_LEASE_MODEL] as Model<TokenLeaseDoc> | undefined) ??
    connection.model<TokenLeaseDoc>(TOKEN_LEASE_MODEL, tokenLeaseSchema, 'token_leases')
  );
}
