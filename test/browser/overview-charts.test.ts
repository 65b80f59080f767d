import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { listLink } from '../../src/gateway/routes/admin/dashboard/charts/overview-charts-section';
import { createMemoryStores } from '../../src/stores/memory';
import { describeWithChromium, launchChromium } from '../helpers/launch-chromium';
import { serveOnLoopback } from '../helpers/loopback';
import { CHART_CORPS, seedCharts } from '../helpers/seed-charts';
import { ADMIN_TOKEN, SUITE, createTestBot, type TestBot } from '../helpers/test-bot';

const ARTIFACTS = path.join(__dirname, '..', '..', 'artifacts');
const SINCE = '2026-01-31T16:00:00.000Z';
type Corp = keyof typeof CHART_CORPS;

describeWithChromium('the overview charts in Chromium', () => {
  let bot: TestBot;
  let server: Awaited<ReturnType<typeof serveOnLoopback>>;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const stores = createMemoryStores();
    await seedCharts(stores, SUITE.suiteId);
    bot = await createTestBot({}, { stores });
    server = await serveOnLoopback(bot);
    base = server.base;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await bot?.close();
  });

  async function signedIn(viewport: { width: number; height: number }, phone = false): Promise<Page> {
    const context = await browser.newContext({
      viewport,
      ...(phone ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}),
    });
    const page = await context.newPage();
    page.on('dialog', (d) => {
      throw new Error(`unexpected dialog: ${d.message()}`);
    });
    await page.goto(`${base}/admin/login?token=${encodeURIComponent(ADMIN_TOKEN)}`);
    expect(page.url()).toBe(`${base}/admin`);
    return page;
  }

  const corpIds = (keys: Corp[]) => keys.map((k) => CHART_CORPS[k].corpId).sort();

  async function listedCorps(page: Page): Promise<string[]> {
    const codes = await page.locator('#app-list tbody td[data-label^="企业"] code').allTextContents();
    return [...new Set(codes)].sort();
  }

  it('renders the four charts with their text alternatives, and each links to its list', async () => {
    const page = await signedIn({ width: 1280, height: 900 });
    for (const name of [
      /^上线与扩大可见范围漏斗/,
      /^从授权到启用的天数/,
      /^近 30 天的权限申请结果/,
      /^近 30 天每天发送的消息/,
    ]) {
      await expect(page.getByRole('img', { name }).count()).resolves.toBe(1);
      await expect(page.getByRole('table', { name }).count()).resolves.toBe(1);
    }
    // The funnel's accessible name carries its numbers.
    await expect(page.getByRole('img', { name: /试点成员 2.*其中停滞 1/ }).count()).resolves.toBe(1);

    // Bars in proportion: members (2) is twice as long as developing (1); its stuck part half of it.
    const box = async (selector: string) => (await page.locator(selector).boundingBox())!;
    const members = await box('#chart-funnel rect.bar[data-value="2"]');
    const developing = await box(
      `#chart-funnel a[href="${listLink({ view: 'apps', authorization: 'active', stage: 'developing' })}"] rect.bar`,
    );
    const stuck = await box('#chart-funnel rect.part');
    expect(members.width / developing.width).toBeCloseTo(2, 1);
    expect(stuck.width / members.width).toBeCloseTo(0.5, 1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'overview-charts-laptop.png'), fullPage: true });

    const links: [string, Record<string, string>, Corp[]][] = [
      ['#chart-funnel', { view: 'apps', authorization: 'active', stage: 'members' }, ['pilot', 'stuck']],
      [
        '#chart-funnel',
        { view: 'apps', authorization: 'active', stage: 'members', stuck: 'true' },
        ['stuck'],
      ],
      ['#chart-enabled', { view: 'apps', enabledDays: '1-3' }, ['pilot']],
      ['#chart-requests', { view: 'apps', request: 'declined', since: SINCE }, ['review']],
      ['#chart-messages', { messages: 'failed', since: SINCE }, ['stuck']],
    ];
    for (const [chart, filter, expected] of links) {
      const href = listLink(filter);
      await page.locator(`${chart} a[href="${href}"]`).first().click();
      await page.waitForURL(`${base}${href}`);
      expect({ href, corps: await listedCorps(page) }).toEqual({ href, corps: corpIds(expected) });
      await page.goBack();
      await page.waitForURL(`${base}/admin`);
    }
    await page.context().close();
  });

  it('fits a phone: the charts scale to the screen and the page does not scroll sideways', async () => {
    const page = await signedIn({ width: 390, height: 844 }, true);
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBe(0);
    for (const id of ['chart-funnel', 'chart-enabled', 'chart-requests', 'chart-messages']) {
      const svg = (await page.locator(`#${id} svg`).boundingBox())!;
      expect(svg.width).toBeLessThanOrEqual(390);
      expect(svg.width).toBeGreaterThan(300);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'overview-charts-phone.png'), fullPage: true });
    await page
      .locator('.charts')
      .screenshot({ path: path.join(ARTIFACTS, 'overview-charts-phone-charts.png') });
    await page.context().close();
  });
});
