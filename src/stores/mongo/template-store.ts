import type { Model } from 'mongoose';
import type { Template } from '../../domain/model';
import type { TemplateStore } from '../../domain/ports/stores';
import { fromDoc } from './documents';
import { isDuplicateKey } from './mongo-errors';
import type { TemplateDoc } from './models/template.model';

export class MongoTemplateStore implements TemplateStore {
  constructor(private readonly templates: Model<TemplateDoc>) {}

  async upsert(t: Pick<Template, 'suiteId' | 'name' | 'status'>, now: Date): Promise<Template> {
    const upsert = () =>
      this.templates
        .findOneAndUpdate(
          { suiteId: t.suiteId },
          { $set: { name: t.name, status: t.status, updatedAt: now }, $setOnInsert: { createdAt: now } },
          { upsert: true, returnDocument: 'after', runValidators: true },
        )
        .lean<TemplateDoc>()
        .orFail();
    try {
      return fromDoc(await upsert());
    } catch (err) {
      // Two first upserts raced to insert; the loser now finds the winner's document and updates it.
      if (!isDuplicateKey(err)) throw err;
      return fromDoc(await upsert());
    }
  }

  async get(suiteId: string): Promise<Template | undefined> {
    const doc = await this.templates.findOne({ suiteId }).lean<TemplateDoc>();
    return doc ? fromDoc(doc) : undefined;
  }

  async list(): Promise<Template[]> {
    const docs = await this.templates.find().sort({ _id: 1 }).lean<TemplateDoc[]>();
    return docs.map(fromDoc);
  }
}
