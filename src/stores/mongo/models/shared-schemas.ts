import { Schema, type SchemaOptions } from 'mongoose';
import type { HistoryEntry, Lease, Visibility } from '../../../domain/model';

/**
 * Options every collection shares: no __v (updates are conditional, not versioned); empty objects
 * kept (a `{}` payload or configuration must read back as `{}`); unknown paths throw instead of
 * being dropped, so a field missing from a schema fails loudly rather than losing data.
 */
export const collectionOptions = {
  versionKey: false,
  minimize: false,
  strict: 'throw',
  id: false,
} satisfies SchemaOptions;

/** Embedded shapes carry no _id of their own. */
const embedded = { _id: false, minimize: false, strict: 'throw' } satisfies SchemaOptions;

export const leaseSchema = new Schema<Lease>(
  {
    owner: { type: String, required: true },
    until: { type: Date, required: true },
  },
  embedded,
);

export const visibilitySchema = new Schema<Visibility>(
  {
    users: { type: [String], required: true },
    parties: { type: [Number], required: true },
    tags: { type: [Number], required: true },
  },
  embedded,
);

export const historyEntrySchema = new Schema<HistoryEntry>(
  {
    at: { type: Date, required: true },
    what: { type: String, required: true },
    by: String,
    detail: String,
  },
  embedded,
);

export { embedded as embeddedOptions };
