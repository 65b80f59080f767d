import { startChild } from './child';
import { CALLBACK_PATH, corpId } from './fixtures';
import type { LoadResult } from './load';
import type { Latency } from './probe';
import { SCALE_ADMIN_TOKEN, type TickCost } from './scale-run';

/** What one request or one reminder costs the bot with `enterprises` authorized, in CPU milliseconds. */
export interface ScaleCosts {
  enterprises: number;
  callbackCpuMs: number;
  /** A scheduler tick with 1 % of the rollouts due, per reminder it sent. */
  tickCpuMsPerReminder: number;
  metricsCpuMs: number;
  overviewCpuMs: number;
  enterpriseListCpuMs: number;
  /** The enterprises with a permission request waiting: where the overview's to-do list sends support. */
  filteredListCpuMs: number;
  diagnosisCpuMs: number;
}

export interface ScaleResult {
  /** The larger size; each ratio is its cost over the cost at `small.enterprises`. */
  enterprises: number;
  callbackCpuRatio: number;
  tickRatio: number;
  metricsRatio: number;
  overviewRatio: number;
  enterpriseListRatio: number;
  filteredListRatio: number;
  diagnosisRatio: number;
  small: ScaleCosts;
  large: ScaleCosts;
}

export interface ScaleOptions {
  sizes: [number, number];
  botCpu: number;
  otherCpu: number;
  /** How long the seeded permission requests have waited (0 unless run-scale.ts is told). */
  requestsWaitedDays?: number;
}

// Thirty: one tick costs a few ms of CPU, and the machine is shared.
const TICKS = 30;
const WARMUP_CALLBACKS = 2_000;
const CALLBACKS = 4_000;
/** Each page is asked for until the bot spent this much CPU on it, or `MAX_REQUESTS` times. */
const CPU_PER_PAGE_SECONDS = 0.5;
const MAX_REQUESTS = 300;

type Usage = NodeJS.CpuUsage;
const cpuMs = (from: Usage, to: Usage) => (to.user - from.user + to.system - from.system) / 1e3;

/** MsgIds of their own: each size runs a fresh bot, so they only need to differ within one. */
let nextMsgId = 8_000_000_000_000_000_000n;

async function costsAt(enterprises: number, opts: ScaleOptions): Promise<ScaleCosts> {
  const wecom = startChild('wecom-sim.ts', { cpu: opts.otherCpu });
  const loader = startChild('load.ts', { cpu: opts.otherCpu });
  const probe = startChild('probe.ts', { cpu: opts.otherCpu });
  const bot = startChild('scale-run.ts', { cpu: opts.botCpu, nodeFlags: ['--max-old-space-size=4096'] });
  try {
    const { apiBase } = await wecom.request<{ apiBase: string }>({ cmd: 'start', enterprises });
    const { port } = await bot.request<{ port: number }>({
      cmd: 'start',
      enterprises,
      apiBase,
      requestsWaitedDays: opts.requestsWaitedDays ?? 0,
    });
    const base = `http://127.0.0.1:${port}`;
    // The ticks come first: afterwards the callbacks' replies wait in the outbox, and no tick sends them.
    const tick = await bot.request<TickCost>({ cmd: 'ticks', count: TICKS });
    const callbacks = async (amount: number) => {
      const pool = { size: amount + 64, firstMsgId: nextMsgId.toString(), corps: enterprises };
      nextMsgId += BigInt(pool.size);
      const before = await bot.request<Usage>({ cmd: 'cpu' });
      const r = await loader.request<LoadResult>({
        cmd: 'run',
        url: base + CALLBACK_PATH,
        connections: 8,
        amount,
        pool,
      });
      if (r.non2xx + r.errors + r.timeouts + r.mismatches > 0)
        throw new Error(`scale callbacks: ${JSON.stringify(r)}`);
      return cpuMs(before, await bot.request<Usage>({ cmd: 'cpu' })) / r.requests;
    };
    await callbacks(WARMUP_CALLBACKS);
    const callbackCpuMs = await callbacks(CALLBACKS);
    const page = async (path: string) => {
      const url = base + path;
      const headers = { authorization: `Bearer ${SCALE_ADMIN_TOKEN}` };
      await probe.request<Latency>({ cmd: 'latency', url, count: 3, headers });
      let spent = 0;
      let requests = 0;
      for (let batch = 1; spent < CPU_PER_PAGE_SECONDS * 1000 && requests < MAX_REQUESTS; batch *= 2) {
        const count = Math.min(batch, MAX_REQUESTS - requests);
        const before = await bot.request<Usage>({ cmd: 'cpu' });
        await probe.request<Latency>({ cmd: 'latency', url, count, headers });
        spent += cpuMs(before, await bot.request<Usage>({ cmd: 'cpu' }));
        requests += count;
      }
      console.log(
        `  ${enterprises.toLocaleString('en-US')} enterprises: ${path} ${(spent / requests).toFixed(2)} ms CPU`,
      );
      return spent / requests;
    };
    const costs: ScaleCosts = {
      enterprises,
      callbackCpuMs,
      tickCpuMsPerReminder: (tick.cpuSeconds * 1000) / Math.max(1, tick.reminders),
      metricsCpuMs: await page('/metrics'),
      overviewCpuMs: await page('/admin/api/overview'),
      enterpriseListCpuMs: await page('/admin/api/enterprises?page=2&pageSize=20'),
      filteredListCpuMs: await page('/admin/api/enterprises?pending=true&pageSize=20'),
      diagnosisCpuMs: await page(`/admin/api/enterprises/${corpId(Math.floor(enterprises / 2))}/diagnosis`),
    };
    await bot.request({ cmd: 'stop' });
    await wecom.request({ cmd: 'stop' });
    return costs;
  } finally {
    await Promise.all([bot.stop(), probe.stop(), loader.stop(), wecom.stop()]);
  }
}

/** The same bot at two sizes, each in fresh processes: how each cost grows with the enterprises. */
export async function scale(opts: ScaleOptions): Promise<ScaleResult> {
  const small = await costsAt(opts.sizes[0], opts);
  const large = await costsAt(opts.sizes[1], opts);
  return {
    enterprises: large.enterprises,
    callbackCpuRatio: large.callbackCpuMs / small.callbackCpuMs,
    tickRatio: large.tickCpuMsPerReminder / small.tickCpuMsPerReminder,
    metricsRatio: large.metricsCpuMs / small.metricsCpuMs,
    overviewRatio: large.overviewCpuMs / small.overviewCpuMs,
    enterpriseListRatio: large.enterpriseListCpuMs / small.enterpriseListCpuMs,
    filteredListRatio: large.filteredListCpuMs / small.filteredListCpuMs,
    diagnosisRatio: large.diagnosisCpuMs / small.diagnosisCpuMs,
    small,
    large,
  };
}
