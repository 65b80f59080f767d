import { Schema, type Connection, type Model } from 'mongoose';
import type { BatchQrCode } from '../../../domain/model';
import { collectionOptions } from './shared-schemas';

/** Stored as the domain shape; `id` is the domain's string id (unique), not _id. */
export type BatchQrCodeDoc = BatchQrCode;

export const batchQrCodeSchema = new Schema<BatchQrCodeDoc>(
  {
    id: { type: String, required: true },
    suiteIds: { type: [String], required: true },
    url: String,
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    expiryAlertedAt: Date,
  },
  collectionOptions,
);
batchQrCodeSchema.index({ id: 1 }, { unique: true });
// Expiry alerts: not yet alerted, expiring first.
batchQrCodeSchema.index({ expiresAt: 1 });

export const BATCH_QR_CODE_MODEL = 'BatchQrCode';

export function batchQrCodeModel(connection: Connection): Model<BatchQrCodeDoc> {
  return (
    (connection.models[BATCH_QR_CODE_MODEL] as Model<BatchQrCodeDoc> | undefined) ??
    connection.model<BatchQrCodeDoc>(BATCH_QR_CODE_MODEL, batchQrCodeSchema, 'batch_qr_codes')
  );
}
