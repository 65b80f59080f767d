import { Schema, type Connection, type Model } from 'mongoose';
import type { WecomErrorRecord } from '../../../domain/model';
import { collectionOptions } from './shared-schemas';

/** Stored as the domain shape. */
export type WecomErrorDoc = WecomErrorRecord;

export const wecomErrorSchema = new Schema<WecomErrorDoc>(
  {
    corpId: String,
    suiteId: String,
    api: { type: String, required: true },
    errcode: { type: Number, required: true },
    // WeCom may answer an empty errmsg.
    errmsg: String,
    at: { type: Date, required: true },
  },
  collectionOptions,
);
// Diagnosis per enterprise, newest first.
wecomErrorSchema.index({ corpId: 1, at: -1, _id: -1 });
wecomErrorSchema.index({ at: -1, _id: -1 });

export const WECOM_ERROR_MODEL = 'WecomError';

export function wecomErrorModel(connection: Connection): Model<WecomErrorDoc> {
  return (
    (connection.models[WECOM_ERROR_MODEL] as Model<WecomErrorDoc> | undefined) ??
    connection.model<WecomErrorDoc>(WECOM_ERROR_MODEL, wecomErrorSchema, 'wecom_errors')
  );
}
