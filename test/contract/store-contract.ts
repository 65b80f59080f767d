import type { Stores } from '../../src/stores/types';

/**
 * The behaviour every store adapter must show. `makeStores` is called before each test and must
 * return stores holding no data (a fresh database, or emptied collections): claims and counts are
 * global, so leftovers from another test would change what a claim returns. `cleanup` runs after
 * each test (drop the database, close the connection); without it the stores are closed.
 */
export function describeStoreContract(
  name: string,
  makeStores: () => Promise<Stores>,
  cleanup?: (s: Stores) => Promise<void>,
): void {
  describe(`store contract: ${name}`, () => {
    let stores: Stores;

    beforeEach(async () => {
      stores = await makeStores();
    });

    afterEach(async () => {
      await (cleanup ? cleanup(stores) : stores.close());
    });

    it('answers ping', async () => {
      await expect(stores.ping()).resolves.toBeUndefined();
    });
  });
}
