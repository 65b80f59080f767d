import { ConflictError } from '../../shared/errors';
import type {
  HistoryEntry,
  PermissionAnswerRecord,
  PermissionRequest,
  PermissionRequestState,
} from '../../domain/model';
import type {
  Claim,
  CountedGroup,
  NewPermissionRequest,
  PermissionRequestPatch,
  PermissionSettlement,
  PermissionRequestStore,
  WaitingRequest,
} from '../../domain/ports/stores';
import { applyPatch } from './apply-patch';
import { isLeaseLive } from './claim-due';
import { CorpIndex } from './corp-index';
import { corpKey } from './corp-key';
import { clone } from './clone';
import { DueQueue } from './due-queue';
import { RunningCounts } from './running-counts';

export class MemoryPermissionRequestStore implements PermissionRequestStore {
  private readonly requests = new Map<string, PermissionRequest>();
  private readonly byCorp = new CorpIndex<string>();
  private readonly counts = new RunningCounts<PermissionRequest, 'state'>((r) => ({ state: r.state }));
  /** The pending request of each app (at most one), by corpKey. */
  private readonly pending = new Map<string, PermissionRequest>();
  /** Requests with a follow-up planned, by when. */
  private readonly followUps = new DueQueue<PermissionRequest>();
  /** Pending and unanswered, by when filed: the ones waited on longest are read, not every one. */
  private readonly unanswered = new DueQueue<PermissionRequest>();
  /** Pending and approved, not yet in effect. */
  private readonly approvedPending = new Set<PermissionRequest>();

  async file(
    req: NewPermissionRequest,
  ): Promise<{ request: PermissionRequest; superseded?: PermissionRequest }> {
    if (this.requests.has(req.id)) throw new ConflictError(`permission request ${req.id} already exists`);
    const at = req.createdAt;
    const pending = this.pending.get(corpKey(req.suiteId, req.corpId));
    if (pending) {
      this.unindex(pending);
      pending.state = 'superseded';
      pending.supersededBy = req.id;
      delete pending.nextActionAt;
      pending.history.push({ at, what: 'superseded', by: req.filedBy, detail: req.id });
      pending.updatedAt = at;
      this.index(pending);
    }
    const request: PermissionRequest = {
      ...clone(req),
      state: 'pending',
      updatedAt: at,
    };
    request.history.push({ at, what: 'filed', by: req.filedBy });
    this.requests.set(request.id, request);
    this.byCorp.add(request.corpId, request.id);
    this.index(request);
    return { request: clone(request), superseded: clone(pending) };
  }

  async get(id: string): Promise<PermissionRequest | undefined> {
    return clone(this.requests.get(id));
  }

  async list(
    filter: { suiteId?: string; corpId?: string; state?: PermissionRequestState } = {},
  ): Promise<PermissionRequest[]> {
    const scope =
      filter.corpId !== undefined
        ? this.byCorp.keysOf(filter.corpId).map((id) => this.requests.get(id)!)
        : filter.state === 'pending'
          ? [...this.pending.values()]
          : filter.state !== undefined
            ? this.counts.members('state', filter.state)
            : [...this.requests.values()];
    const found = scope.filter(
      (r) =>
        (filter.suiteId === undefined || r.suiteId === filter.suiteId) &&
        (filter.corpId === undefined || r.corpId === filter.corpId) &&
        (filter.state === undefined || r.state === filter.state),
    );
    return clone(found);
  }
  async listWaiting(filedBefore: Date): Promise<WaitingRequest[]> {
    const waiting = [...this.unanswered.due(filedBefore, Infinity, () => true), ...this.approvedPending];
    return waiting.map(({ id, suiteId, corpId, createdAt }) => ({
      id,
      suiteId,
      corpId,
      createdAt: new Date(createdAt),
    }));
  }
  async countByState(): Promise<CountedGroup<'state'>[]> {
    return this.counts.groups();
  }

  async answer(
    id: string,
    answer: PermissionAnswerRecord,
    nextActionAt: Date | undefined,
  ): Promise<{ answered: boolean; request?: PermissionRequest }> {
    const stored = this.requests.get(id);
    if (stored?.state !== 'pending' || stored.answer) return { answered: false, request: clone(stored) };
    this.unindex(stored);
    stored.answer = clone(answer);
    applyPatch(stored, { nextActionAt });
    this.index(stored);
    stored.history.push({
      at: answer.at,
      what: `answered_${answer.answer}`,
      by: answer.by,
      detail: answer.via,
    });
    stored.updatedAt = answer.at;
    return { answered: true, request: clone(stored) };
  }

  async settle(
    id: string,
    s: PermissionSettlement,
  ): Promise<{ settled: boolean; request?: PermissionRequest }> {
    const stored = this.requests.get(id);
    if (!stored || !s.from.includes(stored.state)) return { settled: false, request: clone(stored) };
    this.unindex(stored);
    stored.state = s.to;
    if (s.evidence) stored.evidence = clone(s.evidence);
    applyPatch(stored, { nextActionAt: s.nextActionAt });
    this.index(stored);
    stored.history.push(clone(s.entry));
    stored.updatedAt = s.at;
    return { settled: true, request: clone(stored) };
  }

  async update(
    id: string,
    patch: PermissionRequestPatch,
    now: Date,
    entry?: HistoryEntry,
  ): Promise<PermissionRequest | undefined> {
    const stored = this.requests.get(id);
    if (!stored) return undefined;
    this.change(stored, patch, now, entry);
    return clone(stored);
  }

  async claimDueActions(claim: Claim): Promise<PermissionRequest[]> {
    const now = claim.now.getTime();
    const taken = this.followUps.due(claim.now, claim.limit, (r) => !isLeaseLive(r.lease, claim.now));
    for (const r of taken) r.lease = { owner: claim.owner, until: new Date(now + claim.leaseMs) };
    return clone(taken);
  }

  async release(
    id: string,
    owner: string,
    patch: PermissionRequestPatch,
    now: Date,
    entry?: HistoryEntry,
  ): Promise<boolean> {
    const stored = this.requests.get(id);
    if (stored?.lease?.owner !== owner) return false;
    delete stored.lease;
    this.change(stored, patch, now, entry);
    return true;
  }

  async stopFollowUps(suiteId: string, corpId: string, now: Date): Promise<number> {
    let stopped = 0;
    for (const id of this.byCorp.keysOf(corpId)) {
      const r = this.requests.get(id)!;
      if (r.suiteId !== suiteId || r.nextActionAt === undefined) continue;
      delete r.nextActionAt;
      this.followUps.delete(r);
      r.updatedAt = now;
      stopped += 1;
    }
    return stopped;
  }

  async supersedeAll(suiteId: string, corpId: string, entry: HistoryEntry): Promise<PermissionRequest[]> {
    const superseded: PermissionRequest[] = [];
    for (const id of this.byCorp.keysOf(corpId)) {
      const r = this.requests.get(id)!;
      if (r.suiteId !== suiteId || r.state !== 'pending') continue;
      this.unindex(r);
      r.state = 'superseded';
      delete r.nextActionAt;
      this.index(r);
      this.change(r, {}, entry.at, entry);
      superseded.push(clone(r));
    }
    return superseded;
  }

  private change(
    stored: PermissionRequest,
    patch: PermissionRequestPatch,
    now: Date,
    entry: HistoryEntry | undefined,
  ): void {
    this.unindex(stored);
    applyPatch(stored, patch);
    if (entry) stored.history.push(clone(entry));
    stored.updatedAt = now;
    this.index(stored);
  }

  /** The counts, the pending indexes and the follow-up queue follow the stored request. */
  private index(r: PermissionRequest): void {
    this.counts.add(r);
    if (r.state === 'pending') {
      this.pending.set(corpKey(r.suiteId, r.corpId), r);
      if (!r.answer) this.unanswered.set(r, r.createdAt);
      else if (r.answer.answer === 'approve') this.approvedPending.add(r);
    }
    if (r.nextActionAt) this.followUps.set(r, r.nextActionAt);
    else this.followUps.delete(r);
  }

  private unindex(r: PermissionRequest): void {
    this.counts.remove(r);
    const key = corpKey(r.suiteId, r.corpId);
    if (this.pending.get(key) === r) this.pending.delete(key);
    this.unanswered.delete(r);
    this.approvedPending.delete(r);
  }
}
