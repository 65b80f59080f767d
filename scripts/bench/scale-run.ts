import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app';
import { createContainer, type Container } from '../../src/container';
import type { Stores } from '../../src/domain/ports/stores';
import { DAY, MINUTE, ManualClock } from '../../src/shared/clock';
import { createLogger } from '../../src/shared/logger';
import { createMemoryStores } from '../../src/stores/memory';
import { aDueRollout, anApp } from '../../test/helpers/domain-builders';
import { serveRequests } from './child';
import {
  AGENT_ID,
  SCHEDULER_START,
  SUITE,
  adminOf,
  benchConfig,
  corpId,
  seedAuthorizations,
} from './fixtures';

export const SCALE_ADMIN_TOKEN = 'bench-scale-admin-token';
/** One rollout in this many becomes due at each tick: 1 % of the enterprises. */
const DUE_SLICES = 100;

export interface TickCost {
  ticks: number;
  cpuSeconds: number;
  /** Reminders the rollout job claimed over those ticks (its batch limit caps each tick). */
  reminders: number;
}

let server: Server | undefined;
let container: Container | undefined;
let clock: ManualClock | undefined;

/**
 * `enterprises` authorized enterprises straight into the memory stores: each with an enabled app
 * and an active rollout whose reminders fall due 1 % at a time, one minute apart; 1 % with a
 * custom-permission request waiting for the admin, checked again tomorrow, filed `waitedDays` ago.
 */
async function seed(stores: Stores, c: Container, enterprises: number, waitedDays: number): Promise<void> {
  const now = c.clock.now();
  await seedAuthorizations(stores, c.secrets, enterprises, now);
  const plan = c.config.rollout.stages.map((s) => ({ ...s }));
  for (let i = 0; i < enterprises; i++) {
    const visibility = { users: [adminOf(i)], parties: [], tags: [] };
    const ids = { suiteId: SUITE.suiteId, corpId: corpId(i) };
    await stores.apps.create(
      anApp(now, {
        ...ids,
        agentId: AGENT_ID,
        name: SUITE.name,
        visibility,
        publishStatus: 2,
        enabledAt: now,
      }),
    );
    const dueAt = new Date(now.getTime() + (i % DUE_SLICES) * MINUTE);
    await stores.rollouts.create(
      aDueRollout(now, { ...ids, plan, actual: visibility, nextReminderAt: dueAt }),
    );
    if (i % DUE_SLICES === 7) {
      await stores.permissionRequests.file({
        ...ids,
        id: `bench-request-${i}`,
        requested: ['contact:read'],
        previous: [],
        filedBy: 'bench',
        raisedCount: 1,
        nextActionAt: new Date(now.getTime() + DAY),
        history: [],
        createdAt: new Date(now.getTime() - waitedDays * DAY),
      });
    }
  }
}

async function start(enterprises: number, apiBase: string, waitedDays: number): Promise<{ port: number }> {
  clock = new ManualClock(SCHEDULER_START);
  const stores = createMemoryStores();
  const config = benchConfig({
    logLevel: 'silent',
    adminToken: SCALE_ADMIN_TOKEN,
    // The pools are sealed with the wall clock; this bot lives on the scheduler's Monday morning.
    wecom: { apiBase, callbackMaxAgeSeconds: 0 },
  });
  container = await createContainer(config, {
    clock,
    logger: createLogger({ level: 'silent' }),
    stores,
    owner: 'bench-scale',
    sendImmediately: false,
  });
  await seed(stores, container, enterprises, waitedDays);
  server = createApp(container).listen(0, '127.0.0.1');
  await new Promise((resolve) => server!.once('listening', resolve));
  return { port: (server.address() as AddressInfo).port };
}

/** `count` scheduler ticks a minute apart, each finding the next 1 % due; CPU time of this process. */
async function ticks(count: number): Promise<TickCost> {
  const c = container!;
  let reminders = 0;
  let cpuSeconds = 0;
  for (let t = 0; t < count; t++) {
    const before = process.cpuUsage();
    const result = (await c.scheduler.tick()) as { rollout?: { reminded?: number } };
    await c.idle();
    const used = process.cpuUsage(before);
    cpuSeconds += (used.user + used.system) / 1e6;
    reminders += result.rollout?.reminded ?? 0;
    clock!.advance(MINUTE);
  }
  return { ticks: count, cpuSeconds, reminders };
}

async function stop(): Promise<void> {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await container?.close();
}

serveRequests(async (m) => {
  switch (m.cmd) {
    case 'start':
      return start(Number(m.enterprises), String(m.apiBase), Number(m.requestsWaitedDays ?? 0));
    case 'ticks':
      return ticks(Number(m.count));
    case 'cpu':
      await container?.idle();
      return process.cpuUsage();
    case 'stop':
      return stop();
    default:
      throw new Error(`unknown command ${String(m.cmd)}`);
  }
});
