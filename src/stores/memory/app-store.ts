import type { App, AppStatus, PreviousApp } from '../../domain/model';
import type { AppPatch, AppStore, Claim, CountedGroup } from '../../domain/ports/stores';
import { applyPatch } from './apply-patch';
import { isLeaseLive } from './claim-due';
import { CorpIndex } from './corp-index';
import { corpKey } from './corp-key';
import { clone } from './clone';
import { DueQueue } from './due-queue';
import { RunningCounts } from './running-counts';

export class MemoryAppStore implements AppStore {
  private readonly apps = new Map<string, App>();
  private readonly byCorp = new CorpIndex<string>();
  private readonly counts = new RunningCounts<App, 'suiteId' | 'status'>((a) => ({
    suiteId: a.suiteId,
    status: a.status,
  }));
  /** Apps the enterprise's admin disabled (停用): few, and each needs a person. */
  private readonly closed = new Set<App>();
  /** Apps with a poll planned, by when. */
  private readonly polls = new DueQueue<App>();

  async create(app: App): Promise<'created' | 'exists'> {
    const key = corpKey(app.suiteId, app.corpId);
    if (this.apps.has(key)) return 'exists';
    const stored = clone(app);
    this.apps.set(key, stored);
    this.byCorp.add(app.corpId, key);
    this.index(stored);
    return 'created';
  }

  async get(suiteId: string, corpId: string): Promise<App | undefined> {
    return this.peek(suiteId, corpId);
  }

  /** The record for the adapter's own running counts: read in place, not a read through the port. */
  peek(suiteId: string, corpId: string): App | undefined {
    return clone(this.apps.get(corpKey(suiteId, corpId)));
  }

  async list(
    filter: { suiteId?: string; corpId?: string; status?: AppStatus; closed?: boolean } = {},
  ): Promise<App[]> {
    const scope =
      filter.corpId !== undefined
        ? this.byCorp.keysOf(filter.corpId).map((k) => this.apps.get(k)!)
        : filter.status !== undefined
          ? this.counts.members('status', filter.status)
          : filter.closed === true
            ? [...this.closed]
            : [...this.apps.values()];
    const found = scope.filter(
      (a) =>
        (filter.suiteId === undefined || a.suiteId === filter.suiteId) &&
        (filter.corpId === undefined || a.corpId === filter.corpId) &&
        (filter.status === undefined || a.status === filter.status) &&
        (filter.closed === undefined || a.closed === filter.closed),
    );
    return clone(found);
  }
  async countByTemplateAndStatus(): Promise<CountedGroup<'suiteId' | 'status'>[]> {
    return this.counts.groups();
  }

  async countCorps(): Promise<number> {
    return this.byCorp.corps;
  }

  async transition(
    suiteId: string,
    corpId: string,
    from: readonly AppStatus[],
    to: AppStatus,
    by: string,
    now: Date,
  ): Promise<App | undefined> {
    const stored = this.apps.get(corpKey(suiteId, corpId));
    if (!stored || !from.includes(stored.status)) return undefined;
    stored.statusHistory.push({ from: stored.status, to, at: now, by });
    this.counts.remove(stored);
    stored.status = to;
    this.index(stored);
    if (to === 'enabled' && !stored.enabledAt) stored.enabledAt = now;
    stored.updatedAt = now;
    return clone(stored);
  }

  async update(suiteId: string, corpId: string, patch: AppPatch, now: Date): Promise<App | undefined> {
    const stored = this.apps.get(corpKey(suiteId, corpId));
    if (!stored) return undefined;
    this.counts.remove(stored);
    applyPatch(stored, patch);
    stored.updatedAt = now;
    this.index(stored);
    return clone(stored);
  }

  async replace(app: Omit<App, 'previousApps' | 'lease'>, previous: PreviousApp): Promise<App | undefined> {
    const key = corpKey(app.suiteId, app.corpId);
    const stored = this.apps.get(key);
    if (!stored) return undefined;
    const replaced: App = { ...clone(app), previousApps: [...(stored.previousApps ?? []), clone(previous)] };
    this.counts.remove(stored);
    this.polls.delete(stored);
    this.closed.delete(stored);
    this.apps.set(key, replaced);
    this.index(replaced);
    return clone(replaced);
  }

  async claimDuePolls(claim: Claim): Promise<App[]> {
    const now = claim.now.getTime();
    const taken = this.polls.due(claim.now, claim.limit, (a) => !isLeaseLive(a.lease, claim.now));
    for (const a of taken) a.lease = { owner: claim.owner, until: new Date(now + claim.leaseMs) };
    return clone(taken);
  }

  async releasePoll(
    suiteId: string,
    corpId: string,
    owner: string,
    nextPollAt: Date | undefined,
  ): Promise<boolean> {
    const stored = this.apps.get(corpKey(suiteId, corpId));
    if (stored?.lease?.owner !== owner) return false;
    delete stored.lease;
    this.counts.remove(stored);
    applyPatch(stored, { nextPollAt });
    this.index(stored);
    return true;
  }

  /** The counts and the poll queue follow the stored app (its counts were taken out first). */
  private index(a: App): void {
    this.counts.add(a);
    if (a.closed) this.closed.add(a);
    else this.closed.delete(a);
    if (a.nextPollAt) this.polls.set(a, a.nextPollAt);
    else this.polls.delete(a);
  }
}
