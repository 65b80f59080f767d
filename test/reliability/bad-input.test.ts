import type { Server } from 'node:http';
import fc from 'fast-check';
import request from 'supertest';
import { sealEchostr } from '../../src/callback/seal-callback';
import { ManualClock } from '../../src/shared/clock';
import { runs } from '../helpers/property-runs';
import {
  cpuMeteredServer,
  createBot,
  MONDAY_10AM,
  SUITE,
  textCallback,
  type Bot,
  type Corp,
} from './harness';
import {
  anyBodyKinds,
  badCiphertextKinds,
  brokenQuery,
  EDITS,
  FIXED_HOSTILE_XML,
  hostileXmlKinds,
  mutated,
  plausibleQuery,
  randomXml,
  sealedPlaintext,
  signed,
  type Query,
} from './hostile-input';

/** The CPU an answer may cost, 99 times in 100: wall time on a shared machine measures the neighbours. */
const CPU_BUDGET_MS = 100;
const CORP: Corp = { corpId: 'wwhostile000000001', agentId: 1000002, admins: ['zhangsan'] };
const TEMPLATE_PATH = `/wecom/templates/${SUITE.suiteId}/callback`;
const APP_PATH = `/wecom/apps/${SUITE.suiteId}/callback`;
const path = fc.constantFrom(TEMPLATE_PATH, APP_PATH);

describe('bad input: every request answered, none 5xx, nothing stored, all cheap', () => {
  let clock: ManualClock;
  let bot: Bot;
  let server: Server;
  /** CPU milliseconds the process spent on each answer, from the request reaching the app to the answer leaving. */
  const cpuMs: number[] = [];
  let requests = 0;
  let msgId = 7_600_000_000_000_000_000n;

  beforeAll(async () => {
    clock = new ManualClock(MONDAY_10AM);
    // Nothing here may reach WeCom: sends stay queued, and the API base is a closed port.
    bot = await createBot({ clock, apiBase: 'http://127.0.0.1:9', sendImmediately: false, logLevel: 'info' });
    const now = clock.now();
    await bot.stores.authorizations.create({
      suiteId: SUITE.suiteId,
      corpId: CORP.corpId,
      corpName: '恶意输入测试',
      agentId: CORP.agentId,
      admins: CORP.admins,
      permanentCodeEnc: bot.container.secrets.seal('unused'),
      state: 'active',
      timeZone: 'Asia/Shanghai',
      createdAt: now,
      updatedAt: now,
    });
    // Hundreds of requests: one loopback server, not one per request; they go one at a time.
    server = await cpuMeteredServer(bot, cpuMs);
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await bot.container.close();
  });

  const now = () => Math.floor(clock.now().getTime() / 1000);
  const freshText = () => textCallback(clock, CORP, { msgId: String((msgId += 1n)), content: '你好' });

  async function post(target: string, query: Query, body: string | Buffer): Promise<request.Response> {
    requests += 1;
    return request(server).post(target).query(query).type('text/xml').send(body);
  }

  /** The invariant for input that must be refused: a 4xx with a reason, and nothing recorded. */
  async function expectRefused(res: request.Response): Promise<void> {
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.text).not.toBe('success');
    expect(await bot.stores.inbox.list()).toEqual([]);
  }

  describe('random bodies', () => {
    it.each(Object.entries(anyBodyKinds))('%s', async (_kind, body) => {
      await fc.assert(
        fc.asyncProperty(path, plausibleQuery(now()), body, async (target, query, b) => {
          await expectRefused(await post(target, query, b));
        }),
        runs(50, 3),
      );
    });

    it.each(FIXED_HOSTILE_XML)('%j', async (body) => {
      await expectRefused(
        await post(APP_PATH, { msg_signature: 'x', timestamp: String(now()), nonce: 'n' }, body),
      );
    });
  });

  it('a valid callback with its query parameters missing, repeated, huge or wrong', async () => {
    const sealed = freshText();
    await fc.assert(
      fc.asyncProperty(brokenQuery(sealed.query), async (query) => {
        await expectRefused(await post(APP_PATH, query, sealed.body));
      }),
      runs(500, 40),
    );
  });

  describe('a valid callback with one edit (not re-signed)', () => {
    const targets = ['ciphertext', 'msg_signature', 'timestamp', 'nonce'] as const;
    it.each(targets.flatMap((target) => EDITS.map((how) => [target, how] as const)))(
      '%s: %s',
      async (target, how) => {
        const sealed = freshText();
        const original = target === 'ciphertext' ? sealed.encrypted : sealed.query[target]!;
        const edited = mutated(original, how).map((e) =>
          target === 'ciphertext'
            ? { query: sealed.query, body: sealed.body.replace(sealed.encrypted, e) }
            : { query: { ...sealed.query, [target]: e }, body: sealed.body },
        );
        await fc.assert(
          fc.asyncProperty(edited, async ({ query, body }) => {
            await expectRefused(await post(APP_PATH, query, body));
          }),
          runs(32, 3),
        );
      },
    );
  });

  describe('correctly signed ciphertexts that are broken', () => {
    const real = () => freshText().encrypted;
    it.each(Object.entries(badCiphertextKinds(SUITE, real, CORP.corpId)))('%s', async (_kind, ciphertext) => {
      await fc.assert(
        fc.asyncProperty(ciphertext, async (encrypted) => {
          const sealed = signed(SUITE, encrypted, now());
          await expectRefused(await post(APP_PATH, sealed.query, sealed.body));
        }),
        runs(64, 4),
      );
    });
  });

  describe('hostile plaintexts, encrypted and signed correctly: refused, or kept as sent (no expansion)', () => {
    async function expectRefusedOrKept(toTemplate: boolean, plain: string): Promise<void> {
      const receiver = toTemplate ? SUITE.suiteId : CORP.corpId;
      const sealed = sealedPlaintext(plain, receiver, now());
      const res = await post(toTemplate ? TEMPLATE_PATH : APP_PATH, sealed.query, sealed.body);
      expect(res.status).toBeLessThan(500);
      const stored = await bot.stores.inbox.list();
      if (res.text !== 'success') {
        expect(stored).toEqual([]);
        return;
      }
      // A well-formed document is recorded (unknown kinds too), entities left as written.
      expect(stored).toHaveLength(1);
      expect(JSON.stringify(stored[0]!.event).length).toBeLessThan(2 * plain.length + 500);
      await bot.container.idle();
      await bot.stores.inbox.purgeExpired(new Date(8.64e15));
    }

    it.each(Object.entries({ ...hostileXmlKinds, 'XML noise': randomXml }))(
      '%s',
      async (_kind, plaintext) => {
        await fc.assert(fc.asyncProperty(fc.boolean(), plaintext, expectRefusedOrKept), runs(25, 3));
      },
    );

    it.each(FIXED_HOSTILE_XML)('%j', async (plain) => {
      await expectRefusedOrKept(false, plain);
      await expectRefusedOrKept(true, plain);
    });
  });

  describe('URL verification (GET)', () => {
    const good = () => sealEchostr('echo-1', { ...SUITE, receiverId: SUITE.suiteId }, { timestamp: now() });
    it.each([
      ['random parameters', () => plausibleQuery(now()).map((q) => ({ ...q, echostr: 'x' }))],
      ['broken parameters', () => brokenQuery(good())],
    ])('%s', async (_kind, queries) => {
      await fc.assert(
        fc.asyncProperty(path, queries(), async (target, query) => {
          requests += 1;
          const res = await request(server).get(target).query(query);
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
        }),
        runs(150, 15),
      );
    });
  });

  it('logged no unexpected error and sent nothing', async () => {
    expect(bot.logs().filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(await bot.stores.outbox.list()).toEqual([]);
  });

  it(`answered every request above, 99% of them within ${CPU_BUDGET_MS} ms of CPU`, () => {
    expect(requests).toBeGreaterThan(0);
    expect(cpuMs).toHaveLength(requests);
    const sorted = [...cpuMs].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length * 0.99)]).toBeLessThan(CPU_BUDGET_MS);
  });
});
