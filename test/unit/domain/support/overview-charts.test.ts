import { overviewCharts } from '../../../../src/domain/support/overview-charts';
import { createAppListings } from '../../../../src/domain/support/app-listings';
import { appListQuery } from '../../../../src/domain/support/query-params';
import { ManualClock } from '../../../../src/shared/clock';
import { createMemoryStores } from '../../../../src/stores/memory';
import { CHARTS_NOW, CHART_CORPS, seedCharts } from '../../../helpers/seed-charts';

const TZ = 'Asia/Shanghai';
const parseAppFilter = (query: Record<string, string>) => appListQuery.parse(query).filter;

async function seeded() {
  const stores = createMemoryStores();
  await seedCharts(stores, 'wwsuitecharts');
  const clock = new ManualClock(CHARTS_NOW);
  return { stores, clock, charts: () => overviewCharts({ stores, clock, timeZone: TZ }) };
}

describe('the overview charts', () => {
  it('counts customers by funnel stage, stuck ones marked, leaving out test enterprises and cancelled ones', async () => {
    const { charts } = await seeded();
    expect((await charts()).funnel).toEqual([
      { stage: 'developing', count: 1, stuck: 0 },
      { stage: 'in_review', count: 1, stuck: 0 },
      { stage: 'approved', count: 0, stuck: 0 },
      { stage: 'enabled', count: 1, stuck: 0 },
      { stage: 'members', count: 2, stuck: 1 },
      { stage: 'departments', count: 0, stuck: 0 },
      { stage: 'company', count: 1, stuck: 0 },
    ]);
  });

  it('groups the days from authorization to enabled into buckets', async () => {
    const { charts } = await seeded();
    expect((await charts()).daysToEnabled.map((d) => [d.bucket.id, d.count])).toEqual([
      ['0-1', 1],
      ['1-3', 1],
      ['3-7', 1],
      ['7-14', 1],
      ['14-30', 0],
      ['30-', 0],
    ]);
  });

  it('counts the requests of the last 30 days by outcome, and messages per local day', async () => {
    const { charts } = await seeded();
    const c = await charts();
    // Midnight in Shanghai, 29 days before today (2 March), to midnight tonight.
    expect(c.since).toEqual(new Date('2026-01-31T16:00:00Z'));
    expect(c.until).toEqual(new Date('2026-03-02T16:00:00Z'));
    expect(c.requests).toEqual([
      { state: 'pending', count: 2 },
      { state: 'granted', count: 1 },
      { state: 'declined', count: 1 },
      { state: 'superseded', count: 1 },
    ]);
    expect(c.messages).toHaveLength(30);
    expect(c.messages[0]).toEqual({ day: '2026-02-01', sent: 0, failed: 0 });
    expect(c.messages.slice(-2)).toEqual([
      { day: '2026-03-01', sent: 3, failed: 1 },
      { day: '2026-03-02', sent: 2, failed: 0 },
    ]);
  });

  it('moves with the clock: the window slides and a rollout left alone becomes stuck', async () => {
    const { charts, clock } = await seeded();
    clock.advance(31 * 24 * 3600_000);
    const c = await charts();
    expect(c.messages.every((m) => m.sent === 0 && m.failed === 0)).toBe(true);
    expect(c.requests.every((r) => r.count === 0)).toBe(true);
    // The pilot's reminder is long overdue and the fresh rollout made no progress for 30 days.
    expect(c.funnel.filter((f) => f.stuck > 0)).toEqual([
      { stage: 'enabled', count: 1, stuck: 1 },
      { stage: 'members', count: 2, stuck: 2 },
    ]);
  });

  it('lists the rows behind each chart through the filters its links carry', async () => {
    const { stores, clock, charts } = await seeded();
    const c = await charts();
    const { listApps, listEnterprises } = createAppListings({ stores, clock });
    const corps = async (query: Record<string, string>) =>
      (await listApps(parseAppFilter({ test: 'false', ...query }), { page: 1, pageSize: 100 })).items
        .map((r) => r.corpId)
        .sort();
    const since = c.since.toISOString();
    expect(await corps({ stage: 'members', authorization: 'active' })).toEqual(
      [CHART_CORPS.pilot.corpId, CHART_CORPS.stuck.corpId].sort(),
    );
    expect(await corps({ stage: 'members', stuck: 'true', authorization: 'active' })).toEqual([
      CHART_CORPS.stuck.corpId,
    ]);
    expect(await corps({ enabledDays: '3-7' })).toEqual([CHART_CORPS.stuck.corpId]);
    expect(await corps({ request: 'declined', since })).toEqual([CHART_CORPS.review.corpId]);
    expect(await corps({ request: 'declined' })).toEqual(
      [CHART_CORPS.review.corpId, CHART_CORPS.enabled.corpId].sort(),
    );
    const failed = await listEnterprises(parseAppFilter({ test: 'false', messages: 'failed', since }));
    expect(failed.items.map((e) => e.corpId)).toEqual([CHART_CORPS.stuck.corpId]);
  });

  it('refuses a chart filter it does not know, naming the field and the rule', () => {
    expect(() => parseAppFilter({ stage: 'nowhere' })).toThrow(/stage must be one of developing/);
    expect(() => parseAppFilter({ enabledDays: '2-5' })).toThrow(/enabledDays must be one of 0-1/);
    expect(() => parseAppFilter({ since: '2026-03-01' })).toThrow(/since must be an ISO 8601 date-time/);
    expect(() => parseAppFilter({ messages: 'queued' })).toThrow(/messages must be one of sent, failed/);
  });
});
