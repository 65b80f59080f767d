import type { Authorization, AuthorizationState } from '../../domain/model';
import type { AuthorizationPatch, AuthorizationStore, CountedGroup } from '../../domain/ports/stores';
import { applyPatch } from './apply-patch';
import { CorpIndex } from './corp-index';
import { corpKey } from './corp-key';
import { clone } from './clone';
import { OrderedKeys } from './ordered-keys';
import { RunningCounts } from './running-counts';

export class MemoryAuthorizationStore implements AuthorizationStore {
  private readonly authorizations = new Map<string, Authorization>();
  private readonly byCorp = new CorpIndex<string>();
  private readonly counts = new RunningCounts<Authorization, 'state'>((a) => ({ state: a.state }));
  /** The provider's test enterprises' authorizations: few, and the overview leaves them out. */
  private readonly test = new Set<string>();
  /** Authorizations with no app admin known: few, and each needs a person. */
  private readonly withoutAdmins = new Set<Authorization>();
  /** Newest first (createdAt descending, then corp and template id), as the support lists show them. */
  private readonly newest = new OrderedKeys<string>();

  async create(a: Authorization): Promise<'created' | 'exists'> {
    const key = corpKey(a.suiteId, a.corpId);
    if (this.authorizations.has(key)) return 'exists';
    const stored = clone(a);
    this.authorizations.set(key, stored);
    this.byCorp.add(a.corpId, key);
    this.newest.set(key, -a.createdAt.getTime(), `${a.corpId}\n${a.suiteId}`);
    this.index(key, stored);
    return 'created';
  }

  async get(suiteId: string, corpId: string): Promise<Authorization | undefined> {
    return this.peek(suiteId, corpId);
  }

  /** The record for the adapter's own running counts: read in place, not a read through the port. */
  peek(suiteId: string, corpId: string): Authorization | undefined {
    return clone(this.authorizations.get(corpKey(suiteId, corpId)));
  }

  async update(
    suiteId: string,
    corpId: string,
    patch: AuthorizationPatch,
    now: Date,
  ): Promise<Authorization | undefined> {
    const stored = this.authorizations.get(corpKey(suiteId, corpId));
    if (!stored) return undefined;
    this.counts.remove(stored);
    applyPatch(stored, patch);
    if (patch.state === 'active') delete stored.cancelledAt;
    if (patch.state === 'cancelled') stored.cancelledAt = now;
    stored.updatedAt = now;
    this.index(corpKey(suiteId, corpId), stored);
    return clone(stored);
  }

  async cancel(suiteId: string, corpId: string, now: Date): Promise<boolean> {
    const stored = this.authorizations.get(corpKey(suiteId, corpId));
    if (stored?.state !== 'active') return false;
    this.counts.remove(stored);
    stored.state = 'cancelled';
    this.counts.add(stored);
    stored.cancelledAt = now;
    stored.updatedAt = now;
    return true;
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
    const scope =
      filter.corpId !== undefined
        ? this.byCorp.keysOf(filter.corpId).map((k) => this.authorizations.get(k)!)
        : filter.test === true
          ? [...this.test].map((k) => this.authorizations.get(k)!)
          : filter.withoutAdmins === true
            ? [...this.withoutAdmins]
            : filter.state !== undefined
              ? this.counts.members('state', filter.state)
              : [...this.authorizations.values()];
    const found = scope.filter(
      (a) =>
        (filter.suiteId === undefined || a.suiteId === filter.suiteId) &&
        (filter.state === undefined || a.state === filter.state) &&
        (filter.test === undefined || (a.test === true) === filter.test) &&
        (filter.withoutAdmins === undefined || (a.admins.length === 0) === filter.withoutAdmins),
    );
    return clone(found);
  }

  async *newestFirst(): AsyncIterable<Authorization> {
    for (const key of this.newest.keys()) {
      const a = this.authorizations.get(key);
      if (a) yield clone(a);
    }
  }

  async countByState(): Promise<CountedGroup<'state'>[]> {
    return this.counts.groups();
  }

  private index(key: string, a: Authorization): void {
    this.counts.add(a);
    if (a.admins.length === 0) this.withoutAdmins.add(a);
    else this.withoutAdmins.delete(a);
    if (a.test === true) this.test.add(key);
    else this.test.delete(key);
  }
}
