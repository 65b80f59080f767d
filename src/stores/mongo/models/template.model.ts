import { Schema, type Connection, type Model } from 'mongoose';
import type { Template, TemplateStatus } from '../../../domain/model';
import { collectionOptions } from './shared-schemas';

/** Stored as the domain shape. */
export type TemplateDoc = Template;

const TEMPLATE_STATUSES: readonly TemplateStatus[] = ['draft', 'in_review', 'online'];

export const templateSchema = new Schema<TemplateDoc>(
  {
    suiteId: { type: String, required: true },
    name: { type: String, required: true },
    status: { type: String, enum: TEMPLATE_STATUSES, required: true },
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
