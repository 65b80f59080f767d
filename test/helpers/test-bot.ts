import request from 'supertest';
import type Koa from 'koa';
import { loadConfig, deepMerge, type Config } from '../../src/config';
import { createContainer, type Container } from '../../src/container';
import { createApp } from '../../src/app';
import { ManualClock } from '../../src/shared/clock';
import { createMemoryLogger } from '../../src/shared/logger';
import { sealCallback } from '../../src/callback/seal-callback';
import type { Stores } from '../../src/domain/ports/stores';
import { fetchTransport } from './fetch-transport';

export const WECOM_BASE = 'https://wecom.test';
export const SUITE = {
  suiteId: 'wwsuite0001',
  suiteSecret: 'suite-secret-0001',
  token: 'Tok3n0001',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  name: '客户管家',
};
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestBot {
  container: Container;
  app: Koa;
  clock: ManualClock;
  stores: Stores;
  logs: () => Record<string, unknown>[];
  http: () => ReturnType<typeof request>;
  /** Posts an encrypted, signed template callback and waits for its handling. */
  templateCallback(xml: string): Promise<request.Response>;
  /** Posts an encrypted, signed app (data) callback from corpId and waits for its handling. */
  appCallback(corpId: string, xml: string): Promise<request.Response>;
  /** Runs the scheduler's jobs once (what a cron tick does) and waits for sends. */
  tick(): Promise<Record<string, unknown>>;
  admin(method: 'get' | 'post' | 'put', path: string, body?: unknown): Promise<request.Response>;
  close(): Promise<void>;
}

/** The real container and Koa app on memory stores, with a manual clock and WeCom at WECOM_BASE. */
export async function createTestBot(
  overrides: Record<string, unknown> = {},
  opts: { clock?: ManualClock; stores?: Stores; owner?: string; sendImmediately?: boolean } = {},
): Promise<TestBot> {
  const clock = opts.clock ?? new ManualClock('2026-03-02T02:00:00Z'); // Monday 10:00 in Shanghai
  const base = loadConfig({});
  const config = deepMerge(base as unknown as Record<string, unknown>, {
    adminToken: ADMIN_TOKEN,
    logLevel: 'debug',
    supportWebhookUrl: `${WECOM_BASE}/cgi-bin/webhook/send?key=support`,
    wecom: { ...base.wecom, apiBase: WECOM_BASE, providerCorpId: 'wwprovider', maxRetries: 2 },
    templates: [SUITE],
    ...overrides,
  }) as unknown as Config;
  const { logger, lines } = createMemoryLogger();
  const container = await createContainer(config, {
    clock,
    logger,
    stores: opts.stores,
    owner: opts.owner,
    sendImmediately: opts.sendImmediately,
    transport: fetchTransport,
    random: () => 0.5,
    sleep: async (ms) => void clock.advance(ms),
  });
  const app = createApp(container);
  const server = app.callback();
  const http = () => request(server);

  async function post(path: string, sealed: ReturnType<typeof sealCallback>): Promise<request.Response> {
    const res = await http().post(path).query(sealed.query).type('text/xml').send(sealed.body);
    await container.idle();
    return res;
  }

  return {
    container,
    app,
    clock,
    stores: container.stores,
    logs: lines,
    http,
    templateCallback: (xml) =>
      post(
        `/wecom/templates/${SUITE.suiteId}/callback`,
        sealCallback(xml, { ...SUITE, receiverId: SUITE.suiteId }, { timestamp: seconds(clock) }),
      ),
    appCallback: (corpId, xml) =>
      post(
        `/wecom/apps/${SUITE.suiteId}/callback`,
        sealCallback(xml, { ...SUITE, receiverId: corpId }, { timestamp: seconds(clock) }),
      ),
    async tick() {
      const result = await container.scheduler.tick();
      await container.idle();
      return result;
    },
    async admin(method, path, body) {
      const req = http()[method](path).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
      const res = body === undefined ? await req : await req.send(body as object);
      await container.idle();
      return res;
    },
    close: () => container.close(),
  };
}

export function seconds(clock: { now(): Date }): number {
  return Math.floor(clock.now().getTime() / 1000);
}

/** Plain callback XML as WeCom sends it (CDATA everywhere). */
export function xml(fields: Record<string, string | number>): string {
  return `<xml>${Object.entries(fields)
    .map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`)
    .join('')}</xml>`;
}
