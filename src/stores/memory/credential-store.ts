import type { CachedToken, Lease, SuiteTicket } from '../../domain/model';
import type { CredentialStore } from '../../domain/ports/stores';
import { isLeaseLive } from './claim-due';
import { clone } from './clone';

export class MemoryCredentialStore implements CredentialStore {
  private readonly tickets = new Map<string, SuiteTicket>();
  private readonly tokens = new Map<string, CachedToken>();
  /** Kept apart from the tokens, so invalidating a token does not drop a refresher's lease. */
  private readonly tokenLeases = new Map<string, Lease>();

  async saveSuiteTicket(t: SuiteTicket): Promise<boolean> {
    const stored = this.tickets.get(t.suiteId);
    // WeCom pushes a ticket every 10 minutes and retries; a late retry must not roll it back.
    if (stored && stored.timestamp >= t.timestamp) return false;
    this.tickets.set(t.suiteId, clone(t));
    return true;
  }

  async getSuiteTicket(suiteId: string): Promise<SuiteTicket | undefined> {
    return clone(this.tickets.get(suiteId));
  }

  async getToken(key: string): Promise<CachedToken | undefined> {
    return clone(this.tokens.get(key));
  }

  async putToken(t: CachedToken): Promise<boolean> {
    const stored = this.tokens.get(t.key);
    if (stored && stored.fetchedAt.getTime() >= t.fetchedAt.getTime()) return false;
    this.tokens.set(t.key, clone(t));
    return true;
  }

  async invalidateToken(key: string, token: string): Promise<void> {
    if (this.tokens.get(key)?.token === token) this.tokens.delete(key);
  }

  async acquireTokenLease(key: string, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    const lease = this.tokenLeases.get(key);
    if (lease && lease.owner !== owner && isLeaseLive(lease, now)) return false;
    this.tokenLeases.set(key, { owner, until: new Date(now.getTime() + leaseMs) });
    return true;
  }

  async releaseTokenLease(key: string, owner: string): Promise<void> {
    if (this.tokenLeases.get(key)?.owner === owner) this.tokenLeases.delete(key);
  }
}
