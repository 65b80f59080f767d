import { loadConfig } from '../../src/config';
import { DEMO_TEMPLATE_NAME } from '../../src/embedded-default';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createHttpServer, startServer, type RunningServer } from '../../src/server';
import { createMemoryLogger } from '../../src/shared/logger';

describe('startServer on the embedded default (no WeCom credentials, ports 0)', () => {
  let running: RunningServer;
  let logs: () => Record<string, unknown>[];

  beforeAll(async () => {
    const defaults = loadConfig({});
    const memory = createMemoryLogger('info');
    logs = memory.lines;
    running = await startServer(
      { ...defaults, port: 0, simulator: { ...defaults.simulator, port: 0 } },
      { logger: memory.logger },
    );
  });
  afterAll(() => running?.close());

  it('listens, says it uses the memory store and the simulator, and answers /healthz', async () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.simulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{24}$/);
    const res = await fetch(`${running.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    const messages = logs().map((l) => String(l.msg));
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('in-memory store'),
        'running against the embedded WeCom simulator',
        'listening',
      ]),
    );
  });

  it('signs in to /admin with the printed login link, and the token opens the API', async () => {
    const token = running.container.config.adminToken;
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect(running.loginUrl).toBe(`${running.url}/admin/login?token=${encodeURIComponent(token)}`);

    const login = await fetch(running.loginUrl!, { redirect: 'manual' });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe('/admin');
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/^admin_session=[\w-]{43}$/);
    const page = await fetch(`${running.url}/admin`, {
      headers: { cookie, accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/admin/logout');

    const api = await fetch(`${running.url}/admin/api/permission-catalogue`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(api.status).toBe(200);
    expect((await fetch(`${running.url}/admin/api/permission-catalogue`)).status).toBe(401);
    // The token is printed once on the console, never logged.
    expect(JSON.stringify(logs())).not.toContain(token);
  });

  it('records the demo template, delivers a suite ticket, and serves the simulator page linking to the dashboard', async () => {
    const [template] = running.container.config.templates;
    expect(await running.container.stores.templates.get(template!.suiteId)).toMatchObject({
      name: DEMO_TEMPLATE_NAME,
      status: 'online',
    });
    expect(await running.container.stores.credentials.getSuiteTicket(template!.suiteId)).toBeDefined();
    expect(running.simulator!.callbacks[0]).toMatchObject({ kind: 'suite_ticket', outcome: { ok: true } });

    const page = await fetch(running.simulatorUrl!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(DEMO_TEMPLATE_NAME);
    expect(html).toContain(`href="${running.url}/admin"`);
  });

  it('takes an authorization made in the simulator: the callback reaches the bot', async () => {
    const sim = running.simulator!;
    const suiteId = running.container.config.templates[0]!.suiteId;
    const { corpId, callback } = await sim.authorizeTemplate(suiteId, {
      corpName: '示例科技',
      admins: ['zhangsan'],
    });
    expect(callback.ok).toBe(true);
    await running.container.idle();
    expect(await running.container.stores.authorizations.get(suiteId, corpId)).toMatchObject({
      corpName: '示例科技',
      state: 'active',
    });
  });

  // Last: a day ahead, the suite ticket is stale until the next push (within a second of real time).
  it('runs real time that the simulator page moves ahead for the bot too', async () => {
    const html = await (await fetch(running.simulatorUrl!)).text();
    expect(html).toContain('+1 天 day');
    const before = running.container.clock.now().getTime();
    expect(Math.abs(before - Date.now())).toBeLessThan(60_000);
    const res = await fetch(new URL('/sim/api/clock/advance', running.simulatorUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sim-token': running.simulator!.token },
      body: JSON.stringify({ ms: 86_400_000 }),
    });
    expect(res.status).toBe(200);
    expect(running.container.clock.now().getTime() - before).toBeGreaterThanOrEqual(86_400_000);
    expect(running.container.config.lifecycle.pollIntervalMinutes).toBe(1);

    // WeCom would have pushed tickets meanwhile: the embedded default pushes one within a second.
    const suiteId = running.container.config.templates[0]!.suiteId;
    const fresh = async () =>
      ((await running.container.stores.credentials.getSuiteTicket(suiteId))?.receivedAt.getTime() ?? 0) >=
      before + 86_400_000;
    // Polled until it lands: a deadline of our own would measure the machine's load, not the bot.
    while (!(await fresh())) await new Promise((r) => setTimeout(r, 50));
  });
});

describe('startServer with a configured template', () => {
  const template = {
    suiteId: 'wwsuite0001',
    suiteSecret: 'suite-secret-0001',
    token: 'Tok3n0001',
    encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    name: '客户管家',
  };
  const config = () => ({
    ...loadConfig({}),
    host: '127.0.0.1',
    port: 0,
    adminToken: 'configured-admin-token-0123',
    store: 'memory' as const,
    templates: [template],
  });

  it('on the memory store by choice, warns at start and in /readyz', async () => {
    const memory = createMemoryLogger('info');
    const running = await startServer(config(), { logger: memory.logger });
    try {
      expect(memory.lines()).toContainEqual(
        expect.objectContaining({
          level: 40,
          msg: expect.stringContaining('a restart loses every authorization'),
        }),
      );
      const ready = await fetch(`${running.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ready',
        warning: expect.stringContaining('in-memory store'),
      });
    } finally {
      await running.close();
    }
  });

  it('runs no simulator and prints no token; close() may be called twice', async () => {
    const running = await startServer(config(), { logger: createMemoryLogger('silent').logger });
    expect(running.simulator).toBeUndefined();
    expect(running.simulatorUrl).toBeUndefined();
    expect(running.loginUrl).toBeUndefined();
    expect(running.container.config.wecom.apiBase).toBe('https://qyapi.weixin.qq.com');
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    await running.close();
    await running.close();
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
  });

  it('fails to start, closing what it opened, when the port is taken', async () => {
    const first = await startServer(config(), { logger: createMemoryLogger('silent').logger });
    try {
      const port = Number(new URL(first.url).port);
      await expect(
        startServer({ ...config(), port }, { logger: createMemoryLogger('silent').logger }),
      ).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});

describe('the HTTP server', () => {
  it("sets the configured timeouts instead of Node's loose defaults", () => {
    const { server: limits } = loadConfig({});
    const server = createHttpServer(() => undefined, limits);
    expect(server.headersTimeout).toBe(10_000);
    expect(server.requestTimeout).toBe(30_000);
    expect(server.keepAliveTimeout).toBe(5000);
    expect(server.maxConnections).toBe(1024);
  });

  it('drops connections beyond maxConnections at once', async () => {
    const limits = { ...loadConfig({}).server, maxConnections: 1 };
    const server = createHttpServer((_req, res) => res.end('ok'), limits);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const open = (): Socket => connect(port, '127.0.0.1').on('error', () => undefined);
    const accepted = new Promise((resolve) => server.once('connection', resolve));
    const first = open();
    await accepted;
    const second = open();
    await new Promise((resolve) => second.once('close', resolve));
    expect(first.destroyed).toBe(false);
    first.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
});
