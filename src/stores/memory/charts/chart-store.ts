import type { OutboxMessage, PermissionRequest, PermissionRequestState } from '../../../domain/model';
import type { ChartStore, FunnelCount, MessageOutcomes } from '../../../domain/ports/chart-store';
import type { MemoryAppStore } from '../app-store';
import type { MemoryAuthorizationStore } from '../authorization-store';
import type { MemoryRolloutStore } from '../rollout-store';
import { corpKey } from '../corp-key';
import { AppTally } from './app-tally';
import { SlotTally } from './slot-tally';

const REQUEST_STATES: readonly PermissionRequestState[] = ['pending', 'granted', 'declined', 'superseded'];

/** The memory stores the counts are read back from, in place. */
interface Sources {
  authorizations: Pick<MemoryAuthorizationStore, 'peek'>;
  apps: Pick<MemoryAppStore, 'peek'>;
  rollouts: Pick<MemoryRolloutStore, 'peek'>;
}

/**
 * The memory adapter's charts: running counts that the stores' writes keep up to date (see
 * feed-charts.ts), so a chart costs the same with a thousand enterprises or a hundred thousand.
 */
export class MemoryChartStore implements ChartStore {
  private readonly apps = new AppTally();
  private readonly requests = new SlotTally<PermissionRequestState>(REQUEST_STATES);
  private readonly messages = new SlotTally<keyof MessageOutcomes>(['sent', 'failed']);
  /** The test authorizations of each enterprise: an enterprise with one is left out of every chart. */
  private readonly testSuites = new Map<string, Set<string>>();

  constructor(private readonly sources: Sources) {}

  /** After any write to an authorization, app or rollout of this template and enterprise. */
  refresh(suiteId: string, corpId: string): void {
    const auth = this.sources.authorizations.peek(suiteId, corpId);
    const app = this.sources.apps.peek(suiteId, corpId);
    const rollout = this.sources.rollouts.peek(suiteId, corpId);
    this.apps.refresh(corpKey(suiteId, corpId), auth, app, rollout);
    const suites = this.testSuites.get(corpId) ?? new Set<string>();
    if (auth?.test) suites.add(suiteId);
    else suites.delete(suiteId);
    // Only test enterprises are kept: a customer's empty set would be one per enterprise for nothing.
    if (suites.size > 0) this.testSuites.set(corpId, suites);
    else this.testSuites.delete(corpId);
    this.requests.markTest(corpId, suites.size > 0);
    this.messages.markTest(corpId, suites.size > 0);
  }

  request(r: PermissionRequest): void {
    this.requests.set(r.id, r.corpId, r.createdAt, r.state);
  }

  message(m: OutboxMessage): void {
    if (!m.corpId) return;
    if (m.status === 'sent') this.messages.set(m.id, m.corpId, m.sentAt ?? m.updatedAt, 'sent');
    if (m.status === 'failed') this.messages.set(m.id, m.corpId, m.updatedAt, 'failed');
  }

  /** The outbox forgot finished messages last updated before this (a sent or failed one's last update is its outcome). */
  messagesPurged(before: Date): void {
    this.messages.forgetBefore(before);
  }

  async funnel(now: Date): Promise<FunnelCount[]> {
    return this.apps.funnel(now);
  }

  async daysToEnabled(): Promise<{ days: number; count: number }[]> {
    return this.apps.daysToEnabled();
  }

  async requestOutcomes(since: Date, until: Date): Promise<Record<PermissionRequestState, number>> {
    return this.requests.sum(since, until);
  }

  async messageOutcomes(bounds: readonly Date[]): Promise<MessageOutcomes[]> {
    return bounds.slice(1).map((until, i) => this.messages.sum(bounds[i]!, until));
  }
}
