import { listLink } from '../../src/gateway/routes/admin/dashboard/charts/overview-charts-section';
import { escapeHtml } from '../../src/gateway/routes/admin/dashboard/html';
import { createMemoryStores } from '../../src/stores/memory';
import { CHART_CORPS, seedCharts } from '../helpers/seed-charts';
import { DASHBOARD_HOST as HOST, HTML_ACCEPT as HTML, signInToDashboard } from '../helpers/dashboard-session';
import { ADMIN_TOKEN, SUITE, createTestBot, type TestBot } from '../helpers/test-bot';

const SINCE = '2026-01-31T16:00:00.000Z';

/** The corp ids listed on a page of the enterprises list. */
const listed = (body: string): string[] =>
  [...body.matchAll(/<code>(wwchart\w+)<\/code>/g)].map((m) => m[1]!).sort();

/** The value of the bar (or part) drawn for a link, read from the SVG. */
function drawn(body: string, href: string, cls: 'bar' | 'part'): number {
  const at = body.indexOf(`<a href="${escapeHtml(href)}"`);
  expect(at).toBeGreaterThan(-1);
  const rect = new RegExp(`<rect\\s+class="${cls}"[^>]*?data-value="(\\d+)"`).exec(body.slice(at))!;
  return Number(rect[1]);
}

describe('the overview charts over HTTP', () => {
  let bot: TestBot;
  let cookie: string;

  beforeAll(async () => {
    const stores = createMemoryStores();
    await seedCharts(stores, SUITE.suiteId);
    bot = await createTestBot({}, { stores });
    cookie = await signInToDashboard(bot);
  });

  afterAll(() => bot.close());

  const get = async (path: string): Promise<string> => {
    const res = await bot.http().get(path).set('Host', HOST).set('Accept', HTML).set('Cookie', cookie);
    expect(res.status).toBe(200);
    return res.text;
  };

  it('draws the four charts from the store, test enterprises left out', async () => {
    const body = await get('/admin');
    for (const id of ['chart-funnel', 'chart-enabled', 'chart-requests', 'chart-messages'])
      expect(body).toContain(`id="${id}"`);
    const members = listLink({ view: 'apps', authorization: 'active', stage: 'members' });
    expect(drawn(body, members, 'bar')).toBe(2);
    expect(
      drawn(
        body,
        listLink({ view: 'apps', authorization: 'active', stage: 'members', stuck: 'true' }),
        'part',
      ),
    ).toBe(1);
    expect(drawn(body, listLink({ view: 'apps', enabledDays: '0-1' }), 'bar')).toBe(1);
    expect(drawn(body, listLink({ view: 'apps', request: 'pending', since: SINCE }), 'bar')).toBe(2);
    expect(body).toMatch(/<title>2026-03-01 发送失败: 1<\/title>/);
    expect(body).toMatch(/<title>2026-03-01 已发送: 3<\/title>/);
    expect(body).not.toContain(CHART_CORPS.test.name);
  });

  it('links each chart to the list of the rows it counts', async () => {
    const cases: [Record<string, string>, string[]][] = [
      [{ view: 'apps', authorization: 'active', stage: 'members' }, ['pilot', 'stuck']],
      [{ view: 'apps', authorization: 'active', stage: 'members', stuck: 'true' }, ['stuck']],
      [{ view: 'apps', enabledDays: '7-14' }, ['company']],
      [{ view: 'apps', request: 'pending', since: SINCE }, ['company', 'developing']],
      [{ messages: 'failed', since: SINCE }, ['stuck']],
    ];
    const overview = await get('/admin');
    for (const [filter, keys] of cases) {
      const href = listLink(filter);
      expect(overview).toContain(`href="${escapeHtml(href)}"`);
      const corps = keys.map((k) => CHART_CORPS[k as keyof typeof CHART_CORPS].corpId).sort();
      expect(listed(await get(href))).toEqual(corps);
    }
  });

  it('says above the list which chart filter it shows, with a link to drop it', async () => {
    const body = await get(
      listLink({ view: 'apps', authorization: 'active', stage: 'members', stuck: 'true' }),
    );
    expect(body).toMatch(/id="chart-filter"[^>]*>\s*按图表筛选：试点成员\s*</);
    expect(body).toContain(
      `href="${escapeHtml('/admin/enterprises?view=apps&authorization=active&stuck=true&test=false')}"`,
    );
    const since = await get(listLink({ messages: 'failed', since: SINCE }));
    expect(since).toContain('按图表筛选：发送失败的企业，自 2026-02-01 00:00 起');
    expect(await get('/admin/enterprises?status=enabled')).not.toContain('id="chart-filter"');
  });

  it('follows the store: an enterprise marked as a test one leaves the charts', async () => {
    const marked = await bot
      .http()
      .post(`/admin/api/enterprises/${CHART_CORPS.pilot.corpId}/test`)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ test: true });
    expect(marked.status).toBe(200);
    const body = await get('/admin');
    expect(drawn(body, listLink({ view: 'apps', authorization: 'active', stage: 'members' }), 'bar')).toBe(1);
    expect(body).toMatch(/<title>2026-03-01 已发送: 0<\/title>/);
  });

  it('refuses a chart filter with a clear error, on the page and in the API', async () => {
    const page = await bot
      .http()
      .get('/admin/enterprises?stage=launched')
      .set('Host', HOST)
      .set('Accept', HTML)
      .set('Cookie', cookie);
    expect(page.status).toBe(400);
    // The page shows the message's half in its own language.
    expect(page.text).toContain('stage 须为 developing | in_review');
    const api = await bot
      .http()
      .get('/admin/api/apps?since=yesterday')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(api.status).toBe(400);
    expect(api.body).toMatchObject({ field: 'since', rule: 'date_time' });
  });
});
