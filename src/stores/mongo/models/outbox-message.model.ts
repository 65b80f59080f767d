import { Schema, type Connection, type Model } from 'mongoose';
import type { OutboxChannel, OutboxMessage, OutboxStatus } from '../../../domain/model';
import { collectionOptions, leaseSchema } from './shared-schemas';

/** Stored as the domain shape; `id` is the domain's string id (unique), not _id. */
export type OutboxMessageDoc = OutboxMessage;

export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['queued', 'sending', 'sent', 'failed', 'cancelled'];
const CHANNELS: readonly OutboxChannel[] = ['app', 'app_card_update', 'support'];

export const outboxMessageSchema = new Schema<OutboxMessageDoc>(
  {
    id: { type: String, required: true },
    dedupeKey: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    suiteId: String,
    corpId: String,
    toUser: String,
    payload: { type: Schema.Types.Mixed, required: true },
    topic: { type: String, required: true },
    ref: String,
    status: { type: String, enum: OUTBOX_STATUSES, required: true },
    attempts: { type: Number, required: true, min: 0 },
    lastError: String,
    lastErrcode: Number,
    notBefore: { type: Date, required: true },
    lease: leaseSchema,
    responseCode: String,
    msgId: String,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    sentAt: Date,
  },
  collectionOptions,
);
outboxMessageSchema.index({ id: 1 }, { unique: true });
// Never sent twice: one message per dedupe key.
outboxMessageSchema.index({ dedupeKey: 1 }, { unique: true });
// Send claims: queued (or crashed 'sending') messages, due first (with _id, the claim's full sort order).
outboxMessageSchema.index({ status: 1, notBefore: 1, _id: 1 });
// Timelines and cancellation per enterprise, newest first.
outboxMessageSchema.index({ corpId: 1, createdAt: -1, _id: -1 });
// Retention: finished messages are forgotten after outbox.retentionDays.
outboxMessageSchema.index({ status: 1, updatedAt: 1 });
// The overview's chart of messages sent per day.
outboxMessageSchema.index({ status: 1, sentAt: 1 });

export const OUTBOX_MESSAGE_MODEL = 'OutboxMessage';

export function outboxMessageModel(connection: Connection): Model<OutboxMessageDoc> {
  return (
    (connection.models[OUTBOX_MESSAGE_MODEL] as Model<OutboxMessageDoc> | undefined) ??
    connection.model<OutboxMessageDoc>(OUTBOX_MESSAGE_MODEL, outboxMessageSchema, 'outbox')
  );
}
