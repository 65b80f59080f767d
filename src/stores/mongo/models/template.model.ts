import { Schema, type Connection, type Model } from 'mongoose';
import {
  TEMPLATE_STATUSES,
  type StatusChange,
  type Template,
  type TemplateStatus,
} from '../../../domain/model';
import { collectionOptions, embeddedOptions } from './shared-schemas';

/** Stored as the domain shape. */
export type TemplateDoc = Template;

/** What 'created' was called before the handbook's states; read, never written. */
export const LEGACY_CREATED = 'draft';

const statusChangeSchema = new Schema<StatusChange<TemplateStatus>>(
  {
    from: { type: String, enum: TEMPLATE_STATUSES, required: true },
    to: { type: String, enum: TEMPLATE_STATUSES, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
  },
  embeddedOptions,
);

export const templateSchema = new Schema<TemplateDoc>(
  {
    suiteId: { type: String, required: true },
    name: { type: String, required: true },
    status: { type: String, enum: TEMPLATE_STATUSES, required: true },
    qrCode: String,
    statusHistory: { type: [statusChangeSchema], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  collectionOptions,
);
templateSchema.index({ suiteId: 1 }, { unique: true });

export const TEMPLATE_MODEL = 'Template';

export function templateModel(connection: Connection): Model<TemplateDoc> {
  return (
    (connection.models[TEMPLATE_MODEL] as Model<TemplateDoc> | undefined) ??
    connection.model<TemplateDoc>(TEMPLATE_MODEL, templateSchema, 'templates')
  );
}
