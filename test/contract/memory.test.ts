import { createMemoryStores } from '../../src/stores/memory';
import { describeChartContract } from './chart-contract';
import { describeStoreContract } from './store-contract';

describeStoreContract('memory', async () => createMemoryStores());

describe('memory inbox', () => {
  it('purges the expired keys and says how many', async () => {
    const stores = createMemoryStores();
    const event = { kind: 'text', suiteId: 's', event: {}, receivedAt: new Date(0) };
    await stores.inbox.recordOnce({ ...event, key: 'old', expiresAt: new Date(1000) });
    await stores.inbox.recordOnce({ ...event, key: 'young', expiresAt: new Date(5000) });
    expect(await stores.inbox.purgeExpired(new Date(1000))).toBe(1);
    expect((await stores.inbox.list()).map((e) => e.key)).toEqual(['young']);
  });
});

describeChartContract('memory', async () => createMemoryStores());
