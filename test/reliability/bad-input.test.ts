import { createServer, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import request from 'supertest';
import { sealEchostr } from '../../src/callback/seal-callback';
import { ManualClock } from '../../src/shared/clock';
import { createBot, MONDAY_10AM, SUITE, textCallback, type Bot, type Corp } from './harness';
import {
  anyBody,
  badCiphertext,
  brokenQuery,
  hostileXml,
  mutated,
  plausibleQuery,
  randomXml,
  sealedPlaintext,
  signed,
  type Query,
} from './hostile-input';

// Thousands of property runs over loopback: generous on a loaded 2-core CI machine.
jest.setTimeout(120_000);

/** The answer budget: well inside WeCom's 1 s for authorization events. */
const BUDGET_MS = 100;
/** Longer than this is no answer at all (WeCom gives up after 5 s): the property fails with the input. */
const ANSWER_WITHIN_MS = 5000;
const CORP: Corp = { corpId: 'wwhostile000000001', agentId: 1000002, admins: ['zhangsan'] };
const TEMPLATE_PATH = `/wecom/templates/${SUITE.suiteId}/callback`;
const APP_PATH = `/wecom/apps/${SUITE.suiteId}/callback`;
const path = fc.constantFrom(TEMPLATE_PATH, APP_PATH);

describe('bad input: every request answered, none 5xx, nothing stored, all fast', () => {
  let clock: ManualClock;
  let bot: Bot;
  let server: Server;
  /** Server-side time of every answer: from the request reaching the app to the answer leaving. */
  const times: number[] = [];
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
    const handle = bot.app.callback();
    // Thousands of requests: one loopback server on a free port, not one per request.
    server = createServer((req, res) => {
      const started = performance.now();
      res.once('finish', () => times.push(performance.now() - started));
      void handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await bot.container.close();
  });

  const now = () => Math.floor(clock.now().getTime() / 1000);
  const freshText = () => textCallback(clock, CORP, { msgId: String((msgId += 1n)), content: '你好' });

  async function post(target: string, query: Query, body: string | Buffer): Promise<request.Response> {
    return request(server).post(target).query(query).type('text/xml').timeout(ANSWER_WITHIN_MS).send(body);
  }

  /** The invariant for input that must be refused: a 4xx with a reason, and nothing recorded. */
  async function expectRefused(res: request.Response): Promise<void> {
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.text).not.toBe('success');
    expect(await bot.stores.inbox.list()).toEqual([]);
  }

  it('random bodies: text, raw bytes, XML noise, entity bombs, floods, huge attributes', async () => {
    await fc.assert(
      fc.asyncProperty(path, plausibleQuery(now()), anyBody, async (target, query, body) => {
        await expectRefused(await post(target, query, body));
      }),
      { numRuns: 1000 },
    );
  });

  it('a valid callback with its query parameters missing, repeated, huge or wrong', async () => {
    const sealed = freshText();
    await fc.assert(
      fc.asyncProperty(brokenQuery(sealed.query), async (query) => {
        await expectRefused(await post(APP_PATH, query, sealed.body));
      }),
      { numRuns: 500 },
    );
  });

  it('a valid callback with one edit to its ciphertext, signature, timestamp or nonce (not re-signed)', async () => {
    const sealed = freshText();
    const { msg_signature, timestamp, nonce } = sealed.query;
    const edit = fc.oneof(
      mutated(sealed.encrypted).map((e) => ({
        query: sealed.query,
        body: sealed.body.replace(sealed.encrypted, e),
      })),
      mutated(msg_signature).map((s) => ({
        query: { ...sealed.query, msg_signature: s },
        body: sealed.body,
      })),
      mutated(timestamp).map((t) => ({ query: { ...sealed.query, timestamp: t }, body: sealed.body })),
      mutated(nonce).map((n) => ({ query: { ...sealed.query, nonce: n }, body: sealed.body })),
    );
    await fc.assert(
      fc.asyncProperty(edit, async ({ query, body }) => {
        await expectRefused(await post(APP_PATH, query, body));
      }),
      { numRuns: 500 },
    );
  });

  it('correctly signed ciphertexts that are broken: flipped, cut, extended, loosely encoded, forged', async () => {
    const real = () => freshText().encrypted;
    await fc.assert(
      fc.asyncProperty(badCiphertext(SUITE, real, CORP.corpId), async (encrypted) => {
        const sealed = signed(SUITE, encrypted, now());
        await expectRefused(await post(APP_PATH, sealed.query, sealed.body));
      }),
      { numRuns: 700 },
    );
  });

  it('hostile plaintexts, encrypted and signed correctly: refused, or kept as sent (no expansion)', async () => {
    const plaintexts = fc.oneof(hostileXml, randomXml);
    await fc.assert(
      fc.asyncProperty(fc.boolean(), plaintexts, async (toTemplate, plain) => {
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
      }),
      { numRuns: 500 },
    );
  });

  it('URL verification (GET) with random or broken parameters', async () => {
    const good = sealEchostr('echo-1', { ...SUITE, receiverId: SUITE.suiteId }, { timestamp: now() });
    const queries = fc.oneof(
      plausibleQuery(now()).map((q) => ({ ...q, echostr: 'x' })),
      brokenQuery(good),
    );
    await fc.assert(
      fc.asyncProperty(path, queries, async (target, query) => {
        const res = await request(server).get(target).query(query);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });

  it('logged no unexpected error and sent nothing', async () => {
    expect(bot.logs().filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(await bot.stores.outbox.list()).toEqual([]);
  });

  it(`answered 99% of all requests above within ${BUDGET_MS} ms`, () => {
    const sorted = [...times].sort((a, b) => a - b);
    const p99 = sorted[Math.floor(sorted.length * 0.99)]!;
    expect(sorted.length).toBeGreaterThanOrEqual(3500);
    expect(p99).toBeLessThan(BUDGET_MS);
  });
});
