import { DAY, MINUTE } from '../../../shared/clock';
import type { AppStatus } from '../../model';

/** When a state turns into a problem someone should look at. */
export const DIAGNOSIS_LIMITS = {
  /** WeCom errors older than this are history, not the current cause. */
  errorWindowMs: DAY,
  /** WeCom pushes a suite_ticket every 10 minutes: three missed pushes mean the callback URL is broken. */
  suiteTicketStaleMs: 30 * MINUTE,
  permissionUnansweredMs: 3 * DAY,
  failedMessagesWindowMs: 7 * DAY,
  failedCallbacksWindowMs: 3 * DAY,
  /** How long an app may sit in a status before going online is overdue. */
  notOnlineMs: { developing: 14 * DAY, in_review: 7 * DAY, approved: 2 * DAY } satisfies Record<
    Exclude<AppStatus, 'enabled'>,
    number
  >,
} as const;
