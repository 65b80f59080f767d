import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import request from 'supertest';
import { createApp } from '../../src/app';
import { sealCallback, type SealedCallback } from '../../src/callback/seal-callback';
import { deepMerge, loadConfig, type Config } from '../../src/config';
import { createContainer, type Container } from '../../src/container';
import type { ManualClock } from '../../src/shared/clock';
import { createMemoryLogger } from '../../src/shared/logger';
import { createSimulator, type Simulator } from '../../src/simulator/create-simulator';
import type { SentMessage } from '../../src/simulator/sim-types';
import type { Stores } from '../../src/domain/ports/stores';
import { SUITE, xml } from '../helpers/test-bot';
import { aDueRollout, anApp } from '../helpers/domain-builders';

export { SUITE, xml };

/**
 * The bot's app on one loopback server (a free port), recording each request's server CPU in
 * milliseconds (user + system, from the request reaching it to its answer leaving). Requests sent
 * one at a time make each figure that request's own cost.
 */
export async function cpuMeteredServer(bot: Bot, costsMs: number[]): Promise<Server> {
  const handle = bot.app.callback();
  const server = createServer((req, res) => {
    const before = process.cpuUsage();
    res.once('finish', () => {
      const { user, system } = process.cpuUsage(before);
      costsMs.push((user + system) / 1000);
    });
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Monday 10:00 in Shanghai: inside the default working hours. */
export const MONDAY_10AM = '2026-03-02T02:00:00Z';
const SUPPORT_KEY = 'reliability-support';

export interface SimulatedWecom {
  sim: Simulator;
  apiBase: string;
  /** Resolves once every API request the simulator received has been answered (or held and applied). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The simulator on a loopback port, behind a handler that counts requests in flight: a held
 * (timeoutMs) answer is still applied after the bot gave up, and tests wait for that, not guess.
 */
export async function startSimulatedWecom(clock: ManualClock): Promise<SimulatedWecom> {
  const sim = createSimulator({ clock, webhookKeys: [SUPPORT_KEY] });
  sim.addTemplate({ ...SUITE });
  const handle = sim.app.callback();
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const done = handle(req, res).then(() => undefined);
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    sim,
    apiBase: `http://127.0.0.1:${port}`,
    async settled() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Bot {
  container: Container;
  app: Koa;
  stores: Stores;
  http: () => ReturnType<typeof request>;
  /** Posts a sealed callback as WeCom would (same query and body on every delivery); app URL by default. */
  post(sealed: SealedCallback, target?: 'apps' | 'templates'): request.Test;
  /** Runs the scheduler's jobs once, as a cron tick does, and waits for the sends it started. */
  tick(): Promise<Record<string, unknown>>;
  logs: () => Record<string, unknown>[];
}

export interface BotOptions {
  clock: ManualClock;
  apiBase: string;
  stores?: Stores;
  owner?: string;
  sendImmediately?: boolean;
  config?: Record<string, unknown>;
  /** Of the in-memory log; debug unless a test needs production's cost per line. */
  logLevel?: string;
}

/** The real container and app, WeCom at `apiBase`, the test clock for every wait the bot makes. */
export async function createBot(opts: BotOptions): Promise<Bot> {
  const base = deepMerge(loadConfig({}) as unknown as Record<string, unknown>, {
    logLevel: 'debug',
    // Instances sharing stores must open each other's sealed permanent codes, as with MongoDB.
    secretKey: 'b2'.repeat(32),
    supportWebhookUrl: `${opts.apiBase}/cgi-bin/webhook/send?key=${SUPPORT_KEY}`,
    templates: [SUITE],
    wecom: { apiBase: opts.apiBase, maxRetries: 2 },
  });
  const config = deepMerge(base, opts.config ?? {}) as unknown as Config;
  const { logger, lines } = createMemoryLogger(opts.logLevel);
  const container = await createContainer(config, {
    clock: opts.clock,
    logger,
    stores: opts.stores,
    owner: opts.owner,
    sendImmediately: opts.sendImmediately,
    random: () => 0.5,
    sleep: async (ms) => void opts.clock.advance(ms),
  });
  const app = createApp(container);
  const handler = app.callback();
  const http = () => request(handler);
  return {
    container,
    app,
    stores: container.stores,
    http,
    post: (sealed, target = 'apps') =>
      http()
        .post(`/wecom/${target}/${SUITE.suiteId}/callback`)
        .query(sealed.query)
        .type('text/xml')
        .send(sealed.body),
    async tick() {
      const result = await container.scheduler.tick();
      await container.idle();
      return result;
    },
    logs: lines,
  };
}

export interface Corp {
  corpId: string;
  agentId: number;
  admins: string[];
}

/**
 * An enterprise authorized in the simulator, and the same authorization in the bot's store (as
 * create_auth would leave it): the fault cases start from there, not from the authorization flow.
 */
export async function authorizeCorp(
  wecom: SimulatedWecom,
  bot: Bot,
  admins: string[] = ['zhangsan', 'lisi'],
): Promise<Corp> {
  const { corpId, agentId } = await wecom.sim.authorizeTemplate(SUITE.suiteId, {
    corpName: '示例科技',
    admins,
  });
  wecom.sim.putOnline(corpId);
  const now = bot.container.clock.now();
  await bot.stores.authorizations.create({
    suiteId: SUITE.suiteId,
    corpId,
    corpName: '示例科技',
    agentId,
    admins,
    permanentCodeEnc: bot.container.secrets.seal(wecom.sim.state.corp(corpId).permanentCode),
    state: 'active',
    timeZone: 'Asia/Shanghai',
    createdAt: now,
    updatedAt: now,
  });
  return { corpId, agentId, admins };
}

/** An enabled app whose rollout reached the pilot (the admins see it) and whose reminder is due. */
export async function dueRollout(bot: Bot, corp: Corp): Promise<void> {
  const { stores, clock, config } = bot.container;
  const now = clock.now();
  const visibility = { users: [...corp.admins], parties: [], tags: [] };
  await stores.apps.create(
    anApp(now, {
      suiteId: SUITE.suiteId,
      corpId: corp.corpId,
      agentId: corp.agentId,
      name: SUITE.name,
      visibility,
      publishStatus: 2,
      enabledAt: now,
    }),
  );
  await stores.rollouts.create(
    aDueRollout(now, {
      suiteId: SUITE.suiteId,
      corpId: corp.corpId,
      plan: config.rollout.stages.map((s) => ({ ...s })),
      actual: visibility,
    }),
  );
}

/** A text message from `from` to the app, sealed as WeCom seals it. */
export function textCallback(
  clock: ManualClock,
  corp: Corp,
  opts: { from?: string; msgId: string; content: string },
): SealedCallback {
  const createTime = Math.floor(clock.now().getTime() / 1000);
  return sealCallback(
    xml({
      ToUserName: corp.corpId,
      FromUserName: opts.from ?? corp.admins[0]!,
      CreateTime: createTime,
      MsgType: 'text',
      Content: opts.content,
      MsgId: opts.msgId,
      AgentID: corp.agentId,
    }),
    { token: SUITE.token, encodingAESKey: SUITE.encodingAESKey, receiverId: corp.corpId },
    { timestamp: createTime, agentId: String(corp.agentId) },
  );
}

/** A template (instruction) callback with these fields, sealed for the template URL. */
export function templateCallback(
  clock: ManualClock,
  fields: Record<string, string | number>,
): SealedCallback {
  const timestamp = Math.floor(clock.now().getTime() / 1000);
  return sealCallback(
    xml({ SuiteId: SUITE.suiteId, TimeStamp: timestamp, ...fields }),
    { token: SUITE.token, encodingAESKey: SUITE.encodingAESKey, receiverId: SUITE.suiteId },
    { timestamp },
  );
}

/** What members actually received (the simulator delivered it), not what the bot tried to send. */
export function delivered(
  wecom: SimulatedWecom,
  corpId: string,
  filter: (m: SentMessage) => boolean = () => true,
): SentMessage[] {
  return wecom.sim.state.messages.filter((m) => m.corpId === corpId && filter(m));
}

/** message/send calls that reached the simulator for this corp, whatever the answer. */
export function sendCalls(wecom: SimulatedWecom, agentId: number): number {
  return wecom.sim.calls.filter(
    (c) => c.path === '/cgi-bin/message/send' && (c.body as { agentid?: unknown }).agentid === agentId,
  ).length;
}

/** A promise the test opens when it wants: a store call or a process that "hangs" until then. */
export function gate(): { wait: Promise<void>; open: () => void; entered: Promise<void>; enter: () => void } {
  let open!: () => void;
  let enter!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  const entered = new Promise<void>((resolve) => (enter = resolve));
  return { wait, open, entered, enter };
}
