import type { Stores } from '../ports/stores';
import { DIAGNOSIS_LIMITS } from './rules/limits';

/**
 * The enterprises where an enterprise rule could find something for a person (an app not online,
 * disabled or without an admin, a permission request waiting or declined, a stuck rollout, failed
 * messages or callbacks, WeCom errors of the window). Each source is an index or a bounded window,
 * so the overview's to-do list costs what is wrong, not how many enterprises there are; an
 * enterprise where all is well is never read.
 */
export async function candidateCorps(stores: Stores, now: Date): Promise<string[]> {
  const since = new Date(now.getTime() - DIAGNOSIS_LIMITS.errorWindowMs);
  const waitedFrom = new Date(now.getTime() - DIAGNOSIS_LIMITS.permissionUnansweredMs);
  const sources = await Promise.all([
    stores.apps.list({ status: 'developing' }),
    stores.apps.list({ status: 'in_review' }),
    stores.apps.list({ status: 'approved' }),
    stores.apps.list({ closed: true }),
    stores.authorizations.list({ withoutAdmins: true }),
    // Unanswered for days, or approved and still not in effect; a fresh request needs nobody yet.
    stores.permissionRequests
      .list({ state: 'pending' })
      .then((rs) => rs.filter((r) => (r.answer ? r.answer.answer === 'approve' : r.createdAt <= waitedFrom))),
    stores.permissionRequests.list({ state: 'declined' }).then((rs) => rs.filter((r) => !r.nextActionAt)),
    stores.rollouts.listStuck(now),
    stores.outbox.list({ status: 'failed' }),
    stores.wecomErrors.list({ since }),
    failedCallbacks(stores),
  ]);
  const corps = new Set<string>();
  for (const records of sources) {
    for (const r of records as { corpId?: string }[]) if (r.corpId) corps.add(r.corpId);
  }
  // By corp id: each finding then lists its enterprises in an order that does not depend on the sources.
  return [...corps].sort();
}

/** The inbox holds every callback of the dedupe window: it is read only when its counts show a failure. */
async function failedCallbacks(stores: Stores) {
  const groups = await stores.inbox.countByKindAndStatus();
  if (!groups.some((g) => g.group.status === 'failed' && g.count > 0)) return [];
  return (await stores.inbox.list()).filter((e) => e.status === 'failed');
}
