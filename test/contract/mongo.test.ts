import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { createLogger } from '../../src/shared/logger';
import { createMongoStores } from '../../src/stores/mongo';
import { connectMongo } from '../../src/stores/mongo/connect';
import type { Stores } from '../../src/domain/ports/stores';
import { describeChartContract } from './chart-contract';
import { describeStoreContract } from './store-contract';

/**
 * Runs the store contract against MongoDB: MONGODB_URI when set, else a mongodb-memory-server
 * when it has (or can fetch) a mongod binary, else the suite is skipped with the reason.
 */

const ROOT = path.resolve(__dirname, '../..');
const PROBE_TIMEOUT_MS = 15_000;

/**
 * Asks mongodb-memory-server for its binary in a child process, so that an offline machine costs
 * a few seconds and never hangs collection (jest collects tests synchronously). A download host
 * that does not answer within 3 s counts as offline.
 */
const PROBE = `
const { MongoBinary, DryMongoBinary } = require('mongodb-memory-server');
(async () => {
  if (!(await DryMongoBinary.locateBinary(await DryMongoBinary.generateOptions()))) {
    const host = process.env.MONGOMS_DOWNLOAD_URL || process.env.MONGOMS_DOWNLOAD_MIRROR || 'https://fastdl.mongodb.org';
    await fetch(host, { method: 'HEAD', signal: AbortSignal.timeout(3000) });
  }
  await MongoBinary.getPath();
})().then(() => process.exit(0), (e) => { console.error(String(e && (e.cause || e).message || e).split('\\n')[0]); process.exit(1); });
`;

type Target = { uri: string } | { memoryServer: true } | { skip: string };

function findTarget(): Target {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI };
  const probe = spawnSync(process.execPath, ['-e', PROBE], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: PROBE_TIMEOUT_MS,
  });
  if (probe.status === 0) return { memoryServer: true };
  const why = probe.error
    ? `probe gave up after ${PROBE_TIMEOUT_MS} ms`
    : probe.stderr.trim() || 'probe failed';
  return { skip: `no MONGODB_URI and no mongod binary (${why})` };
}

const target = findTarget();

if ('skip' in target) {
  console.log(`mongo contract suite skipped: ${target.skip}`);
  describe.skip('mongo (skipped: no server)', () => {
    describeStoreContract('mongo', () => Promise.reject(new Error('skipped')));
    describeChartContract('mongo', () => Promise.reject(new Error('skipped')));
  });
} else {
  // A fresh database per run, dropped at the end; collections are emptied before each test.
  const dbName = `wecom_bot_contract_${process.pid}_${Date.now()}`;
  let connection: Connection;
  let stopServer: (() => Promise<unknown>) | undefined;

  beforeAll(async () => {
    let uri: string;
    if ('uri' in target) {
      uri = target.uri;
    } else {
      const { MongoMemoryServer } = await import('mongodb-memory-server');
      const server = await MongoMemoryServer.create();
      stopServer = () => server.stop();
      uri = server.getUri();
    }
    // autoIndex: the unique indexes must exist before the first write, as sync-indexes makes sure in production.
    connection = await connectMongo(uri, {
      logger: createLogger({ level: 'silent' }),
      autoIndex: true,
      dbName,
    });
  }, 120_000);

  afterAll(async () => {
    if (connection) {
      await connection.dropDatabase();
      await connection.close();
    }
    await stopServer?.();
  });

  const emptyStores = async (): Promise<Stores> => {
    await Promise.all(Object.values(connection.models).map((model) => model.deleteMany({})));
    return createMongoStores(connection);
  };

  // The connection outlives each test; afterAll closes it.
  describeStoreContract('mongo', emptyStores, async () => undefined);
  describeChartContract('mongo', emptyStores, async () => undefined);

  describe('mongo leases on the database clock', () => {
    const MINUTE = 60_000;
    // Far from the real time, so a lease counted from the caller's clock would stand out.
    const T0 = new Date('2001-01-01T00:00:00Z');
    let stores: Stores;

    beforeEach(async () => {
      await emptyStores();
      stores = createMongoStores(connection, { leaseClock: 'database' });
    });

    const app = (corpId: string) => ({
      suiteId: 'suite-db',
      corpId,
      name: '巡检助手',
      status: 'developing' as const,
      statusHistory: [],
      configuration: {},
      closed: false,
      effectivePermissions: [],
      nextPollAt: T0,
      createdAt: T0,
      updatedAt: T0,
    });

    it('ends leases by the server clock, whatever time the callers say it is', async () => {
      await stores.apps.create(app('corp-1'));
      const [claimed] = await stores.apps.claimDuePolls({
        owner: 'a',
        now: T0,
        leaseMs: 10 * MINUTE,
        limit: 5,
      });
      expect(claimed.lease!.owner).toBe('a');
      // Counted from the server's now (within an hour of ours, whatever its skew), not from T0.
      expect(Math.abs(claimed.lease!.until.getTime() - (Date.now() + 10 * MINUTE))).toBeLessThan(60 * MINUTE);
      // A caller whose clock runs a day ahead still sees the lease live.
      const dayLater = new Date(T0.getTime() + 24 * 60 * MINUTE);
      expect(
        await stores.apps.claimDuePolls({ owner: 'b', now: dayLater, leaseMs: MINUTE, limit: 5 }),
      ).toEqual([]);
      expect(await stores.apps.releasePoll('suite-db', 'corp-1', 'a', dayLater)).toBe(true);
    });

    it('frees a lease that has ended by the server clock', async () => {
      await stores.apps.create(app('corp-2'));
      await stores.apps.claimDuePolls({ owner: 'a', now: T0, leaseMs: 0, limit: 5 });
      const retaken = await stores.apps.claimDuePolls({ owner: 'b', now: T0, leaseMs: MINUTE, limit: 5 });
      expect(retaken.map((a) => a.lease!.owner)).toEqual(['b']);
    });

    it('leases a token refresh by the server clock', async () => {
      expect(await stores.credentials.acquireTokenLease('k', 'a', T0, MINUTE)).toBe(true);
      expect(
        await stores.credentials.acquireTokenLease('k', 'b', new Date(T0.getTime() + 2 * MINUTE), MINUTE),
      ).toBe(false);
      expect(await stores.credentials.acquireTokenLease('k', 'a', T0, MINUTE)).toBe(true);
    });
  });

  describe('mongo templates recorded before the handbook states', () => {
    it("reads a stored 'draft' as created, with an empty history, and moves it from created", async () => {
      const stores = await emptyStores();
      const at = new Date('2026-01-05T02:00:00Z');
      // Written as the previous version did: status draft, no history.
      await connection.collection('templates').insertOne({
        suiteId: 'suite-old',
        name: '旧模版',
        status: 'draft',
        createdAt: at,
        updatedAt: at,
      });
      expect(await stores.templates.get('suite-old')).toMatchObject({ status: 'created', statusHistory: [] });
      const moved = await stores.templates.transition('suite-old', ['created'], 'in_review', 'support', at);
      expect(moved).toMatchObject({
        status: 'in_review',
        statusHistory: [{ from: 'created', to: 'in_review', at, by: 'support' }],
      });
    });
  });
}
