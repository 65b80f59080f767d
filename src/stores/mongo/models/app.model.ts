import { Schema, type Connection, type Model } from 'mongoose';
import {
  APP_STATUSES,
  type App,
  type AppConfiguration,
  type PreviousApp,
  type StatusChange,
} from '../../../domain/model';
import { collectionOptions, embeddedOptions, leaseSchema, visibilitySchema } from './shared-schemas';

/** Stored as the domain shape. */
export type AppDoc = App;

const statusChangeSchema = new Schema<StatusChange>(
  {
    from: { type: String, enum: APP_STATUSES, required: true },
    to: { type: String, enum: APP_STATUSES, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
  },
  embeddedOptions,
);

const configurationSchema = new Schema<AppConfiguration>(
  {
    name: String,
    intro: String,
    callbackUrl: String,
    homepageUrl: String,
    trustedDomain: String,
    // No implicit [] default: an unset whitelist must read back unset.
    ipWhitelist: { type: [String], default: undefined },
  },
  embeddedOptions,
);

const previousAppSchema = new Schema<PreviousApp>(
  {
    agentId: { type: Number, min: 0 },
    name: { type: String, required: true },
    status: { type: String, enum: APP_STATUSES, required: true },
    visibility: visibilitySchema,
    effectivePermissions: { type: [String], required: true },
    enabledAt: Date,
    rolloutStage: String,
    rolloutState: String,
    createdAt: { type: Date, required: true },
    replacedAt: { type: Date, required: true },
  },
  embeddedOptions,
);

export const appSchema = new Schema<AppDoc>(
  {
    suiteId: { type: String, required: true },
    corpId: { type: String, required: true },
    agentId: { type: Number, min: 0 },
    name: { type: String, required: true },
    status: { type: String, enum: APP_STATUSES, required: true },
    statusHistory: { type: [statusChangeSchema], required: true },
    configuration: { type: configurationSchema, required: true },
    visibility: visibilitySchema,
    visibilityObservedAt: Date,
    publishStatus: { type: Number, min: 0, max: 3 },
    closed: { type: Boolean, required: true },
    effectivePermissions: { type: [String], required: true },
    enabledAt: Date,
    nextPollAt: Date,
    // No implicit [] default: an app that replaced none reads back without the field.
    previousApps: { type: [previousAppSchema], default: undefined },
    lease: leaseSchema,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  collectionOptions,
);
// One app per template and enterprise.
appSchema.index({ suiteId: 1, corpId: 1 }, { unique: true });
// Poll claims: due first (with _id, the claim's full sort order, so no in-memory sort).
appSchema.index({ nextPollAt: 1, _id: 1 });
// The overview's chart of days to enabled reads enabled apps only.
appSchema.index({ enabledAt: 1 }, { partialFilterExpression: { enabledAt: { $type: 'date' } } });
// One enterprise's apps (diagnosis, support lists) and the count of enterprises (countCorps).
appSchema.index({ corpId: 1 });
// The support lists filtered by a status other than enabled read those apps only.
appSchema.index({ status: 1 });

export const APP_MODEL = 'App';

export function appModel(connection: Connection): Model<AppDoc> {
  return (
    (connection.models[APP_MODEL] as Model<AppDoc> | undefined) ??
    connection.model<AppDoc>(APP_MODEL, appSchema, 'apps')
  );
}
