import type { Model } from 'mongoose';
import type {
  HistoryEntry,
  PermissionAnswerRecord,
  PermissionRequest,
  PermissionRequestState,
} from '../../domain/model';
import { ConflictError } from '../../shared/errors';
import type {
  Claim,
  CountedGroup,
  NewPermissionRequest,
  PermissionRequestPatch,
  PermissionSettlement,
  PermissionRequestStore,
  WaitingRequest,
} from '../../domain/ports/stores';
import { countGroups } from './count-groups';
import { changeUpdate, defined, fromDoc, patchUpdate } from './documents';
import { claimEach, type LeaseClock } from './lease';
import { isDuplicateKey } from './mongo-errors';
import type { PermissionRequestDoc } from './models/permission-request.model';

/** Supersede-then-insert rounds before giving up when other filers keep racing for the same app. */
const FILE_ATTEMPTS = 3;

export class MongoPermissionRequestStore implements PermissionRequestStore {
  constructor(
    private readonly requests: Model<PermissionRequestDoc>,
    private readonly leaseClock: LeaseClock,
  ) {}

  async file(
    req: NewPermissionRequest,
  ): Promise<{ request: PermissionRequest; superseded?: PermissionRequest }> {
    if (await this.requests.exists({ id: req.id })) {
      throw new ConflictError(`permission request ${req.id} already exists`);
    }
    const at = req.createdAt;
    const request: PermissionRequest = {
      ...defined(req),
      state: 'pending',
      history: [...req.history, { at, what: 'filed', by: req.filedBy }],
      updatedAt: at,
    };
    let superseded: PermissionRequest | undefined;
    for (let attempt = 0; attempt < FILE_ATTEMPTS; attempt++) {
      // No transaction (standalone servers have none): supersede, then insert. The partial unique
      // index keeps at most one pending per app; if another filer's insert lands in between,
      // ours fails with a duplicate key and the next round supersedes theirs.
      superseded = (await this.supersedePending(req)) ?? superseded;
      try {
        const created = await this.requests.create(request);
        return { request: fromDoc<PermissionRequest>(created.toObject()), superseded };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        if (await this.requests.exists({ id: req.id })) {
          throw new ConflictError(`permission request ${req.id} already exists`);
        }
      }
    }
    throw new ConflictError(`another permission request for ${req.corpId} keeps being filed; try again`);
  }

  async get(id: string): Promise<PermissionRequest | undefined> {
    const doc = await this.requests.findOne({ id }).lean<PermissionRequestDoc>();
    return doc ? fromDoc(doc) : undefined;
  }

  async list(
    filter: { suiteId?: string; corpId?: string; state?: PermissionRequestState } = {},
  ): Promise<PermissionRequest[]> {
    const docs = await this.requests.find(defined(filter)).sort({ _id: 1 }).lean<PermissionRequestDoc[]>();
    return docs.map(fromDoc);
  }
  async listWaiting(filedBefore: Date): Promise<WaitingRequest[]> {
    // The partial index of pending requests (one_pending_per_app) holds only the pending ones.
    const docs = await this.requests
      .find({
        state: 'pending',
        $or: [
          { answer: { $exists: false }, createdAt: { $lte: filedBefore } },
          { 'answer.answer': 'approve' },
        ],
      })
      .select({ _id: 0, id: 1, suiteId: 1, corpId: 1, createdAt: 1 })
      .sort({ _id: 1 })
      .lean<WaitingRequest[]>();
    return docs.map(fromDoc);
  }
  countByState(): Promise<CountedGroup<'state'>[]> {
    return countGroups(this.requests, { state: '$state' });
  }

  async answer(
    id: string,
    answer: PermissionAnswerRecord,
    nextActionAt: Date | undefined,
  ): Promise<{ answered: boolean; request?: PermissionRequest }> {
    // The filter is the rule: only a pending request nobody answered yet takes the answer.
    const { $set, $unset } = patchUpdate({ answer, nextActionAt, updatedAt: answer.at });
    const entry: HistoryEntry = {
      at: answer.at,
      what: `answered_${answer.answer}`,
      by: answer.by,
      detail: answer.via,
    };
    const doc = await this.requests
      .findOneAndUpdate(
        { id, state: 'pending', answer: { $exists: false } },
        { $set, $unset, $push: { history: entry } },
        { returnDocument: 'after', runValidators: true },
      )
      .lean<PermissionRequestDoc>();
    if (doc) return { answered: true, request: fromDoc(doc) };
    return { answered: false, request: await this.get(id) };
  }

  async settle(
    id: string,
    s: PermissionSettlement,
  ): Promise<{ settled: boolean; request?: PermissionRequest }> {
    // nextActionAt is always given (undefined clears it): the new state replaces any follow-up.
    const { $set, $unset } = patchUpdate({
      state: s.to,
      nextActionAt: s.nextActionAt,
      updatedAt: s.at,
      ...(s.evidence ? { evidence: defined(s.evidence) } : {}),
    });
    const doc = await this.requests
      .findOneAndUpdate(
        { id, state: { $in: [...s.from] } },
        { $set, $unset, $push: { history: defined(s.entry) } },
        { returnDocument: 'after', runValidators: true },
      )
      .lean<PermissionRequestDoc>();
    if (doc) return { settled: true, request: fromDoc(doc) };
    return { settled: false, request: await this.get(id) };
  }

  async update(
    id: string,
    patch: PermissionRequestPatch,
    now: Date,
    entry?: HistoryEntry,
  ): Promise<PermissionRequest | undefined> {
    const doc = await this.requests
      .findOneAndUpdate({ id }, changeUpdate(patch, now, entry), {
        returnDocument: 'after',
        runValidators: true,
      })
      .lean<PermissionRequestDoc>();
    return doc ? fromDoc(doc) : undefined;
  }

  async claimDueActions(claim: Claim): Promise<PermissionRequest[]> {
    return claimEach(
      this.requests,
      claim,
      this.leaseClock,
      { nextActionAt: { $lte: claim.now } },
      { nextActionAt: 1 },
    );
  }

  async release(
    id: string,
    owner: string,
    patch: PermissionRequestPatch,
    now: Date,
    entry?: HistoryEntry,
  ): Promise<boolean> {
    const update = changeUpdate(patch, now, entry);
    update.$unset.lease = 1;
    const result = await this.requests.updateOne({ id, 'lease.owner': owner }, update, {
      runValidators: true,
    });
    return result.matchedCount === 1;
  }

  async stopFollowUps(suiteId: string, corpId: string, now: Date): Promise<number> {
    const result = await this.requests.updateMany(
      { suiteId, corpId, nextActionAt: { $exists: true } },
      { $unset: { nextActionAt: 1 }, $set: { updatedAt: now } },
    );
    return result.modifiedCount;
  }

  async supersedeAll(suiteId: string, corpId: string, entry: HistoryEntry): Promise<PermissionRequest[]> {
    const pending = await this.requests.find({ suiteId, corpId, state: 'pending' }, { id: 1 }).lean();
    const superseded: PermissionRequest[] = [];
    for (const { id } of pending) {
      // One by one and only while still pending, so a request decided meanwhile keeps its decision.
      const doc = await this.requests
        .findOneAndUpdate(
          { id, state: 'pending' },
          {
            $set: { state: 'superseded', updatedAt: entry.at },
            $unset: { nextActionAt: 1 },
            $push: { history: defined(entry) },
          },
          { returnDocument: 'after' },
        )
        .lean<PermissionRequestDoc>();
      if (doc) superseded.push(fromDoc(doc));
    }
    return superseded;
  }

  /** Marks the app's pending request (not `req` itself) superseded by `req`; nothing follows it up. */
  private async supersedePending(req: NewPermissionRequest): Promise<PermissionRequest | undefined> {
    const at = req.createdAt;
    const entry: HistoryEntry = { at, what: 'superseded', by: req.filedBy, detail: req.id };
    const doc = await this.requests
      .findOneAndUpdate(
        { suiteId: req.suiteId, corpId: req.corpId, state: 'pending', id: { $ne: req.id } },
        {
          $set: { state: 'superseded', supersededBy: req.id, updatedAt: at },
          $unset: { nextActionAt: 1 },
          $push: { history: entry },
        },
        { returnDocument: 'after' },
      )
      .lean<PermissionRequestDoc>();
    return doc ? fromDoc(doc) : undefined;
  }
}
