import type { Model } from 'mongoose';
import type { Template, TemplateStatus } from '../../domain/model';
import type { TemplateStore } from '../../domain/ports/stores';
import { defined, fromDoc } from './documents';
import { isDuplicateKey } from './mongo-errors';
import { LEGACY_CREATED, type TemplateDoc } from './models/template.model';

/**
 * Documents written before the handbook's states may say 'draft' and have no history: they read
 * as 'created' with an empty one, and a move from 'created' finds them too.
 */
function toTemplate(doc: TemplateDoc): Template {
  const t = fromDoc(doc);
  return {
    ...t,
    status: (t.status as string) === LEGACY_CREATED ? 'created' : t.status,
    statusHistory: t.statusHistory ?? [],
  };
}

/** Typed as the domain's statuses for the query, though a legacy one may be among them. */
function storedStatuses(from: readonly TemplateStatus[]): TemplateStatus[] {
  return (from.includes('created') ? [...from, LEGACY_CREATED] : [...from]) as TemplateStatus[];
}

export class MongoTemplateStore implements TemplateStore {
  constructor(private readonly templates: Model<TemplateDoc>) {}

  async create(t: Template): Promise<'created' | 'exists'> {
    try {
      await this.templates.create(defined(t));
      return 'created';
    } catch (err) {
      if (isDuplicateKey(err)) return 'exists';
      throw err;
    }
  }

  async update(
    suiteId: string,
    patch: Partial<Pick<Template, 'name' | 'qrCode'>>,
    now: Date,
  ): Promise<Template | undefined> {
    const doc = await this.templates
      .findOneAndUpdate(
        { suiteId },
        { $set: { ...defined(patch), updatedAt: now } },
        { returnDocument: 'after', runValidators: true },
      )
      .lean<TemplateDoc>();
    return doc ? toTemplate(doc) : undefined;
  }

  async transition(
    suiteId: string,
    from: readonly TemplateStatus[],
    to: TemplateStatus,
    by: string,
    now: Date,
  ): Promise<Template | undefined> {
    // A pipeline, so the history entry records the status the document had (one $set stage sees
    // the document as it was before the stage), in the current words for a legacy 'draft'.
    const previous = { $cond: [{ $eq: ['$status', LEGACY_CREATED] }, 'created', '$status'] };
    const update = [
      {
        $set: {
          statusHistory: {
            $concatArrays: [
              { $ifNull: ['$statusHistory', []] },
              [{ from: previous, to: { $literal: to }, at: { $literal: now }, by: { $literal: by } }],
            ],
          },
          status: { $literal: to },
          updatedAt: { $literal: now },
        },
      },
    ];
    const doc = await this.templates
      .findOneAndUpdate({ suiteId, status: { $in: storedStatuses(from) } }, update, {
        returnDocument: 'after',
        updatePipeline: true,
      })
      .lean<TemplateDoc>();
    return doc ? toTemplate(doc) : undefined;
  }

  async get(suiteId: string): Promise<Template | undefined> {
    const doc = await this.templates.findOne({ suiteId }).lean<TemplateDoc>();
    return doc ? toTemplate(doc) : undefined;
  }

  async list(): Promise<Template[]> {
    const docs = await this.templates.find().sort({ _id: 1 }).lean<TemplateDoc[]>();
    return docs.map(toTemplate);
  }
}
