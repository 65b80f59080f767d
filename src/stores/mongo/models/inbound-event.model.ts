import { Schema, type Connection, type Model } from 'mongoose';
import type { InboundEvent, InboundStatus } from '../../../domain/model';
import { collectionOptions, leaseSchema } from './shared-schemas';

/** Stored as the domain shape. */
export type InboundEventDoc = InboundEvent;

const INBOUND_STATUSES: readonly InboundStatus[] = ['received', 'handled', 'failed'];

export const inboundEventSchema = new Schema<InboundEventDoc>(
  {
    key: { type: String, required: true },
    kind: { type: String, required: true },
    suiteId: { type: String, required: true },
    corpId: String,
    event: { type: Schema.Types.Mixed, required: true },
    status: { type: String, enum: INBOUND_STATUSES, required: true },
    attempts: { type: Number, required: true, min: 0 },
    lastError: String,
    receivedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    handledAt: Date,
    nextAttemptAt: Date,
    lease: leaseSchema,
  },
  collectionOptions,
);
// Dedupe: WeCom retries carry the same key.
inboundEventSchema.index({ key: 1 }, { unique: true });
// The database forgets an event at its expiresAt.
inboundEventSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
// Retries and recovery after a crash: failed or still 'received' ones, oldest first.
inboundEventSchema.index({ status: 1, receivedAt: 1, _id: 1 });
inboundEventSchema.index({ corpId: 1, receivedAt: -1, _id: -1 });
// A template's own callbacks (corpId missing) newest first, for its diagnosis; and one app's.
inboundEventSchema.index({ suiteId: 1, corpId: 1, receivedAt: -1, _id: -1 });

export const INBOUND_EVENT_MODEL = 'InboundEvent';

export function inboundEventModel(connection: Connection): Model<InboundEventDoc> {
  return (
    (connection.models[INBOUND_EVENT_MODEL] as Model<InboundEventDoc> | undefined) ??
    connection.model<InboundEventDoc>(INBOUND_EVENT_MODEL, inboundEventSchema, 'inbound_events')
  );
}
