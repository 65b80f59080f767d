import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeWithChromium, launchChromium } from '../helpers/launch-chromium';
import { serveOnLoopback } from '../helpers/loopback';
import { ADMIN_TOKEN, SUITE, createTestBot, type TestBot } from '../helpers/test-bot';
import { buildPng } from '../fixtures/images/build-images';
import { CORPS, fakeWecom, seedDashboard } from './seed-dashboard';

const ARTIFACTS = path.join(__dirname, '..', '..', 'artifacts');

describeWithChromium('the dashboard in Chromium', () => {
  let bot: TestBot;
  let server: Awaited<ReturnType<typeof serveOnLoopback>>;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    bot = await createTestBot();
    fakeWecom({ failSendsTo: [CORPS.quiet.corpId] });
    await seedDashboard(bot);
    server = await serveOnLoopback(bot);
    base = server.base;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await bot?.close();
  });

  /** Fails the test on any script dialog: escaped data never runs. */
  function noDialogs(page: Page): void {
    page.on('dialog', (d) => {
      throw new Error(`unexpected dialog: ${d.message()}`);
    });
  }

  it('logs in, filters to pending requests, opens the app and pauses its rollout', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    noDialogs(page);

    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.fill('#token', ADMIN_TOKEN);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/admin`);
    await expect(page.locator('h1').textContent()).resolves.toBe('概览');
    await expect(page.locator('#findings').textContent()).resolves.toContain(CORPS.quiet.name);

    await page.click('header nav >> text=企业与应用');
    await page.waitForURL(`${base}/admin/enterprises`);
    // The hostile name is shown as text, not run.
    await expect(page.locator('#app-list').textContent()).resolves.toContain(CORPS.hostile.name);

    await page.selectOption('#f-pending', 'true');
    await page.click('#filters button[type=submit]');
    await page.waitForURL(/pending=true/);
    const rows = page.locator('#app-list tbody tr');
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().textContent()).resolves.toContain(CORPS.pilot.name);

    await rows.first().locator('a').first().click();
    await page.waitForURL(`${base}/admin/apps/${SUITE.suiteId}/${CORPS.pilot.corpId}`);
    await expect(page.locator('#requests').textContent()).resolves.toContain('待企业客户确认');
    await expect(page.locator('#rollout').textContent()).resolves.toContain('进行中');

    await page.click('#rollout button:has-text("暂停")');
    await page.waitForURL(/done=rollout_paused/);
    await expect(page.locator('.flash.ok').textContent()).resolves.toContain('已暂停扩大可见范围');
    await expect(page.locator('#rollout').textContent()).resolves.toContain('已暂停');
    expect((await bot.stores.rollouts.get(SUITE.suiteId, CORPS.pilot.corpId))?.state).toBe('paused');
    await expect(page.locator('#timeline').textContent()).resolves.toContain('support:dashboard');

    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-app.png'), fullPage: true });
    await context.close();
  });

  it('fits a phone: no sideways scrolling of the page, tables as cards', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    noDialogs(page);
    // The link the embedded default prints; the token leaves the address bar at once.
    await page.goto(`${base}/admin/login?token=${encodeURIComponent(ADMIN_TOKEN)}`);
    expect(page.url()).toBe(`${base}/admin`);

    for (const [name, at] of [
      ['dashboard-phone-overview.png', '/admin'],
      ['dashboard-phone.png', '/admin/enterprises'],
      ['dashboard-phone-app.png', `/admin/apps/${SUITE.suiteId}/${CORPS.pilot.corpId}`],
    ] as const) {
      await page.goto(`${base}${at}`);
      const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      expect({ at, overflow }).toEqual({ at, overflow: 0 });
      await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
    }
    await expect(page.locator('#app-list thead').isVisible()).resolves.toBe(false);
    await context.close();
  });

  /**
   * The overview's visible text without the language switch (each language named in itself) and
   * without what the seed gave: enterprise names, ids, times and the configured time zone.
   */
  async function visibleLabels(page: Page): Promise<string> {
    // The page's own text as rendered (closed <details> hide their content), less the switch.
    const text = String(
      await page.evaluate(`(() => {
        const sw = document.getElementById('language-switch');
        sw.style.display = 'none';
        const shown = document.body.innerText;
        sw.style.display = '';
        return shown;
      })()`),
    );
    const data = Object.values(CORPS).map((c) => c.name);
    return data
      .reduce((t, name) => t.split(name).join(' '), text)
      .replace(/\bww\w+/g, ' ')
      .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/g, ' ')
      .replace(/Asia\/Shanghai/g, ' ');
  }

  it('speaks one language at a time: zh-CN by default, English by the link, both on a laptop and a phone', async () => {
    const sizes = {
      laptop: { viewport: { width: 1280, height: 900 } },
      phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    } as const;
    for (const [size, options] of Object.entries(sizes)) {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      noDialogs(page);
      await page.goto(`${base}/admin/login`);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
      await page.fill('#token', ADMIN_TOKEN);
      await page.click('button[type=submit]');
      await page.waitForURL(`${base}/admin`);

      const zh = await visibleLabels(page);
      expect(zh).toContain('今天需要人处理');
      expect({ size, english: zh.match(/[A-Za-z]{2,}/g) ?? [] }).toEqual({ size, english: [] });
      await page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${size}-zh-CN.png`), fullPage: true });

      await page.click('#language-switch a[hreflang=en]');
      await page.waitForURL(`${base}/admin`);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
      await expect(page.locator('h1').textContent()).resolves.toBe('Overview');
      const en = await visibleLabels(page);
      expect(en).toContain('What needs a person today');
      expect({ size, chinese: en.match(/\p{Script=Han}+/gu) ?? [] }).toEqual({ size, chinese: [] });
      await page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${size}-en.png`), fullPage: true });

      // Remembered: the next page is English too, and the switch back returns to it in Chinese.
      await page.goto(`${base}/admin/enterprises`);
      await expect(page.locator('h1').textContent()).resolves.toBe('Enterprises and apps');
      await page.click('#language-switch a[hreflang=zh-CN]');
      await page.waitForURL(`${base}/admin/enterprises`);
      await expect(page.locator('h1').textContent()).resolves.toBe('企业与应用');
      await context.close();
    }
  });

  it('reads a logo in the browser and lists every problem of the configuration', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/admin/login?token=${encodeURIComponent(ADMIN_TOKEN)}&next=/admin/check-config`);
    await page.selectOption('#kind', 'app');
    await page.fill('#name', '免费抽奖');
    await page.fill('#callbackUrl', 'http://bot.example.com/cb');
    await page.setInputFiles('#logo-file', {
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: buildPng(600, 400),
    });
    await page.waitForFunction('document.getElementById("logo").value.length > 0');
    await page.click('#check-submit');
    await page.waitForSelector('#problems');
    const text = await page.locator('#problems').textContent();
    for (const rule of ['name_forbidden_word', 'callback_url_https', 'logo_dimensions'])
      expect(text).toContain(rule);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-check-config.png'), fullPage: true });
    await context.close();
  });
});
