import { Schema, type Connection, type Model } from 'mongoose';
import type { Authorization, AuthorizationState } from '../../../domain/model';
import { LOCALES } from '../../../shared/locale';
import { collectionOptions, embeddedOptions } from './shared-schemas';

/** Stored as the domain shape; permanentCodeEnc is already ciphertext. */
export type AuthorizationDoc = Authorization;

const AUTHORIZATION_STATES: readonly AuthorizationState[] = ['active', 'cancelled'];

const privilegeSchema = new Schema<NonNullable<Authorization['privilege']>>(
  {
    users: { type: [String], required: true },
    parties: { type: [Number], required: true },
    tags: { type: [Number], required: true },
    level: Number,
  },
  embeddedOptions,
);

export const authorizationSchema = new Schema<AuthorizationDoc>(
  {
    suiteId: { type: String, required: true },
    corpId: { type: String, required: true },
    corpName: { type: String, required: true },
    agentId: { type: Number, min: 0 },
    authUserId: String,
    admins: { type: [String], required: true },
    permanentCodeEnc: { type: String, required: true },
    state: { type: String, enum: AUTHORIZATION_STATES, required: true },
    privilege: privilegeSchema,
    timeZone: { type: String, required: true },
    test: Boolean,
    locale: { type: String, enum: LOCALES },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    cancelledAt: Date,
  },
  collectionOptions,
);
// One authorization per template and enterprise.
authorizationSchema.index({ suiteId: 1, corpId: 1 }, { unique: true });
authorizationSchema.index({ corpId: 1 });
// The support lists' order (newestFirst), and the few test enterprises the overview and the charts
// leave out.
authorizationSchema.index({ createdAt: -1, corpId: 1, suiteId: 1 });
authorizationSchema.index({ test: 1 }, { partialFilterExpression: { test: true } });
// The support lists filtered by cancelled authorizations read those only.
authorizationSchema.index({ state: 1 });

export const AUTHORIZATION_MODEL = 'Authorization';

export function authorizationModel(connection: Connection): Model<AuthorizationDoc> {
  return (
    (connection.models[AUTHORIZATION_MODEL] as Model<AuthorizationDoc> | undefined) ??
    connection.model<AuthorizationDoc>(AUTHORIZATION_MODEL, authorizationSchema, 'authorizations')
  );
}
