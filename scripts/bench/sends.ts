import { startChild } from './child';
import { BENCH_CORPS } from './fixtures';
import type { SendLoopResult } from './send-loop';

/** Sends measured; the warm-up fetches every enterprise's token and lets the JIT settle first. */
const SENDS = 20_000;
const WARMUP = 5_000;
/** Calls in flight: the outbox's default concurrency. */
const CONCURRENCY = 8;

/**
 * The send path's cost: the WeCom client making message/send calls to the simulator, the client
 * on the bot's core and the simulator on the other, per CPU-second of the client's process.
 */
export async function sends(cpus: { client: number; simulator: number }): Promise<SendLoopResult> {
  const wecom = startChild('wecom-sim.ts', { cpu: cpus.simulator });
  const client = startChild('send-loop.ts', { cpu: cpus.client });
  try {
    const { apiBase } = await wecom.request<{ apiBase: string }>({ cmd: 'start', enterprises: BENCH_CORPS });
    const result = await client.request<SendLoopResult>({
      cmd: 'run',
      apiBase,
      corps: BENCH_CORPS,
      warmup: WARMUP,
      sends: SENDS,
      concurrency: CONCURRENCY,
    });
    if (result.failed > 0) throw new Error(`sends: ${result.failed} of ${result.sends} calls failed`);
    await wecom.request({ cmd: 'stop' });
    return result;
  } finally {
    await Promise.all([wecom.stop(), client.stop()]);
  }
}
