import { Schema, type Connection, type Model } from 'mongoose';
import type {
  AnswerChannel,
  GrantEvidenceKind,
  PermissionRequest,
  PermissionRequestState,
} from '../../../domain/model';
import { collectionOptions, historyEntrySchema, leaseSchema } from './shared-schemas';

/** Stored as the domain shape; `id` is the domain's string id (unique), not _id. */
export type PermissionRequestDoc = PermissionRequest;

const STATES: readonly PermissionRequestState[] = ['pending', 'granted', 'declined', 'superseded'];
const CHANNELS: readonly AnswerChannel[] = ['button', 'text'];
const EVIDENCE: readonly GrantEvidenceKind[] = ['probe', 'get_permissions', 'auth_info', 'support'];

const answerSchema = new Schema(
  {
    answer: { type: String, enum: ['approve', 'not_now'], required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
    via: { type: String, enum: CHANNELS, required: true },
  },
  { _id: false, strict: 'throw' },
);

const evidenceSchema = new Schema(
  {
    kind: { type: String, enum: EVIDENCE, required: true },
    at: { type: Date, required: true },
    by: String,
    detail: String,
  },
  { _id: false, strict: 'throw' },
);

export const permissionRequestSchema = new Schema<PermissionRequestDoc>(
  {
    id: { type: String, required: true },
    suiteId: { type: String, required: true },
    corpId: { type: String, required: true },
    requested: { type: [String], required: true },
    previous: { type: [String], required: true },
    state: { type: String, enum: STATES, required: true },
    filedBy: { type: String, required: true },
    answer: answerSchema,
    evidence: evidenceSchema,
    supersededBy: String,
    raisedCount: { type: Number, required: true, min: 0 },
    nextActionAt: Date,
    checkedAt: Date,
    lease: leaseSchema,
    history: { type: [historyEntrySchema], required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  collectionOptions,
);
permissionRequestSchema.index({ id: 1 }, { unique: true });
// At most one pending request per app: a second pending insert fails with a duplicate key.
permissionRequestSchema.index(
  { suiteId: 1, corpId: 1 },
  { unique: true, partialFilterExpression: { state: 'pending' }, name: 'one_pending_per_app' },
);
// Follow-up claims: due first (with _id, the claim's full sort order).
permissionRequestSchema.index({ nextActionAt: 1, _id: 1 });
permissionRequestSchema.index({ corpId: 1, suiteId: 1, createdAt: 1 });
// The overview's chart of requests filed in the last days.
permissionRequestSchema.index({ createdAt: 1 });
// The support lists filtered by a request's state (filed since a time) read those requests only.
permissionRequestSchema.index({ state: 1, createdAt: 1 });

export const PERMISSION_REQUEST_MODEL = 'PermissionRequest';

export function permissionRequestModel(connection: Connection): Model<PermissionRequestDoc> {
  return (
    (connection.models[PERMISSION_REQUEST_MODEL] as Model<PermissionRequestDoc> | undefined) ??
    connection.model<PermissionRequestDoc>(
      PERMISSION_REQUEST_MODEL,
      permissionRequestSchema,
      'permission_requests',
    )
  );
}
