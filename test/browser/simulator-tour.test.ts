import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { loadConfig, type Config } from '../../src/config';
import { startServer, type RunningServer } from '../../src/server';
import { ManualClock } from '../../src/shared/clock';
import { createMemoryLogger } from '../../src/shared/logger';
import { describeWithChromium, launchChromium } from '../helpers/launch-chromium';

const ARTIFACTS = path.join(__dirname, '..', '..', 'artifacts', 'simulator-tour');

/**
 * The simulated enterprise admin clicks through the simulator page in Chromium while the real bot
 * (startServer, HTTP callbacks, memory store) answers. Time moves with the page's own clock buttons
 * on a manual clock shared by both; a scheduler tick stands in for node-cron.
 */
describeWithChromium('the simulator page in Chromium, against the real bot', () => {
  let running: RunningServer;
  let browser: Browser;
  let page: Page;
  let corpId: string;
  const clock = new ManualClock('2026-03-02T02:00:00Z'); // Monday 10:00 in Shanghai

  const container = () => running.container;
  const suiteId = () => container().config.templates[0]!.suiteId;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const defaults = loadConfig({});
    const config: Config = {
      ...defaults,
      host: '127.0.0.1',
      port: 0,
      scheduler: { ...defaults.scheduler, enabled: false },
      simulator: { enabled: true, port: 0 },
    };
    running = await startServer(config, { logger: createMemoryLogger('warn').logger, clock });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    // A stuck click fails as a playwright error naming the locator, before jest's own timeout.
    page.setDefaultTimeout(10_000);
    page.on('dialog', (d) => void d.accept());
    await page.goto(running.simulatorUrl!);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  /** Clicks a control of the page and waits for its reload; fails with the page's own error line. */
  async function post(control: Locator): Promise<void> {
    // The loser of the race times out later: its rejection is expected and dropped.
    const reloaded = page.waitForEvent('load').catch(() => undefined);
    await control.click();
    const failed = page
      .locator('#status', { hasText: /^错误/ })
      .waitFor()
      .catch(() => undefined);
    await Promise.race([reloaded, failed]);
    const status = (await page.locator('#status').textContent()) ?? '';
    expect(status).not.toMatch(/^错误|FAILED/);
  }

  /** Lets the bot finish what the click started (handling, sends), then shows the result. */
  async function botDone(): Promise<void> {
    await container().idle();
    await container().idle();
    await page.reload();
  }

  async function tick(): Promise<void> {
    await container().scheduler.tick();
    await botDone();
  }

  const inboxOf = (userId: string) =>
    page.locator('.card.inbox').filter({ has: page.locator('h3', { hasText: userId }) });
  const liveButton = (scope: Locator, name: string) =>
    scope.getByRole('button', { name, exact: true }).and(page.locator(':not([disabled])')).last();
  const shot = (name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

  it('authorizes the demo template as a new enterprise', async () => {
    expect(await page.locator('h1').textContent()).toContain('企业微信模拟器');
    const form = page.locator('form[data-post$="/authorize"]');
    await form.getByLabel('企业名称 Enterprise name').fill('示例科技');
    await form.getByLabel('管理员 Admins').fill('zhangsan, lisi');
    await form.getByLabel('其他成员 Other members').fill('wangwu, zhaoliu');
    await post(form.getByRole('button', { name: '扫码授权 Authorize' }));
    expect(await page.locator('#status').textContent()).toContain('回调 callback: ok');
    await botDone();

    const [auth] = await container().stores.authorizations.list({ suiteId: suiteId() });
    expect(auth).toMatchObject({ corpName: '示例科技', state: 'active' });
    expect(auth!.admins.sort()).toEqual(['lisi', 'zhangsan']);
    corpId = auth!.corpId;
    await expect(page.getByRole('heading', { name: /企业 Enterprise: 示例科技/ }).count()).resolves.toBe(1);
    await shot('01-authorized');
  });

  it('puts the app online; the bot polls, enables it and sends each admin the enabled card', async () => {
    await post(page.getByRole('button', { name: '上线 Put online' }));
    await tick();
    expect(await container().stores.apps.get(suiteId(), corpId)).toMatchObject({ status: 'enabled' });
    for (const admin of ['zhangsan', 'lisi']) {
      await expect(inboxOf(admin).locator('.msg.app', { hasText: '已启用' }).count()).resolves.toBe(1);
    }
    await shot('02-enabled');
  });

  it('sets a pilot and taps Pilot set on the card; the bot answers in the chat', async () => {
    const range = page.locator('form[data-post$="/visibility"]').filter({ hasText: '试点成员' });
    await range.getByLabel('试点成员 Pilot members').fill('zhangsan, lisi, wangwu');
    await post(range.getByRole('button', { name: '设置 Set' }));
    await post(liveButton(inboxOf('zhangsan'), '已设置试点'));
    await botDone();
    const rollout = await container().rollout.get(suiteId(), corpId);
    // wangwu is not an admin: WeCom shows a real pilot, so the bot believes the tap.
    expect(rollout).toMatchObject({ stageIndex: 0 });
    expect(rollout?.history.at(-1)).toMatchObject({ what: 'advanced', by: 'zhangsan' });
    await expect(inboxOf('zhangsan').locator('.msg.app pre', { hasText: '3 位成员' }).count()).resolves.toBe(
      1,
    );
    await shot('03-pilot');
  });

  it('approves a custom permission: the card records the intent, the WeCom notice grants it, the bot finds it in effect', async () => {
    const token = container().config.adminToken;
    const filed = await fetch(`${running.url}/admin/api/apps/${suiteId()}/${corpId}/permission-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ permissions: ['customer_contact'], filedBy: 'browser-test' }),
    });
    expect(filed.status).toBe(201);
    const requestId = ((await filed.json()) as { request: { id: string } }).request.id;
    const change = page.locator('form[data-post$="/permission-change"]');
    await change.getByLabel('权限变更 Permission change').fill('customer_contact');
    await post(change.getByRole('button', { name: '提交 File' }));
    await botDone();

    const zhangsan = inboxOf('zhangsan');
    await post(liveButton(zhangsan, '同意'));
    await botDone();
    // The card's 同意 grants nothing: WeCom still answers 48002 until its notice is agreed to.
    expect(await container().permissions.get(requestId)).toMatchObject({
      state: 'pending',
      answer: { answer: 'approve', by: 'zhangsan' },
    });
    await post(liveButton(zhangsan.locator('.msg.notice'), '同意 Approve'));
    await botDone();

    expect(await container().permissions.get(requestId)).toMatchObject({
      state: 'granted',
      evidence: { kind: 'probe' },
    });
    await expect(page.getByText('Custom permissions: customer_contact').count()).resolves.toBe(1);
    for (const admin of ['zhangsan', 'lisi']) {
      await expect(
        inboxOf(admin).locator('button[disabled]', { hasText: '已生效' }).count(),
      ).resolves.toBeGreaterThan(0);
    }
    await shot('04-permission');
  });

  it('moves the clock on the page until a reminder comes, widens to the whole company and taps Widened', async () => {
    for (let day = 0; day < 3; day++) await post(page.getByRole('button', { name: '+1 天 day' }));
    await tick();
    const zhangsan = inboxOf('zhangsan');
    await expect(zhangsan.locator('.msg.app', { hasText: '建议扩大可见范围' }).count()).resolves.toBe(1);

    await post(page.getByRole('button', { name: '全公司 Whole company (party 1)' }));
    await post(liveButton(zhangsan, '已扩大'));
    await botDone();

    expect(await container().rollout.get(suiteId(), corpId)).toMatchObject({
      state: 'completed',
      stageIndex: 2,
    });
    for (const admin of ['zhangsan', 'lisi']) {
      await expect(inboxOf(admin).locator('.msg.app pre', { hasText: '恭喜' }).count()).resolves.toBe(1);
      // Each card greys out in its own words: the enabled card's pilot, the last reminder's widening.
      await expect(
        inboxOf(admin).locator('button[disabled]', { hasText: '已设置试点' }).count(),
      ).resolves.toBe(1);
      await expect(inboxOf(admin).locator('button[disabled]', { hasText: '已扩大' }).count()).resolves.toBe(
        1,
      );
    }
    await shot('05-whole-company');
  });
});
