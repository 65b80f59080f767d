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
} from '../../domain/ports/stores';
import { applyPatch } from './apply-patch';
import { claimDue } from './claim-due';
import { countGroups } from './count-groups';
import { clone } from './clone';

export class MemoryPermissionRequestStore implements PermissionRequestStore {
  private readonly requests = new Map<string, PermissionRequest>();

  async file(
    req: NewPermissionRequest,
  ): Promise<{ request: PermissionRequest; superseded?: PermissionRequest }> {
    if (this.requests.has(req.id)) throw new ConflictError(`permission request ${req.id} already exists`);
    const at = req.createdAt;
    const pending = this.findPending(req.suiteId, req.corpId);
    if (pending) {
      pending.state = 'superseded';
      pending.supersededBy = req.id;
      delete pending.nextActionAt;
      pending.history.push({ at, what: 'superseded', by: req.filedBy, detail: req.id });
      pending.updatedAt = at;
    }
    const request: PermissionRequest = {
      ...clone(req),
      state: 'pending',
      updatedAt: at,
    };
    request.history.push({ at, what: 'filed', by: req.filedBy });
    this.requests.set(request.id, request);
    return { request: clone(request), superseded: clone(pending) };
  }

  async get(id: string): Promise<PermissionRequest | undefined> {
    return clone(this.requests.get(id));
  }

  async list(
    filter: { suiteId?: string; corpId?: string; state?: PermissionRequestState } = {},
  ): Promise<PermissionRequest[]> {
    const found = [...this.requests.values()].filter(
      (r) =>
        (filter.suiteId === undefined || r.suiteId === filter.suiteId) &&
        (filter.corpId === undefined || r.corpId === filter.corpId) &&
        (filter.state === undefined || r.state === filter.state),
    );
    return clone(found);
  }
  async countByState(): Promise<CountedGroup<'state'>[]> {
    return countGroups(this.requests.values(), (r) => ({ state: r.state }));
  }

  async answer(
    id: string,
    answer: PermissionAnswerRecord,
    nextActionAt: Date | undefined,
  ): Promise<{ answered: boolean; request?: PermissionRequest }> {
    const stored = this.requests.get(id);
    if (stored?.state !== 'pending' || stored.answer) return { answered: false, request: clone(stored) };
    stored.answer = clone(answer);
    applyPatch(stored, { nextActionAt });
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
    stored.state = s.to;
    if (s.evidence) stored.evidence = clone(s.evidence);
    applyPatch(stored, { nextActionAt: s.nextActionAt });
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
    return clone(claimDue(this.requests.values(), claim, (r) => r.nextActionAt));
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
    for (const r of this.requests.values()) {
      if (r.suiteId !== suiteId || r.corpId !== corpId || r.nextActionAt === undefined) continue;
      delete r.nextActionAt;
      r.updatedAt = now;
      stopped += 1;
    }
    return stopped;
  }

  async supersedeAll(suiteId: string, corpId: string, entry: HistoryEntry): Promise<PermissionRequest[]> {
    const superseded: PermissionRequest[] = [];
    for (const r of this.requests.values()) {
      if (r.suiteId !== suiteId || r.corpId !== corpId || r.state !== 'pending') continue;
      r.state = 'superseded';
      delete r.nextActionAt;
      this.change(r, {}, entry.at, entry);
      superseded.push(clone(r));
    }
    return superseded;
  }

  private findPending(suiteId: string, corpId: string): PermissionRequest | undefined {
    for (const r of this.requests.values()) {
      if (r.suiteId === suiteId && r.corpId === corpId && r.state === 'pending') return r;
    }
    return undefined;
  }

  private change(
    stored: PermissionRequest,
    patch: PermissionRequestPatch,
    now: Date,
    entry: HistoryEntry | undefined,
  ): void {
    applyPatch(stored, patch);
    if (entry) stored.history.push(clone(entry));
    stored.updatedAt = now;
  }
}
