import { randomBytes } from 'node:crypto';
import type { Clock } from '../../shared/clock';

export interface AdminSessions {
  /** Starts a session and returns its id, for the cookie. */
  create(): string;
  /** Whether `id` names a session that is neither revoked nor expired. */
  isValid(id: string): boolean;
  revoke(id: string): void;
}

/** Each sign-in needs the token, so this bounds memory, not an attacker's reach. */
const MAX_SESSIONS = 1000;

/**
 * Dashboard sessions held by this process. The cookie carries a random id, never the admin
 * token, so signing out or expiry ends a session for good. A restart or another instance behind
 * the same address means signing in again: a small price for a credential nothing else can replay.
 */
export function createAdminSessions(opts: { clock: Clock; ttlMs: number }): AdminSessions {
  const expiries = new Map<string, number>();
  const now = () => opts.clock.now().getTime();
  return {
    create() {
      const id = randomBytes(32).toString('base64url');
      // Insertion order is sign-in order: the oldest session makes room.
      if (expiries.size >= MAX_SESSIONS) expiries.delete(expiries.keys().next().value!);
      expiries.set(id, now() + opts.ttlMs);
      return id;
    },
    isValid(id) {
      const expiresAt = expiries.get(id);
      if (expiresAt === undefined) return false;
      if (expiresAt > now()) return true;
      expiries.delete(id);
      return false;
    },
    revoke(id) {
      expiries.delete(id);
    },
  };
}
