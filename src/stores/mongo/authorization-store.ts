import type { Model } from 'mongoose';
import type { Authorization, AuthorizationState } from '../../domain/model';
import type { AuthorizationPatch, AuthorizationStore, CountedGroup } from '../../domain/ports/stores';
import { countGroups } from './count-groups';
import { defined, fromDoc, patchUpdate } from './documents';
import { isDuplicateKey } from './mongo-errors';
import type { AuthorizationDoc } from './models/authorization.model';

export class MongoAuthorizationStore implements AuthorizationStore {
  constructor(private readonly authorizations: Model<AuthorizationDoc>) {}

  async create(a: Authorization): Promise<'created' | 'exists'> {
    try {
      await this.authorizations.create(defined(a));
      return 'created';
    } catch (err) {
      if (isDuplicateKey(err)) return 'exists';
      throw err;
    }
  }

  async get(suiteId: string, corpId: string): Promise<Authorization | undefined> {
    const doc = await this.authorizations.findOne({ suiteId, corpId }).lean<AuthorizationDoc>();
    return doc ? fromDoc(doc) : undefined;
  }

  async update(
    suiteId: string,
    corpId: string,
    patch: AuthorizationPatch,
    now: Date,
  ): Promise<Authorization | undefined> {
    const { $set, $unset } = patchUpdate(patch);
    $set.updatedAt = now;
    if (patch.state === 'active') $unset.cancelledAt = 1;
    if (patch.state === 'cancelled') $set.cancelledAt = now;
    const doc = await this.authorizations
      .findOneAndUpdate(
        { suiteId, corpId },
        { $set, $unset },
        { returnDocument: 'after', runValidators: true },
      )
      .lean<AuthorizationDoc>();
    return doc ? fromDoc(doc) : undefined;
  }

  async cancel(suiteId: string, corpId: string, now: Date): Promise<boolean> {
    const result = await this.authorizations.updateOne(
      { suiteId, corpId, state: 'active' },
      { $set: { state: 'cancelled', cancelledAt: now, updatedAt: now } },
    );
    return result.matchedCount === 1;
  }

  async list(
    filter: {
      suiteId?: string;
      corpId?: string;
      state?: AuthorizationState;
      test?: boolean;
      withoutAdmins?: boolean;
    } = {},
  ): Promise<Authorization[]> {
    const { test, withoutAdmins, ...fields } = filter;
    const query = {
      ...defined(fields),
      // A record that was never marked has no `test` field: "not test" is anything but true.
      ...(test !== undefined && { test: test ? true : { $ne: true } }),
      ...(withoutAdmins !== undefined && { admins: withoutAdmins ? { $size: 0 } : { $not: { $size: 0 } } }),
    };
    const docs = await this.authorizations.find(query).sort({ _id: 1 }).lean<AuthorizationDoc[]>();
    return docs.map(fromDoc);
  }

  async *newestFirst(): AsyncIterable<Authorization> {
    const cursor = this.authorizations
      .find()
      .sort({ createdAt: -1, corpId: 1, suiteId: 1 })
      .lean<AuthorizationDoc>()
      .cursor();
    for await (const doc of cursor) yield fromDoc(doc as AuthorizationDoc);
  }

  countByState(): Promise<CountedGroup<'state'>[]> {
    return countGroups(this.authorizations, { state: '$state' });
  }
}
