import type { Model } from 'mongoose';
import type { App, AppStatus, PreviousApp } from '../../domain/model';
import type { AppPatch, AppStore, Claim, CountedGroup } from '../../domain/ports/stores';
import { countGroups } from './count-groups';
import { defined, fromDoc, patchUpdate } from './documents';
import { claimEach, type LeaseClock } from './lease';
import { isDuplicateKey } from './mongo-errors';
import type { AppDoc } from './models/app.model';

const OPTIONAL_FIELDS = [
  'agentId',
  'visibility',
  'visibilityObservedAt',
  'publishStatus',
  'enabledAt',
  'nextPollAt',
] as const satisfies readonly (keyof App)[];

export class MongoAppStore implements AppStore {
  constructor(
    private readonly apps: Model<AppDoc>,
    private readonly leaseClock: LeaseClock,
  ) {}

  async create(app: App): Promise<'created' | 'exists'> {
    try {
      await this.apps.create(defined(app));
      return 'created';
    } catch (err) {
      if (isDuplicateKey(err)) return 'exists';
      throw err;
    }
  }

  async get(suiteId: string, corpId: string): Promise<App | undefined> {
    const doc = await this.apps.findOne({ suiteId, corpId }).lean<AppDoc>();
    return doc ? fromDoc(doc) : undefined;
  }

  async list(
    filter: { suiteId?: string; corpId?: string; status?: AppStatus; closed?: boolean } = {},
  ): Promise<App[]> {
    const docs = await this.apps.find(defined(filter)).sort({ _id: 1 }).lean<AppDoc[]>();
    return docs.map(fromDoc);
  }
  countByTemplateAndStatus(): Promise<CountedGroup<'suiteId' | 'status'>[]> {
    return countGroups(this.apps, { suiteId: '$suiteId', status: '$status' });
  }

  async countCorps(): Promise<number> {
    // The corpId index answers distinct from its keys alone.
    return (await this.apps.distinct('corpId')).length;
  }

  async transition(
    suiteId: string,
    corpId: string,
    from: readonly AppStatus[],
    to: AppStatus,
    by: string,
    now: Date,
  ): Promise<App | undefined> {
    // A pipeline, so the history entry records the status the document actually had: every
    // expression in one $set stage sees the document as it was before the stage.
    const update = [
      {
        $set: {
          statusHistory: {
            $concatArrays: [
              { $ifNull: ['$statusHistory', []] },
              [{ from: '$status', to: { $literal: to }, at: { $literal: now }, by: { $literal: by } }],
            ],
          },
          status: { $literal: to },
          updatedAt: { $literal: now },
          ...(to === 'enabled' ? { enabledAt: { $ifNull: ['$enabledAt', { $literal: now }] } } : {}),
        },
      },
    ];
    const doc = await this.apps
      .findOneAndUpdate({ suiteId, corpId, status: { $in: [...from] } }, update, {
        returnDocument: 'after',
        updatePipeline: true,
      })
      .lean<AppDoc>();
    return doc ? fromDoc(doc) : undefined;
  }

  async update(suiteId: string, corpId: string, patch: AppPatch, now: Date): Promise<App | undefined> {
    const { $set, $unset } = patchUpdate(patch);
    $set.updatedAt = now;
    const doc = await this.apps
      .findOneAndUpdate(
        { suiteId, corpId },
        { $set, $unset },
        { returnDocument: 'after', runValidators: true },
      )
      .lean<AppDoc>();
    return doc ? fromDoc(doc) : undefined;
  }

  async replace(app: Omit<App, 'previousApps' | 'lease'>, previous: PreviousApp): Promise<App | undefined> {
    const { suiteId, corpId } = app;
    // What the new app does not have yet is cleared, so nothing of the old one stays on the record.
    const $unset: Record<string, 1> = { lease: 1 };
    for (const key of OPTIONAL_FIELDS) if (app[key] === undefined) $unset[key] = 1;
    const doc = await this.apps
      .findOneAndUpdate(
        { suiteId, corpId },
        { $set: defined(app), $unset, $push: { previousApps: defined(previous) } },
        { returnDocument: 'after', runValidators: true },
      )
      .lean<AppDoc>();
    return doc ? fromDoc(doc) : undefined;
  }

  async claimDuePolls(claim: Claim): Promise<App[]> {
    return claimEach(
      this.apps,
      claim,
      this.leaseClock,
      { nextPollAt: { $lte: claim.now } },
      { nextPollAt: 1 },
    );
  }

  async releasePoll(
    suiteId: string,
    corpId: string,
    owner: string,
    nextPollAt: Date | undefined,
  ): Promise<boolean> {
    const { $set, $unset } = patchUpdate({ nextPollAt });
    $unset.lease = 1;
    const result = await this.apps.updateOne({ suiteId, corpId, 'lease.owner': owner }, { $set, $unset });
    return result.matchedCount === 1;
  }
}
