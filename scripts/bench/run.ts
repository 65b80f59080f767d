import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { cpusPinned, startChild, type Child } from './child';
import type { CryptoResult } from './crypto-loop';
import { BENCH_CORPS, CALLBACK_PATH, type Target } from './fixtures';
import type { LoadRequest, LoadResult, SteadyResult } from './load';
import type { Latency, UnderFlood } from './probe';
import { printCallbackReport, printReport, type BenchResults, type CallbackBenchResults } from './report';
import { scale } from './scale';
import type { SchedulerRun } from './scheduler-run';
import { build } from './built';
import { startup } from './startup';
import { sends } from './sends';
import type { WecomTally } from './wecom-sim';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench-results.json' },
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '32' },
    'memory-callbacks': { type: 'string', default: '200000' },
    enterprises: { type: 'string', default: '10000' },
    'scale-from': { type: 'string', default: '1000' },
    'scale-to': { type: 'string', default: '100000' },
    /** `callbacks`: only the raw loop and the callback phase (about a minute), to iterate on the callback path. */
    only: { type: 'string' },
  },
});
if (args.only !== undefined && args.only !== 'callbacks') {
  throw new Error(`--only takes one phase, callbacks; not ${args.only}`);
}
const DURATION = Number(args.duration);
const ROUNDS = Number(args.rounds);
const CONNECTIONS = Number(args.connections);
const MEMORY_CALLBACKS = Number(args['memory-callbacks']);
const ENTERPRISES = Number(args.enterprises);
const WARMUP_SECONDS = 2;
/** The bot and its callbacks on one core, the load generator and the simulator on the other. */
const BOT_CPU = 0;
const OTHER_CPU = 1;

/** Every pool starts at a fresh MsgId, so no callback in this run repeats one sent before. */
let nextMsgId = 7_000_000_000_000_000_000n;
function freshPool(needed: number): LoadRequest['pool'] {
  // autocannon builds each connection's first request ahead: a little more than the requests sent.
  const size = needed + 2 * CONNECTIONS;
  const pool = { size, firstMsgId: nextMsgId.toString(), corps: BENCH_CORPS };
  nextMsgId += BigInt(size);
  return pool;
}

export interface Pass extends LoadResult {
  /** CPU seconds the server spent on the pass, handling after the answers included. */
  serverCpuSeconds: number;
  /** Requests per server CPU-second: the rate one core that is not shared would sustain. */
  perCpuSecond: number;
  /** 1-minute load average when the pass ended (other work on the machine shows here). */
  loadAverage: number;
}

interface Server {
  child: Child;
  url: string;
  /** One autocannon pass, with the server's CPU time around it; `by` another load child if given. */
  pass(req: Omit<LoadRequest, 'url'>, by?: Child): Promise<Pass>;
  close(): Promise<void>;
}

type Usage = NodeJS.CpuUsage;
const cpuSeconds = (from: Usage, to: Usage) => (to.user - from.user + to.system - from.system) / 1e6;

/** A server child on the bot's core, loaded by `loader` from the other core; sending to `apiBase` if given. */
async function startServer(target: Target, loader: Child, apiBase?: string): Promise<Server> {
  const child = startChild('serve.ts', { cpu: BOT_CPU, nodeFlags: ['--expose-gc'] });
  const { port } = await child.request<{ port: number }>({ cmd: 'start', target, apiBase });
  const url = `http://127.0.0.1:${port}${CALLBACK_PATH}`;
  return {
    child,
    url,
    async pass(req, by = loader) {
      const before = await child.request<Usage>({ cmd: 'cpu' });
      const result = await by.request<LoadResult>({ cmd: 'run', url, ...req });
      const used = cpuSeconds(before, await child.request<Usage>({ cmd: 'cpu' }));
      return {
        ...result,
        serverCpuSeconds: used,
        perCpuSecond: result.requests / used,
        loadAverage: loadavg()[0]!,
      };
    },
    async close() {
      await child.request({ cmd: 'stop' }).catch(() => undefined);
      await child.stop();
    },
  };
}

/** Fails the run when an answer was not `success`: a fast error is not throughput. */
function checked(what: string, r: Pass): Pass {
  const bad = r.non2xx + r.errors + r.timeouts + r.mismatches;
  if (bad > 0) throw new Error(`${what}: ${bad} answers were not 200 success (${JSON.stringify(r)})`);
  // The ceilings cycle a small pool on purpose; only the bot dedupes, so only its pools must not wrap.
  if (r.wrapped && what.startsWith('bot'))
    console.warn(`${what}: the pool wrapped, so some callbacks were repeats`);
  return r;
}

/** Pool sizes: the ceilings do not dedupe (a cycled pool is fine), the bot needs one per request. */
const POOL: Record<'bare' | 'bare-body' | 'floor' | 'bot', (seconds: number) => number> = {
  bare: () => 20_000,
  'bare-body': () => 20_000,
  floor: () => 20_000,
  bot: (seconds) => 10_000 * seconds,
};

/**
 * The four servers (two koa ceilings, the floor pipeline, the bot) side by side, each warmed up, then measured in alternating rounds; the best
 * round of each counts, so a burst of other work on the machine hurts one round, not the ratio.
 */
async function callbacks() {
  const loader = startChild('load.ts', { cpu: OTHER_CPU });
  const targets = ['bare', 'bare-body', 'floor', 'bot'] as const;
  const servers = new Map<Target, Server>();
  try {
    const started = await Promise.all(targets.map((t) => startServer(t, loader)));
    targets.forEach((t, i) => servers.set(t, started[i]!));
    const run = (t: (typeof targets)[number], duration: number, overallRate?: number) =>
      servers.get(t)!.pass({
        connections: CONNECTIONS,
        duration,
        overallRate,
        // autocannon may start one more second than asked for.
        pool: freshPool(overallRate ? Math.ceil(overallRate * (duration + 1) * 1.1) : POOL[t](duration)),
      });
    for (const t of targets) await run(t, WARMUP_SECONDS);
    const best = new Map<Target, Pass>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of targets) {
        const pass = checked(t, await run(t, DURATION));
        if (!best.has(t) || pass.rps > best.get(t)!.rps) best.set(t, pass);
      }
    }
    const top = best.get('bot')!;
    // Half the measured peak at a fixed rate, as autocannon's overallRate paces it, then evenly spaced.
    const rate = Math.max(1, Math.floor(top.rps / 2));
    const half = checked('bot at half rate', await run('bot', DURATION, rate));
    const steady = await loader.request<SteadyResult>({
      cmd: 'steady',
      url: servers.get('bot')!.url,
      connections: 64,
      duration: DURATION,
      overallRate: rate,
      pool: freshPool(rate * DURATION),
    });
    if (steady.bad > 0) throw new Error(`bot at an even rate: ${steady.bad} answers were not 200 success`);
    return {
      bareNoBody: best.get('bare')!,
      bare: best.get('bare-body')!,
      floor: best.get('floor')!,
      bot: { top, half, steady, rate },
    };
  } finally {
    for (const server of servers.values()) await server.close();
    await loader.stop();
  }
}

/**
 * 200,000 callbacks at half of what the bot sustains with its replies sent, each reply sent to the
 * simulator and forgotten an hour later as in a running bot. The callback phase's peak answers
 * only: a reply costs CPU as well, and in the same process, so half that peak can be more than the
 * bot can answer and send, and the queue would be measured instead of what stays behind. The
 * warm-up runs at a quarter of the callback peak, and its CPU per callback, replies included, sets
 * the pace. The pool is sealed on the other core while the bot warms up (this server does not check
 * timestamps' age), not during a measured phase: the two cores may share execution units.
 */
async function memory(callbackHalfRate: number) {
  const sealer = startChild('load.ts', { cpu: OTHER_CPU });
  const warmLoader = startChild('load.ts', { cpu: OTHER_CPU });
  const wecom = startChild('wecom-sim.ts', { cpu: OTHER_CPU });
  // Two halves, read after each: the half-way reading shows the course, not just its two ends.
  const halves = [Math.ceil(MEMORY_CALLBACKS / 2), Math.floor(MEMORY_CALLBACKS / 2)].map((amount) => ({
    amount,
    pool: freshPool(amount),
  }));
  const sealed = Promise.all(halves.map(({ pool }) => sealer.request({ cmd: 'prepare', pool })));
  const { apiBase } = await wecom.request<{ apiBase: string }>({ cmd: 'start', enterprises: BENCH_CORPS });
  const server = await startServer('bot-memory', warmLoader, apiBase);
  try {
    // Long enough for the heap to reach its working size before the first reading.
    const warmup = Math.min(20_000, MEMORY_CALLBACKS);
    const warm = checked(
      'memory warm-up',
      await server.pass({
        connections: CONNECTIONS,
        amount: warmup,
        overallRate: Math.max(1, Math.floor(callbackHalfRate / 2)),
        pool: freshPool(warmup),
      }),
    );
    // A pass's CPU is read once the bot is idle again: its replies are sent by then.
    const withRepliesPerCpuSecond = warm.perCpuSecond;
    const rate = Math.max(1, Math.floor(withRepliesPerCpuSecond / 2));
    await sealed;
    const start = await server.child.request<Record<string, number>>({ cmd: 'memory' });
    const sentBefore = await wecom.request<number>({ cmd: 'sends' });
    const readings: Record<string, number>[] = [];
    let requests = 0;
    let seconds = 0;
    for (const { amount, pool } of halves) {
      const pass = checked(
        'memory',
        await server.pass({ connections: CONNECTIONS, amount, overallRate: rate, pool }, sealer),
      );
      requests += pass.requests;
      seconds += pass.seconds;
      readings.push(await server.child.request<Record<string, number>>({ cmd: 'memory' }));
    }
    const sent = (await wecom.request<number>({ cmd: 'sends' })) - sentBefore;
    await wecom.request({ cmd: 'stop' });
    return {
      start,
      mid: readings[0]!,
      end: readings[1]!,
      requests,
      seconds,
      sent,
      rate,
      withRepliesPerCpuSecond,
    };
  } finally {
    await server.close();
    await Promise.all([sealer.stop(), warmLoader.stop(), wecom.stop()]);
  }
}

/** Hostile callbacks always in flight: what a 64 KB CDATA flood once did to /healthz. */
const HOSTILE_IN_FLIGHT = 8;
/** Callbacks recorded before /metrics is timed again: it must not care how many there are. */
const METRICS_INBOX = 50_000;

/**
 * Unauthenticated load that once stalled the bot, measured by what it does to others: /healthz
 * p99 alone and while eight unsigned 64 KB CDATA floods are always in flight; then /metrics with an
 * empty inbox and with 50,000 recorded callbacks.
 */
async function hostile(): Promise<{ flood: UnderFlood; metricsEmpty: Latency; metricsFull: Latency }> {
  const probe = startChild('probe.ts', { cpu: OTHER_CPU });
  const server = await startServer('bot', probe);
  try {
    const flood = await probe.request<UnderFlood>({
      cmd: 'under-flood',
      url: server.url,
      seconds: DURATION,
      inFlight: HOSTILE_IN_FLIGHT,
    });
    const metricsUrl = new URL('/metrics', server.url).toString();
    const metricsEmpty = await probe.request<Latency>({ cmd: 'latency', url: metricsUrl, count: 200 });
    await server.child.request({ cmd: 'seed-inbox', count: METRICS_INBOX });
    const metricsFull = await probe.request<Latency>({ cmd: 'latency', url: metricsUrl, count: 200 });
    return { flood, metricsEmpty, metricsFull };
  } finally {
    await server.close();
    await probe.stop();
  }
}

async function crypto(): Promise<CryptoResult> {
  const child = startChild('crypto-loop.ts', { cpu: BOT_CPU });
  try {
    return await child.request<CryptoResult>({ seconds: 2 });
  } finally {
    await child.stop();
  }
}

/** The simulator answers from the other core, so the bot's two instances have this one to themselves. */
async function scheduler(): Promise<SchedulerRun & WecomTally> {
  const wecom = startChild('wecom-sim.ts', { cpu: OTHER_CPU });
  const bots = startChild('scheduler-run.ts', { cpu: BOT_CPU });
  try {
    const { apiBase } = await wecom.request<{ apiBase: string }>({ cmd: 'start', enterprises: ENTERPRISES });
    const run = await bots.request<SchedulerRun>({ enterprises: ENTERPRISES, apiBase });
    const tally = await wecom.request<WecomTally>({ cmd: 'tally', enterprises: ENTERPRISES });
    await wecom.request({ cmd: 'stop' });
    return { ...run, ...tally };
  } finally {
    await Promise.all([wecom.stop(), bots.stop()]);
  }
}

async function phase<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  console.log(`▸ ${name}`);
  const result = await run();
  console.log(`  done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return result;
}

/** The callback phase's fields of `bench-results.json`, with the raw loop beside it. */
function callbackResults(
  raw: CryptoResult,
  cb: Awaited<ReturnType<typeof callbacks>>,
): BenchResults['callbacks'] {
  return {
    botRps: cb.bot.top.rps,
    bareKoaRps: cb.bare.rps,
    bareKoaNoBodyRps: cb.bareNoBody.rps,
    cryptoOnlyOpsPerSec: raw.opsPerSec,
    floorPerCpuSecond: cb.floor.perCpuSecond,
    botPerCpuSecond: cb.bot.top.perCpuSecond,
    ratioToFloor: cb.bot.top.perCpuSecond / cb.floor.perCpuSecond,
    p99HalfPeakMs: cb.bot.half.p99Ms,
    ratioToBareKoa: cb.bot.top.rps / cb.bare.rps,
    ratioToBareKoaNoBody: cb.bot.top.rps / cb.bareNoBody.rps,
    p50Ms: cb.bot.half.p50Ms,
    p99Ms: cb.bot.half.p99Ms,
    halfRate: cb.bot.rate,
    halfRateAchievedRps: cb.bot.half.rps,
    steadyP50Ms: cb.bot.steady.p50Ms,
    steadyP99Ms: cb.bot.steady.p99Ms,
    steadyMaxMs: cb.bot.steady.maxMs,
    steadyP99FromSendMs: cb.bot.steady.p99FromSendMs,
    peakP50Ms: cb.bot.top.p50Ms,
    peakP99Ms: cb.bot.top.p99Ms,
    perCpuSecond: {
      bot: cb.bot.top.perCpuSecond,
      bareKoa: cb.bare.perCpuSecond,
      bareKoaNoBody: cb.bareNoBody.perCpuSecond,
      cryptoOnly: raw.opsPerCpuSec,
      cryptoWithEnvelope: raw.withEnvelopeOpsPerCpuSec,
      ratioToBareKoa: cb.bot.top.perCpuSecond / cb.bare.perCpuSecond,
    },
    cryptoWithEnvelopeOpsPerSec: raw.withEnvelopeOpsPerSec,
    passes: {
      bareKoaNoBody: cb.bareNoBody,
      bareKoa: cb.bare,
      floor: cb.floor,
      botPeak: cb.bot.top,
      botHalfRate: cb.bot.half,
    },
  };
}

async function main(): Promise<void> {
  const began = performance.now();
  const loadAverageStart = loadavg()[0]!;
  console.log(
    `bench: ${CONNECTIONS} connections, ${DURATION} s passes; ` +
      (cpusPinned
        ? 'bot on cpu 0, load generator and simulator on cpu 1 (taskset)'
        : 'no taskset: not pinned') +
      `; load average ${loadAverageStart.toFixed(1)} at the start`,
  );
  await phase('build: the servers measured run dist/, as production does', async () => build());
  const raw = await phase('raw verify+decrypt+parse loop', crypto);
  const cb = await phase('callbacks: bare koa ceilings, then the bot', callbacks);
  const machine = () => ({
    node: process.version,
    pinned: cpusPinned,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    loadAverageStart,
    loadAverageEnd: loadavg()[0]!,
  });
  if (args.only === 'callbacks') {
    const results: CallbackBenchResults = {
      at: new Date().toISOString(),
      machine: machine(),
      callbacks: callbackResults(raw, cb),
      totalSeconds: (performance.now() - began) / 1000,
    };
    printCallbackReport(results);
    return write(results);
  }
  const send = await phase('sends: the WeCom client, message/send to the simulator', () =>
    sends({ client: BOT_CPU, simulator: OTHER_CPU }),
  );
  const mem = await phase(
    `memory: ${MEMORY_CALLBACKS.toLocaleString('en-US')} callbacks at half what the bot sustains with its replies`,
    () => memory(cb.bot.rate),
  );
  const sched = await phase(`scheduler: ${ENTERPRISES.toLocaleString('en-US')} enterprises`, scheduler);
  const host = await phase(
    `hostile load: /healthz under ${HOSTILE_IN_FLIGHT} floods, /metrics at ${METRICS_INBOX.toLocaleString('en-US')} callbacks`,
    hostile,
  );

  const sizes = [Number(args['scale-from']), Number(args['scale-to'])] as [number, number];
  const scaled = await phase(
    `scale: ${sizes.map((n) => n.toLocaleString('en-US')).join(' → ')} enterprises`,
    () => scale({ sizes, botCpu: BOT_CPU, otherCpu: OTHER_CPU }),
  );
  const started = await phase('startup: the built server to /readyz', startup);

  const results: BenchResults = {
    at: new Date().toISOString(),
    machine: machine(),
    callbacks: callbackResults(raw, cb),
    sends: send,
    memory: {
      callbacks: mem.requests,
      rate: mem.rate,
      withRepliesPerCpuSecond: mem.withRepliesPerCpuSecond,
      seconds: mem.seconds,
      rssStartMb: mem.start.rssMb!,
      rssHalfMb: mem.mid.rssMb!,
      rssEndMb: mem.end.rssMb!,
      rssPeakMb: mem.end.rssPeakMb!,
      heapUsedStartMb: mem.start.heapUsedMb!,
      heapUsedEndMb: mem.end.heapUsedMb!,
      externalEndMb: mem.end.externalMb!,
      peakHeapUsedMb: mem.end.peakHeapUsedMb!,
      peakExternalMb: mem.end.peakExternalMb!,
      peakOutboxQueued: mem.end.peakOutboxQueued!,
      inboxEntriesStart: mem.start.inboxEntries!,
      inboxEntriesEnd: mem.end.inboxEntries!,
      outboxMessagesStart: mem.start.outboxMessages!,
      outboxMessagesEnd: mem.end.outboxMessages!,
      repliesSent: mem.sent,
      gcForced: mem.end.gc === 1,
    },
    scheduler: {
      enterprises: ENTERPRISES,
      reminders: sched.reminders,
      duplicates: sched.duplicates,
      missing: sched.missing,
      seconds: sched.seconds,
      remindersPerSec: sched.reminders / sched.seconds,
      ticks: sched.ticks,
      apiCalls: sched.apiCalls,
      apiErrors: sched.apiErrors,
    },
    hostile: {
      inFlight: host.flood.inFlight,
      healthzQuietP99Ms: host.flood.quiet.p99Ms,
      healthzFloodedP50Ms: host.flood.flooded.p50Ms,
      healthzFloodedP99Ms: host.flood.flooded.p99Ms,
      healthzFloodedMaxMs: host.flood.flooded.maxMs,
      hostileSent: host.flood.hostileSent,
      hostileStatuses: host.flood.hostileStatuses,
      metricsInbox: METRICS_INBOX,
      metricsEmptyP50Ms: host.metricsEmpty.p50Ms,
      metricsEmptyP99Ms: host.metricsEmpty.p99Ms,
      metricsFullP50Ms: host.metricsFull.p50Ms,
      metricsFullP99Ms: host.metricsFull.p99Ms,
    },
    scale: scaled,
    startup: started,
    totalSeconds: (performance.now() - began) / 1000,
  };
  printReport(results);
  write(results);
}

function write(results: CallbackBenchResults): void {
  writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${args.out} (${results.totalSeconds.toFixed(0)} s in all)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
