import type { Authorization, AuthorizationState } from '../../domain/model';
import type { AuthorizationPatch, AuthorizationStore, CountedGroup } from '../../domain/ports/stores';
import { countGroups } from './count-groups';
import { applyPatch } from './apply-patch';
import { corpKey } from './corp-key';
import { clone } from './clone';

export class MemoryAuthorizationStore implements AuthorizationStore {
  private readonly authorizations = new Map<string, Authorization>();

  async create(a: Authorization): Promise<'created' | 'exists'> {
    const key = corpKey(a.suiteId, a.corpId);
    if (this.authorizations.has(key)) return 'exists';
    this.authorizations.set(key, clone(a));
    return 'created';
  }

  async get(suiteId: string, corpId: string): Promise<Authorization | undefined> {
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
    applyPatch(stored, patch);
    if (patch.state === 'active') delete stored.cancelledAt;
    if (patch.state === 'cancelled') stored.cancelledAt = now;
    stored.updatedAt = now;
    return clone(stored);
  }

  async cancel(suiteId: string, corpId: string, now: Date): Promise<boolean> {
    const stored = this.authorizations.get(corpKey(suiteId, corpId));
    if (stored?.state !== 'active') return false;
    stored.state = 'cancelled';
    stored.cancelledAt = now;
    stored.updatedAt = now;
    return true;
  }

  async list(
    filter: { suiteId?: string; corpId?: string; state?: AuthorizationState } = {},
  ): Promise<Authorization[]> {
    const found = [...this.authorizations.values()].filter(
      (a) =>
        (filter.suiteId === undefined || a.suiteId === filter.suiteId) &&
        (filter.corpId === undefined || a.corpId === filter.corpId) &&
        (filter.state === undefined || a.state === filter.state),
    );
    return clone(found);
  }

  async countByState(): Promise<CountedGroup<'state'>[]> {
    return countGroups(this.authorizations.values(), (a) => ({ state: a.state }));
  }
}
