import { loadConfig, deepMerge, type Config } from '../../src/config';
import { sealCallback } from '../../src/callback/seal-callback';
import type { Stores } from '../../src/domain/ports/stores';
import type { SecretBox } from '../../src/domain/ports';

/** The one template every benchmark talks to. */
export const SUITE = {
  suiteId: 'wwbenchsuite01',
  suiteSecret: 'bench-suite-secret',
  token: 'BenchT0ken01',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  name: '基准测试',
};
/** 32 bytes in hex: both scheduler instances must open the same sealed permanent codes. */
export const SECRET_KEY = 'a1'.repeat(32);
export const AGENT_ID = 1000002;
/** Enterprises the callbacks come from: enough lanes for the dispatcher to interleave. */
export const BENCH_CORPS = 100;

/** What a server child hosts: the two koa ceilings, the floor, the bot, the bot with fast-moving time. */
export type Target = 'bare' | 'bare-body' | 'floor' | 'bot' | 'bot-memory';

export const CALLBACK_PATH = `/wecom/apps/${SUITE.suiteId}/callback`;

export const corpId = (i: number): string => `wwbench${String(i).padStart(6, '0')}`;
export const adminOf = (i: number): string => `admin${i}`;
/** Members who write to the app in the callback pools: callback i comes from sender i % SENDERS. */
const SENDERS = 1000;
const senderOf = (i: number): string => `user${i % SENDERS}`;
/** The senders of enterprise `corp` when the pools spread callbacks over `corps` enterprises. */
export function sendersOf(corp: number, corps: number): string[] {
  const senders: string[] = [];
  for (let u = corp; u < SENDERS; u += corps) senders.push(senderOf(u));
  return senders;
}
/** Known to both sides without talking: the simulator issues it, the bot stores it sealed. */
export const permanentCode = (i: number): string => `permanent-${i}`;
/** The scheduler bench's clock on both sides: Monday 10:00 in Shanghai, inside working hours. */
export const SCHEDULER_START = '2026-03-02T02:00:00Z';

/** The default config with the bench template, quiet logs and no scheduler; `over` merged on top. */
export function benchConfig(over: Record<string, unknown> = {}): Config {
  const base = loadConfig({}) as unknown as Record<string, unknown>;
  return deepMerge(base, {
    logLevel: 'warn',
    secretKey: SECRET_KEY,
    templates: [SUITE],
    scheduler: { cron: '* * * * *', enabled: false },
    ...over,
  }) as unknown as Config;
}

/** An active authorization per corp, so app callbacks from it pass the known-corp check. */
export async function seedAuthorizations(
  stores: Stores,
  secrets: SecretBox,
  corps: number,
  now: Date,
): Promise<void> {
  for (let i = 0; i < corps; i++) {
    await stores.authorizations.create({
      suiteId: SUITE.suiteId,
      corpId: corpId(i),
      corpName: `基准企业 ${i}`,
      agentId: AGENT_ID,
      admins: [adminOf(i)],
      permanentCodeEnc: secrets.seal(permanentCode(i)),
      state: 'active',
      timeZone: 'Asia/Shanghai',
      createdAt: now,
      updatedAt: now,
    });
  }
}

export interface SealedRequest {
  /** Path with the signed query. */
  path: string;
  body: string;
}

/**
 * `size` sealed text-message callbacks, each with its own MsgId (from `firstMsgId` up), spread over
 * `corps` enterprises. Sealing is the expensive part, so pools are made before the clock starts.
 */
export function textCallbackPool(opts: {
  size: number;
  firstMsgId: bigint;
  corps: number;
  timestamp: number;
}): SealedRequest[] {
  const pool: SealedRequest[] = new Array(opts.size);
  for (let i = 0; i < opts.size; i++) {
    const corp = corpId(i % opts.corps);
    const user = senderOf(i);
    const msgId = (opts.firstMsgId + BigInt(i)).toString();
    const xml =
      `<xml><ToUserName><![CDATA[${corp}]]></ToUserName><FromUserName><![CDATA[${user}]]></FromUserName>` +
      `<CreateTime>${opts.timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
      `<Content><![CDATA[第 ${i} 条消息 / message ${i}]]></Content><MsgId>${msgId}</MsgId>` +
      `<AgentID>${AGENT_ID}</AgentID></xml>`;
    const sealed = sealCallback(
      xml,
      { token: SUITE.token, encodingAESKey: SUITE.encodingAESKey, receiverId: corp },
      { timestamp: opts.timestamp, agentId: String(AGENT_ID) },
    );
    const q = sealed.query;
    pool[i] = {
      path: `${CALLBACK_PATH}?msg_signature=${q.msg_signature}&timestamp=${q.timestamp}&nonce=${q.nonce}`,
      body: sealed.body,
    };
  }
  return pool;
}
