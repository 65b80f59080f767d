import type { Stores } from '../ports/stores';
import { DIAGNOSIS_LIMITS } from './rules/limits';

/** Why an enterprise may need a person: the source that named it, the most urgent first. */
export const CANDIDATE_REASONS = [
  'callback_failed',
  'wecom_error',
  'message_failed',
  'rollout_stuck',
  'no_admins',
  'request_waiting',
  'request_declined',
  'app_closed',
  'app_approved',
  'app_in_review',
  'app_developing',
] as const;
export type CandidateReason = (typeof CANDIDATE_REASONS)[number];

/** An enterprise an enterprise rule could find something in, and why. */
export interface Candidate {
  corpId: string;
  reasons: CandidateReason[];
}

type Named = { corpId?: string; at: Date };

/**
 * The enterprises where an enterprise rule could find something for a person (an app not online,
 * disabled or without an admin, a permission request waiting or declined, a stuck rollout, failed
 * messages or callbacks, WeCom errors of the window). Each source is an index or a bounded window,
 * so the overview's to-do list costs what is wrong, not how many enterprises there are; an
 * enterprise where all is well is never read. The most urgent first: by its most urgent reason,
 * then the oldest record of that reason, then corp id, so the order is stable.
 */
export async function candidateCorps(stores: Stores, now: Date): Promise<Candidate[]> {
  const since = new Date(now.getTime() - DIAGNOSIS_LIMITS.errorWindowMs);
  const waitedFrom = new Date(now.getTime() - DIAGNOSIS_LIMITS.permissionUnansweredMs);
  const at =
    <T>(when: (r: T) => Date) =>
    (rs: (T & { corpId?: string })[]) =>
      rs.map((r): Named => ({ corpId: r.corpId, at: when(r) }));
  const updated = at((r: { updatedAt: Date }) => r.updatedAt);
  const sources: Record<CandidateReason, Promise<Named[]>> = {
    callback_failed: failedCallbacks(stores).then(at((e) => e.receivedAt)),
    wecom_error: stores.wecomErrors.list({ since }).then(at((e) => e.at)),
    message_failed: stores.outbox.list({ status: 'failed' }).then(updated),
    rollout_stuck: stores.rollouts.listStuck(now).then(updated),
    no_admins: stores.authorizations.list({ withoutAdmins: true }).then(updated),
    // Unanswered for days, or approved and still not in effect; a fresh request needs nobody yet.
    request_waiting: stores.permissionRequests.listWaiting(waitedFrom).then(at((r) => r.createdAt)),
    request_declined: stores.permissionRequests
      .list({ state: 'declined' })
      .then((rs) => rs.filter((r) => !r.nextActionAt))
      .then(updated),
    app_closed: stores.apps.list({ closed: true }).then(updated),
    app_approved: stores.apps.list({ status: 'approved' }).then(updated),
    app_in_review: stores.apps.list({ status: 'in_review' }).then(updated),
    app_developing: stores.apps.list({ status: 'developing' }).then(updated),
  };
  const read = await Promise.all(CANDIDATE_REASONS.map((reason) => sources[reason]));
  const found = new Map<string, Candidate & { rank: number; at: number }>();
  read.forEach((records, rank) => {
    for (const r of records) {
      if (!r.corpId) continue;
      const seen = found.get(r.corpId);
      if (!seen)
        found.set(r.corpId, { corpId: r.corpId, reasons: [CANDIDATE_REASONS[rank]!], rank, at: +r.at });
      else if (seen.rank === rank) seen.at = Math.min(seen.at, +r.at);
      else if (!seen.reasons.includes(CANDIDATE_REASONS[rank]!)) seen.reasons.push(CANDIDATE_REASONS[rank]!);
    }
  });
  return [...found.values()]
    .sort((a, b) => a.rank - b.rank || a.at - b.at || (a.corpId < b.corpId ? -1 : 1))
    .map(({ corpId, reasons }) => ({ corpId, reasons }));
}

/** Failed callbacks, read by their status; not asked for at all when the running counts show none. */
async function failedCallbacks(stores: Stores) {
  const groups = await stores.inbox.countByKindAndStatus();
  if (!groups.some((g) => g.group.status === 'failed' && g.count > 0)) return [];
  return stores.inbox.list({ status: 'failed' });
}
