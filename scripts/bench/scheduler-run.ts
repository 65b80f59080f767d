import { performance } from 'node:perf_hooks';
import { createContainer, type Container } from '../../src/container';
import { ManualClock } from '../../src/shared/clock';
import { createLogger } from '../../src/shared/logger';
import { createMemoryStores } from '../../src/stores/memory';
import type { Stores } from '../../src/domain/ports/stores';
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
import { aDueRollout, anApp } from '../../test/helpers/domain-builders';

export interface SchedulerRun {
  seconds: number;
  /** Back-to-back scheduler ticks each instance ran. */
  ticks: Record<string, number>;
  /** Rollouts whose reminder the bot recorded as sent. */
  remindedRollouts: number;
  outbox: Record<string, number>;
}

/** The bot's side through the stores: enabled apps whose rollout reached the pilot and is due now. */
async function seed(stores: Stores, c: Container, enterprises: number): Promise<void> {
  const now = c.clock.now();
  await seedAuthorizations(stores, c.secrets, enterprises, now);
  const plan = c.config.rollout.stages.map((s) => ({ ...s }));
  for (let i = 0; i < enterprises; i++) {
    const visibility = { users: [adminOf(i)], parties: [], tags: [] };
    await stores.apps.create(
      anApp(now, {
        suiteId: SUITE.suiteId,
        corpId: corpId(i),
        agentId: AGENT_ID,
        name: SUITE.name,
        visibility,
        publishStatus: 2,
        enabledAt: now,
      }),
    );
    await stores.rollouts.create(
      aDueRollout(now, { suiteId: SUITE.suiteId, corpId: corpId(i), plan, actual: visibility }),
    );
  }
}

/** Ticks one instance back to back, as cron would with no overlap, until nothing is left to do. */
async function drive(c: Container, stores: Stores): Promise<number> {
  for (let ticks = 1; ; ticks++) {
    const result = (await c.scheduler.tick()) as { rollout?: { reminded?: number } };
    await c.idle();
    const counts = await stores.outbox.countByStatus();
    if (!result.rollout?.reminded && counts.queued === 0 && counts.sending === 0) return ticks;
    // An idle tick on memory stores resolves without I/O: yield, or the other instance's answers starve.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Two scheduler instances (two containers, one memory Stores, two owners) remind every enterprise. */
async function run(enterprises: number, apiBase: string): Promise<SchedulerRun> {
  const clock = new ManualClock(SCHEDULER_START);
  const logger = createLogger({ level: 'silent' });
  const stores = createMemoryStores();
  const config = benchConfig({ logLevel: 'silent', wecom: { apiBase } });
  const instance = (owner: string) =>
    createContainer(config, { clock, logger, stores, owner, sleep: async (ms) => void clock.advance(ms) });
  const a = await instance('bench-a');
  const b = await instance('bench-b');
  await seed(stores, a, enterprises);

  const start = performance.now();
  const [ticksA, ticksB] = await Promise.all([drive(a, stores), drive(b, stores)]);
  const seconds = (performance.now() - start) / 1000;
  const reminded = (await stores.rollouts.list()).filter((r) => r.remindersSent === 1).length;
  const outbox = await stores.outbox.countByStatus();
  await Promise.all([a.close(), b.close()]);
  return { seconds, ticks: { a: ticksA, b: ticksB }, remindedRollouts: reminded, outbox };
}

serveRequests(async (m) => run(Number(m.enterprises), String(m.apiBase)));
