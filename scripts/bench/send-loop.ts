import { performance } from 'node:perf_hooks';
import { systemClock } from '../../src/shared/clock';
import { createLogger } from '../../src/shared/logger';
import { createMemoryStores } from '../../src/stores/memory';
import type { CorpApi } from '../../src/domain/ports/wecom';
import { createWecomClient } from '../../src/wecom/wecom-client';
import { createHttpPool } from '../../src/wecom/http-pool';
import { serveRequests } from './child';
import { AGENT_ID, SUITE, adminOf, corpId, permanentCode } from './fixtures';

export interface SendLoopResult {
  sends: number;
  failed: number;
  seconds: number;
  cpuSeconds: number;
  perSecond: number;
  perCpuSecond: number;
}

/**
 * The WeCom client alone, as the outbox uses it: message/send to `corps` enterprises' admins,
 * `concurrency` calls in flight, tokens fetched once per enterprise (in the warm-up). The CPU time
 * is this process's, so it is what one send costs the bot, whatever the simulator spends.
 */
async function sendLoop(m: Record<string, unknown>): Promise<SendLoopResult> {
  const { apiBase, corps, warmup, sends, concurrency } = m as {
    apiBase: string;
    corps: number;
    warmup: number;
    sends: number;
    concurrency: number;
  };
  const stores = createMemoryStores();
  const pool = createHttpPool();
  const client = createWecomClient({
    apiBase,
    transport: pool.transport,
    clock: systemClock,
    logger: createLogger({ level: 'silent' }),
    credentials: stores.credentials,
    errors: stores.wecomErrors,
    getSuiteSecret: () => SUITE.suiteSecret,
  });
  const apis: CorpApi[] = Array.from({ length: corps }, (_, i) =>
    client.forCorp({
      suiteId: SUITE.suiteId,
      corpId: corpId(i),
      agentId: AGENT_ID,
      permanentCode: () => permanentCode(i),
    }),
  );
  let next = 0;
  let failed = 0;
  const run = async (amount: number): Promise<void> => {
    const end = next + amount;
    const worker = async (): Promise<void> => {
      for (let k = next++; k < end; k = next++) {
        const corp = k % corps;
        await apis[corp]!.sendMessage({
          touser: adminOf(corp),
          msgtype: 'text',
          text: { content: `第 ${k} 条回复 / reply ${k}` },
        }).catch(() => void (failed += 1));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    next = end;
  };
  await run(warmup);
  failed = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run(sends);
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = (used.user + used.system) / 1e6;
  return { sends, failed, seconds, cpuSeconds, perSecond: sends / seconds, perCpuSecond: sends / cpuSeconds };
}

serveRequests(async (m) => {
  if (m.cmd === 'run') return sendLoop(m);
  throw new Error(`unknown command ${String(m.cmd)}`);
});
