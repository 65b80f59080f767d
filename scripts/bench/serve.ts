import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import type * as App from '../../src/app';
import type * as ContainerModule from '../../src/container';
import type { Container } from '../../src/container';
import type * as ClockModule from '../../src/shared/clock';
import type { Clock } from '../../src/shared/clock';
import type * as LoggerModule from '../../src/shared/logger';
import { built } from './built';
import { serveRequests } from './child';
import { floorApp } from './floor-app';
import { BENCH_CORPS, benchConfig, seedAuthorizations, type Target } from './fixtures';

/** The system clock plus an offset the memory phase moves, so dedupe keys expire in seconds. */
const { createApp } = built<typeof App>('app');
const { createContainer } = built<typeof ContainerModule>('container');
const { HOUR, MINUTE } = built<typeof ClockModule>('shared/clock');
const { createLogger } = built<typeof LoggerModule>('shared/logger');

class OffsetClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

let server: Server | undefined;
let container: Container | undefined;
let aging: NodeJS.Timeout | undefined;
const peaks = { heapUsed: 0, external: 0, queued: 0 };

async function start(target: Target, apiBase?: string): Promise<{ port: number }> {
  const app =
    target === 'bare' || target === 'bare-body'
      ? bareApp(target === 'bare-body')
      : target === 'floor'
        ? floorApp()
        : await botApp(target, apiBase);
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server!.once('listening', resolve));
  return { port: (server.address() as AddressInfo).port };
}

/** The ceilings: koa answering `success`, with and without reading the body. */
function bareApp(readBody: boolean): Koa {
  const app = new Koa();
  app.use(async (ctx) => {
    if (readBody) {
      const chunks: Buffer[] = [];
      for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
      Buffer.concat(chunks).toString('utf8');
    }
    ctx.type = 'text/plain';
    ctx.body = 'success';
  });
  return app;
}

/**
 * The real container and app on memory stores. In the throughput passes sends stay queued
 * (sendImmediately off, no scheduler): the measurement is the callback path, answer and handling,
 * not WeCom's side. The memory phase runs as the bot does for days: each reply is sent to the
 * simulator at `apiBase`, and finished messages and dedupe keys are forgotten as they age.
 */
async function botApp(target: 'bot' | 'bot-memory', apiBase?: string): Promise<Koa> {
  const clock = new OffsetClock();
  const memory = target === 'bot-memory';
  if (memory && !apiBase) throw new Error('the memory phase sends its replies: apiBase is needed');
  const config = benchConfig({
    logLevel: 'silent',
    // Simulated time runs fast in the memory phase: the replay window would refuse the pool.
    ...(memory && {
      wecom: { callbackMaxAgeSeconds: 0, apiBase },
      inbox: { dedupeTtlHours: 1 },
    }),
  });
  container = await createContainer(config, {
    clock,
    logger: createLogger({ level: 'silent' }),
    sendImmediately: memory,
  });
  await seedAuthorizations(container.stores, container.secrets, BENCH_CORPS, clock.now());
  if (memory) {
    const c = container;
    // Every 250 ms ten minutes pass and the inbox and retention jobs run, as the scheduler's cron
    // tick would; an hour's retention instead of days, so the phase reaches its steady state.
    aging = setInterval(() => {
      clock.offsetMs += 10 * MINUTE;
      const now = clock.now();
      void c.stores.inbox.purgeExpired(now);
      void c.stores.outbox.purgeFinished(new Date(now.getTime() - HOUR));
      const m = process.memoryUsage();
      peaks.heapUsed = Math.max(peaks.heapUsed, m.heapUsed);
      peaks.external = Math.max(peaks.external, m.external);
      void c.stores.outbox.countByStatus().then((n) => {
        peaks.queued = Math.max(peaks.queued, n.queued ?? 0);
      });
    }, 250);
  }
  return createApp(container);
}

async function memory(): Promise<Record<string, number>> {
  await container?.idle();
  if (typeof global.gc === 'function') {
    global.gc();
    global.gc();
  }
  const m = process.memoryUsage();
  const counts = container ? await container.stores.outbox.countByStatus() : undefined;
  const groups = container ? await container.stores.inbox.countByKindAndStatus() : [];
  const inbox = groups.reduce((sum, g) => sum + g.count, 0);
  return {
    rssMb: m.rss / 2 ** 20,
    // The most this process ever held (maxRSS is in KiB): what a container's limit is measured against.
    rssPeakMb: process.resourceUsage().maxRSS / 2 ** 10,
    heapUsedMb: m.heapUsed / 2 ** 20,
    externalMb: m.external / 2 ** 20,
    // Sampled every 250 ms while the memory phase runs: what the high-water mark of RSS was made of.
    peakHeapUsedMb: peaks.heapUsed / 2 ** 20,
    peakExternalMb: peaks.external / 2 ** 20,
    peakOutboxQueued: peaks.queued,
    inboxEntries: inbox,
    outboxMessages: counts ? Object.values(counts).reduce((a, b) => a + b, 0) : 0,
    gc: typeof global.gc === 'function' ? 1 : 0,
  };
}

/** Records `count` callbacks straight into the inbox, as if they had come in: /metrics at size. */
async function seedInbox(count: number): Promise<number> {
  if (!container) throw new Error('no bot is running');
  const receivedAt = container.clock.now();
  const expiresAt = new Date(receivedAt.getTime() + 72 * HOUR);
  for (let i = 0; i < count; i++) {
    const key = `bench:seeded:${i}`;
    const event = {
      kind: 'text',
      source: 'app',
      suiteId: 'wwbenchsuite01',
      corpId: 'wwbench000000',
      msgId: String(i),
    };
    await container.stores.inbox.recordOnce({
      key,
      kind: 'text',
      suiteId: event.suiteId,
      corpId: event.corpId,
      event,
      receivedAt,
      expiresAt,
    });
    if (i % 2 === 0) await container.stores.inbox.markHandled(key, receivedAt);
  }
  return count;
}

async function stop(): Promise<void> {
  clearInterval(aging);
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await container?.close();
}

serveRequests(async (m) => {
  switch (m.cmd) {
    case 'start':
      return start(m.target as Target, m.apiBase as string | undefined);
    case 'memory':
      return memory();
    case 'seed-inbox':
      return seedInbox(m.count as number);
    case 'cpu':
      // Handling runs after the answer: the work a pass caused is done once the queue is empty.
      await container?.idle();
      return process.cpuUsage();
    case 'stop':
      return stop();
    default:
      throw new Error(`unknown command ${String(m.cmd)}`);
  }
});
