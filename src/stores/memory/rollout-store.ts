import type { HistoryEntry, Rollout, RolloutState } from '../../domain/model';
import { isStuck } from '../../domain/rollout/is-stuck';
import type {
  Claim,
  CountedGroup,
  RolloutCondition,
  RolloutPatch,
  RolloutStore,
} from '../../domain/ports/stores';
import { applyPatch } from './apply-patch';
import { claimDue } from './claim-due';
import { countGroups } from './count-groups';
import { corpKey } from './corp-key';
import { clone } from './clone';

export class MemoryRolloutStore implements RolloutStore {
  private readonly rollouts = new Map<string, Rollout>();

  async create(r: Rollout): Promise<'created' | 'exists'> {
    const key = corpKey(r.suiteId, r.corpId);
    if (this.rollouts.has(key)) return 'exists';
    this.rollouts.set(key, clone(r));
    return 'created';
  }

  async get(suiteId: string, corpId: string): Promise<Rollout | undefined> {
    return clone(this.rollouts.get(corpKey(suiteId, corpId)));
  }

  async list(filter: { suiteId?: string; corpId?: string; state?: RolloutState } = {}): Promise<Rollout[]> {
    const found = [...this.rollouts.values()].filter(
      (r) =>
        (filter.suiteId === undefined || r.suiteId === filter.suiteId) &&
        (filter.corpId === undefined || r.corpId === filter.corpId) &&
        (filter.state === undefined || r.state === filter.state),
    );
    return clone(found);
  }
  async countByStageAndState(): Promise<CountedGroup<'reach' | 'state'>[]> {
    return countGroups(this.rollouts.values(), (r) => ({
      reach: (r.stageIndex >= 0 && r.plan[r.stageIndex]?.reach) || 'none',
      state: r.state,
    }));
  }

  async countStuck(now: Date): Promise<number> {
    let stuck = 0;
    for (const r of this.rollouts.values()) if (isStuck(r, now)) stuck += 1;
    return stuck;
  }

  async update(
    suiteId: string,
    corpId: string,
    patch: RolloutPatch,
    now: Date,
    opts: RolloutCondition & { entry?: HistoryEntry } = {},
  ): Promise<Rollout | undefined> {
    const stored = this.rollouts.get(corpKey(suiteId, corpId));
    if (!stored || (opts.ifState && !opts.ifState.includes(stored.state))) return undefined;
    if (opts.ifQuestionOpen !== undefined && stored.lastAnswer?.question === opts.ifQuestionOpen)
      return undefined;
    this.change(stored, patch, now, opts.entry);
    return clone(stored);
  }

  async claimDue(claim: Claim): Promise<Rollout[]> {
    const due = claimDue(this.rollouts.values(), claim, (r) =>
      r.state === 'active' ? r.nextReminderAt : undefined,
    );
    return clone(due);
  }

  async release(
    suiteId: string,
    corpId: string,
    owner: string,
    patch: RolloutPatch,
    now: Date,
    entry?: HistoryEntry,
  ): Promise<boolean> {
    const stored = this.rollouts.get(corpKey(suiteId, corpId));
    if (stored?.lease?.owner !== owner) return false;
    delete stored.lease;
    this.change(stored, patch, now, entry);
    return true;
  }

  private change(stored: Rollout, patch: RolloutPatch, now: Date, entry: HistoryEntry | undefined): void {
    applyPatch(stored, patch);
    if (entry) stored.history.push(clone(entry));
    stored.updatedAt = now;
  }
}
