import type { HistoryEntry, Rollout, RolloutState } from '../../domain/model';
import { stuckAfter } from '../../domain/rollout/is-stuck';
import type {
  Claim,
  CountedGroup,
  RolloutCondition,
  RolloutPatch,
  RolloutStore,
} from '../../domain/ports/stores';
import { applyPatch } from './apply-patch';
import { isLeaseLive } from './claim-due';
import { CorpIndex } from './corp-index';
import { corpKey } from './corp-key';
import { clone } from './clone';
import { DueQueue } from './due-queue';
import { OrderedKeys } from './ordered-keys';
import { RunningCounts } from './running-counts';

const reachOf = (r: Rollout): string => (r.stageIndex >= 0 && r.plan[r.stageIndex]?.reach) || 'none';

export class MemoryRolloutStore implements RolloutStore {
  private readonly rollouts = new Map<string, Rollout>();
  private readonly byCorp = new CorpIndex<string>();
  private readonly counts = new RunningCounts<Rollout, 'reach' | 'state'>((r) => ({
    reach: reachOf(r),
    state: r.state,
  }));
  /** Active rollouts by when they would count as stuck. */
  private readonly stuckOrder = new OrderedKeys<Rollout>();
  /** Active rollouts by their next reminder. */
  private readonly due = new DueQueue<Rollout>();

  async create(r: Rollout): Promise<'created' | 'exists'> {
    const key = corpKey(r.suiteId, r.corpId);
    if (this.rollouts.has(key)) return 'exists';
    const stored = clone(r);
    this.rollouts.set(key, stored);
    this.byCorp.add(r.corpId, key);
    this.index(stored);
    return 'created';
  }

  async get(suiteId: string, corpId: string): Promise<Rollout | undefined> {
    return this.peek(suiteId, corpId);
  }

  /** The record for the adapter's own running counts: read in place, not a read through the port. */
  peek(suiteId: string, corpId: string): Rollout | undefined {
    return clone(this.rollouts.get(corpKey(suiteId, corpId)));
  }

  async list(filter: { suiteId?: string; corpId?: string; state?: RolloutState } = {}): Promise<Rollout[]> {
    const scope =
      filter.corpId !== undefined
        ? this.byCorp.keysOf(filter.corpId).map((k) => this.rollouts.get(k)!)
        : filter.state !== undefined
          ? this.counts.members('state', filter.state)
          : [...this.rollouts.values()];
    const found = scope.filter(
      (r) =>
        (filter.suiteId === undefined || r.suiteId === filter.suiteId) &&
        (filter.corpId === undefined || r.corpId === filter.corpId) &&
        (filter.state === undefined || r.state === filter.state),
    );
    return clone(found);
  }
  async countByStageAndState(): Promise<CountedGroup<'reach' | 'state'>[]> {
    return this.counts.groups();
  }

  async countStuck(now: Date): Promise<number> {
    const escalated = this.counts
      .groups()
      .filter((g) => g.group.state === 'escalated')
      .reduce((sum, g) => sum + g.count, 0);
    // stuckAfter is the last moment not yet stuck: those strictly before now are stuck.
    return escalated + this.stuckOrder.countBefore(now.getTime());
  }

  async listStuck(now: Date): Promise<Rollout[]> {
    const overdue = [...this.stuckOrder.keys(now.getTime())];
    return clone([...this.counts.members('state', 'escalated'), ...overdue]);
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
    const now = claim.now.getTime();
    const taken = this.due.due(claim.now, claim.limit, (r) => !isLeaseLive(r.lease, claim.now));
    for (const r of taken) r.lease = { owner: claim.owner, until: new Date(now + claim.leaseMs) };
    return clone(taken);
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
    this.counts.remove(stored);
    applyPatch(stored, patch);
    if (entry) stored.history.push(clone(entry));
    stored.updatedAt = now;
    this.index(stored);
  }

  /** Every ordered structure and count follows the stored rollout (its counts were taken out first). */
  private index(r: Rollout): void {
    this.counts.add(r);
    this.stuckOrder.set(r, stuckAfter(r));
    if (r.state === 'active' && r.nextReminderAt) this.due.set(r, r.nextReminderAt);
    else this.due.delete(r);
  }
}
