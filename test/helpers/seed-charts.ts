import type { App, PermissionRequestState, Rollout, RolloutStage } from '../../src/domain/model';
import type { Stores } from '../../src/domain/ports/stores';
import { DAY, HOUR } from '../../src/shared/clock';
import { anApp, anAuthorization } from './domain-builders';

/** Monday 2 March 2026, 10:00 in Shanghai: createTestBot's clock starts here. */
export const CHARTS_NOW = new Date('2026-03-02T02:00:00Z');
const ago = (days: number): Date => new Date(CHARTS_NOW.getTime() - days * DAY);

const PLAN: RolloutStage[] = [
  { name: '试点', reach: 'members', waitMinutes: 4320 },
  { name: '部门', reach: 'departments', waitMinutes: 10080 },
  { name: '全员', reach: 'company', waitMinutes: 0 },
];

/** The seeded enterprises: corp id and name, by what the charts should show of them. */
export const CHART_CORPS = {
  developing: { corpId: 'wwchartdev', name: '开发中商贸' },
  review: { corpId: 'wwchartreview', name: '审核中物流' },
  enabled: { corpId: 'wwchartenabled', name: '刚启用科技' },
  pilot: { corpId: 'wwchartpilot', name: '试点制造' },
  stuck: { corpId: 'wwchartstuck', name: '停滞<b>零售</b>' },
  company: { corpId: 'wwchartcompany', name: '全员教育' },
  test: { corpId: 'wwcharttest', name: '服务商测试企业' },
  cancelled: { corpId: 'wwchartgone', name: '已取消医药' },
} as const;
type Key = keyof typeof CHART_CORPS;

/**
 * A store as the charts should see it, written through the stores' own methods (so the memory
 * adapter's running counts follow). What the charts show, customers only:
 * funnel developing 1, in_review 1, enabled 1, members 2 (1 stuck), company 1;
 * days to enabled 0-1: 1, 1-3: 1, 3-7: 1, 7-14: 1;
 * requests of the last 30 days pending 2, granted 1, declined 1, superseded 1;
 * messages yesterday 3 sent and 1 failed, today 2 sent.
 */
export async function seedCharts(stores: Stores, suiteId: string): Promise<void> {
  const corp = async (key: Key, app: Partial<App> = {}, rollout?: Partial<Rollout>, test = false) => {
    const { corpId, name } = CHART_CORPS[key];
    const created = ago(20);
    const ids = { suiteId, corpId };
    await stores.authorizations.create(
      anAuthorization(created, { ...ids, corpName: name, ...(test ? { test } : {}) }),
    );
    await stores.apps.create(anApp(created, { ...ids, status: 'developing', ...app }));
    if (rollout) {
      await stores.rollouts.create({
        ...ids,
        plan: PLAN,
        stageIndex: -1,
        state: 'active',
        unanswered: 0,
        remindersSent: 0,
        history: [{ at: ago(1), what: 'started' }],
        nextReminderAt: new Date(CHARTS_NOW.getTime() + DAY),
        createdAt: ago(1),
        updatedAt: ago(1),
        ...rollout,
      });
    }
  };
  const enabledAfter = (days: number): Partial<App> => ({
    status: 'enabled',
    enabledAt: new Date(ago(20).getTime() + days * DAY + HOUR),
  });
  await corp('developing');
  await corp('review', { status: 'in_review' });
  await corp('enabled', enabledAfter(0), {});
  await corp('pilot', enabledAfter(2), { stageIndex: 0 });
  await corp('stuck', enabledAfter(5), { stageIndex: 0, state: 'escalated' });
  await corp('company', enabledAfter(10), { stageIndex: 2, state: 'completed' });
  await corp('test', enabledAfter(0), { stageIndex: 0, state: 'escalated' }, true);
  await corp('cancelled');
  await stores.authorizations.cancel(suiteId, CHART_CORPS.cancelled.corpId, ago(2));

  await request('developing', 1);
  await request('review', 5, 'declined');
  await request('pilot', 3, 'granted');
  await request('company', 10);
  await request('company', 9);
  await request('enabled', 40, 'declined');
  await request('test', 1);

  let sent = 0;
  for (let i = 0; i < 3; i += 1) await message('pilot', ago(1), 'sent');
  await message('stuck', ago(1), 'failed');
  await message('enabled', new Date(CHARTS_NOW.getTime() - HOUR), 'sent');
  await message('enabled', new Date(CHARTS_NOW.getTime() - HOUR), 'sent');
  await message('enabled', ago(40), 'failed');
  await message('test', ago(1), 'failed');

  async function request(
    key: Key,
    daysAgo: number,
    to?: Exclude<PermissionRequestState, 'pending' | 'superseded'>,
  ) {
    const filed = ago(daysAgo);
    const { request: r } = await stores.permissionRequests.file({
      id: `pr-${key}-${daysAgo}`,
      suiteId,
      corpId: CHART_CORPS[key].corpId,
      requested: ['customer_contact'],
      previous: [],
      filedBy: 'support:seed',
      raisedCount: 1,
      history: [],
      createdAt: filed,
    });
    if (to) {
      const at = new Date(filed.getTime() + HOUR);
      await stores.permissionRequests.settle(r.id, { to, from: ['pending'], at, entry: { at, what: to } });
    }
  }

  async function message(key: Key, at: Date, outcome: 'sent' | 'failed') {
    const { message: m } = await stores.outbox.enqueue(
      {
        dedupeKey: `seed-${key}-${(sent += 1)}`,
        channel: 'app',
        suiteId,
        corpId: CHART_CORPS[key].corpId,
        payload: { touser: 'zhangsan', msgtype: 'text', text: { content: '你好' } },
        topic: 'enabled_card',
        notBefore: at,
      },
      at,
    );
    const [claimed] = await stores.outbox.claimDue({ owner: 'seed', now: at, leaseMs: HOUR, limit: 1 });
    if (claimed?.id !== m.id) throw new Error(`seed: message ${m.id} not claimed`);
    if (outcome === 'sent') await stores.outbox.markSent(m.id, 'seed', {}, at);
    else await stores.outbox.markFailed(m.id, 'seed', { error: '81013 user not found' }, at);
  }
}
