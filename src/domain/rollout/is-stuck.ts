import { DAY, HOUR } from '../../shared/clock';
import type { Rollout } from '../model';

/** An active rollout whose last step is older than this has stopped moving. */
export const STUCK_WITHOUT_PROGRESS_MS = 30 * DAY;
/** A reminder this late means no scheduler is claiming it. */
export const STUCK_OVERDUE_MS = HOUR;

/** History steps that count as progress (the mongo store counts stuck rollouts with them too). */
export const PROGRESS_STEPS: readonly string[] = [
  'started',
  'advanced',
  'completed',
  'resumed',
  'restarted',
  'reopened',
  'plan_set',
];
const PROGRESS = new Set(PROGRESS_STEPS);

/**
 * For support filters: escalated, or active without progress for a long time, or active with a
 * reminder long overdue. Paused, completed and cancelled rollouts are where someone left them.
 */
export function isStuck(r: Rollout, now: Date): boolean {
  if (r.state === 'escalated') return true;
  const from = stuckAfter(r);
  return from !== undefined && now.getTime() > from;
}

/**
 * The moment after which an active rollout counts as stuck unless it changes first (undefined for
 * any other state): stores keep rollouts ordered by it, so counting the stuck is a search, not a scan.
 */
export function stuckAfter(r: Rollout): number | undefined {
  if (r.state !== 'active') return undefined;
  const progressAt = r.history.filter((h) => PROGRESS.has(h.what)).at(-1)?.at ?? r.createdAt;
  const idle = progressAt.getTime() + STUCK_WITHOUT_PROGRESS_MS;
  return r.nextReminderAt ? Math.min(idle, r.nextReminderAt.getTime() + STUCK_OVERDUE_MS) : idle;
}
