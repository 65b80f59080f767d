import { ManualClock } from '../../../src/shared/clock';
import { createMemoryLogger } from '../../../src/shared/logger';
import { createMemoryStores } from '../../../src/stores/memory';
import type { Stores } from '../../../src/domain/ports/stores';
import type { CorpCredentials } from '../../../src/domain/ports/wecom';
import { createWecomClient, type WecomClientOptions } from '../../../src/wecom/wecom-client';
import { fetchTransport } from '../../helpers/fetch-transport';

export const API = 'https://wecom.test';
export const SUITE = 'tpl_suite_1';
export const CORP = 'ww_corp_1';
export const AGENT_ID = 1000002;
export const SUITE_SECRET = 'suite-secret-DO-NOT-LOG';
export const PERMANENT_CODE = 'permanent-code-DO-NOT-LOG';

/** A sleep that moves the clock instead of waiting, then lets pending I/O (nock answers) run. */
export function fakeSleep(clock: ManualClock): { sleep: (ms: number) => Promise<void>; slept: number[] } {
  const slept: number[] = [];
  return {
    slept,
    sleep: async (ms: number) => {
      slept.push(ms);
      clock.advance(ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

export interface Kit {
  clock: ManualClock;
  stores: Stores;
  slept: number[];
  lines: () => Record<string, unknown>[];
  makeClient(over?: Partial<WecomClientOptions>): ReturnType<typeof createWecomClient>;
}

/** Memory stores, a ManualClock, a captured logger, and clients pointed at the nock base URL. */
export function wecomKit(stores: Stores = createMemoryStores(), clock = new ManualClock()): Kit {
  const { logger, lines } = createMemoryLogger('debug');
  const { sleep, slept } = fakeSleep(clock);
  return {
    clock,
    stores,
    slept,
    lines,
    makeClient: (over = {}) =>
      createWecomClient({
        apiBase: API,
        transport: fetchTransport,
        clock,
        logger,
        credentials: stores.credentials,
        errors: stores.wecomErrors,
        getSuiteSecret: () => SUITE_SECRET,
        random: () => 0.5,
        sleep,
        ...over,
      }),
  };
}

/** The credentials of the test enterprise's 代开发 app. */
export const CREDS: CorpCredentials = {
  suiteId: SUITE,
  corpId: CORP,
  agentId: AGENT_ID,
  permanentCode: () => PERMANENT_CODE,
};

/** Stores a token as if fetched now, valid for two hours. */
export async function seedToken(kit: Kit, key: string, token: string): Promise<void> {
  const now = kit.clock.now();
  await kit.stores.credentials.putToken({
    key,
    token,
    fetchedAt: now,
    expiresAt: new Date(now.getTime() + 7200_000),
  });
}

/** No log line carries a secret, a token or a permanent code. */
export function expectNoSecretsLogged(lines: Record<string, unknown>[], secrets: string[]): void {
  const text = JSON.stringify(lines);
  for (const s of secrets) expect(text).not.toContain(s);
}
