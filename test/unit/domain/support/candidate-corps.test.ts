import { candidateCorps } from '../../../../src/domain/support/candidate-corps';
import { DAY } from '../../../../src/shared/clock';
import { createMemoryStores } from '../../../../src/stores/memory';
import { aDueRollout, anApp, anAuthorization } from '../../../helpers/domain-builders';

const NOW = new Date('2026-03-02T02:00:00Z');
const SUITE = 'wwsuite';
const plan = [{ name: '试点', reach: 'members' as const, waitMinutes: 3 * 24 * 60 }];

async function enterprise(stores: ReturnType<typeof createMemoryStores>, corpId: string, status = 'enabled') {
  const ids = { suiteId: SUITE, corpId };
  await stores.authorizations.create(anAuthorization(NOW, ids));
  await stores.apps.create(anApp(NOW, { ...ids, status: status as 'enabled' }));
  const actual = { users: ['zhangsan'], parties: [], tags: [] };
  await stores.rollouts.create(
    aDueRollout(NOW, { ...ids, plan, actual, nextReminderAt: new Date(NOW.getTime() + DAY) }),
  );
}

function request(corpId: string, createdAt: Date) {
  return {
    id: `req-${corpId}`,
    suiteId: SUITE,
    corpId,
    requested: ['contact:read'],
    previous: [],
    filedBy: 'support',
    raisedCount: 1,
    history: [],
    createdAt,
  };
}

describe('candidateCorps', () => {
  it('names only the enterprises where a rule could find something for a person', async () => {
    const stores = createMemoryStores();
    for (const corp of ['well', 'fresh-request', 'in-review', 'old-request', 'no-admins', 'stuck'])
      await enterprise(stores, corp, corp === 'in-review' ? 'in_review' : 'enabled');
    await stores.permissionRequests.file(request('fresh-request', NOW));
    await stores.permissionRequests.file(request('old-request', new Date(NOW.getTime() - 4 * DAY)));
    await stores.authorizations.update(SUITE, 'no-admins', { admins: [] }, NOW);
    await stores.rollouts.update(SUITE, 'stuck', { nextReminderAt: new Date(NOW.getTime() - DAY) }, NOW);

    // The most urgent first: a stuck rollout, no admins, a request waiting for days, an app in review.
    expect(await candidateCorps(stores, NOW)).toEqual([
      { corpId: 'stuck', reasons: ['rollout_stuck'] },
      { corpId: 'no-admins', reasons: ['no_admins'] },
      { corpId: 'old-request', reasons: ['request_waiting'] },
      { corpId: 'in-review', reasons: ['app_in_review'] },
    ]);
  });

  it('reads the inbox only for failed callbacks, and names their enterprise', async () => {
    const stores = createMemoryStores();
    await enterprise(stores, 'quiet');
    await enterprise(stores, 'failing');
    const event = {
      kind: 'text',
      suiteId: SUITE,
      event: {},
      receivedAt: NOW,
      expiresAt: new Date(NOW.getTime() + DAY),
    };
    await stores.inbox.recordOnce({ ...event, key: 'a', corpId: 'quiet' });
    await stores.inbox.markHandled('a', NOW);
    expect(await candidateCorps(stores, NOW)).toEqual([]);
    await stores.inbox.recordOnce({ ...event, key: 'b', corpId: 'failing' });
    await stores.inbox.markFailed('b', 'boom', NOW);
    expect(await candidateCorps(stores, NOW)).toEqual([{ corpId: 'failing', reasons: ['callback_failed'] }]);
  });

  it('orders by the most urgent reason, then its oldest record, and keeps every reason', async () => {
    const stores = createMemoryStores();
    for (const corp of ['a-newer', 'b-older', 'c-both']) await enterprise(stores, corp);
    await stores.permissionRequests.file(request('a-newer', new Date(NOW.getTime() - 4 * DAY)));
    await stores.permissionRequests.file(request('b-older', new Date(NOW.getTime() - 9 * DAY)));
    await stores.permissionRequests.file(request('c-both', new Date(NOW.getTime() - 5 * DAY)));
    await stores.rollouts.update(SUITE, 'c-both', { nextReminderAt: new Date(NOW.getTime() - DAY) }, NOW);
    expect(await candidateCorps(stores, NOW)).toEqual([
      { corpId: 'c-both', reasons: ['rollout_stuck', 'request_waiting'] },
      { corpId: 'b-older', reasons: ['request_waiting'] },
      { corpId: 'a-newer', reasons: ['request_waiting'] },
    ]);
  });
});
