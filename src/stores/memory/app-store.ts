import type { App, AppStatus, PreviousApp } from '../../domain/model';
import type { AppPatch, AppStore, Claim, CountedGroup } from '../../domain/ports/stores';
import { countGroups } from './count-groups';
import { applyPatch } from './apply-patch';
import { claimDue } from './claim-due';
import { corpKey } from './corp-key';
import { clone } from './clone';

export class MemoryAppStore implements AppStore {
  private readonly apps = new Map<string, App>();

  async create(app: App): Promise<'created' | 'exists'> {
    const key = corpKey(app.suiteId, app.corpId);
    if (this.apps.has(key)) return 'exists';
    this.apps.set(key, clone(app));
    return 'created';
  }

  async get(suiteId: string, corpId: string): Promise<App | undefined> {
    return clone(this.apps.get(corpKey(suiteId, corpId)));
  }

  async list(filter: { suiteId?: string; corpId?: string; status?: AppStatus } = {}): Promise<App[]> {
    const found = [...this.apps.values()].filter(
      (a) =>
        (filter.suiteId === undefined || a.suiteId === filter.suiteId) &&
        (filter.corpId === undefined || a.corpId === filter.corpId) &&
        (filter.status === undefined || a.status === filter.status),
    );
    return clone(found);
  }
  async countByTemplateAndStatus(): Promise<CountedGroup<'suiteId' | 'status'>[]> {
    return countGroups(this.apps.values(), (a) => ({ suiteId: a.suiteId, status: a.status }));
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
    stored.status = to;
    if (to === 'enabled' && !stored.enabledAt) stored.enabledAt = now;
    stored.updatedAt = now;
    return clone(stored);
  }

  async update(suiteId: string, corpId: string, patch: AppPatch, now: Date): Promise<App | undefined> {
    const stored = this.apps.get(corpKey(suiteId, corpId));
    if (!stored) return undefined;
    applyPatch(stored, patch);
    stored.updatedAt = now;
    return clone(stored);
  }

  async replace(app: Omit<App, 'previousApps' | 'lease'>, previous: PreviousApp): Promise<App | undefined> {
    const key = corpKey(app.suiteId, app.corpId);
    const stored = this.apps.get(key);
    if (!stored) return undefined;
    const replaced: App = { ...clone(app), previousApps: [...(stored.previousApps ?? []), clone(previous)] };
    this.apps.set(key, replaced);
    return clone(replaced);
  }

  async claimDuePolls(claim: Claim): Promise<App[]> {
    return clone(claimDue(this.apps.values(), claim, (a) => a.nextPollAt));
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
    applyPatch(stored, { nextPollAt });
    return true;
  }
}
