import { knownCorps } from '../../../src/gateway/known-corps';

describe('knownCorps', () => {
  it('reads an authorization once: a corp once known stays known', async () => {
    const read = jest.fn(async () => ({ state: 'cancelled' }));
    const isKnown = knownCorps(read);
    expect(await isKnown('suite', 'corp')).toBe(true);
    expect(await isKnown('suite', 'corp')).toBe(true);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('asks again about a corp it did not know, which may authorize at any moment', async () => {
    const authorized = new Set<string>();
    const read = jest.fn(async (suiteId: string, corpId: string) =>
      authorized.has(`${suiteId}/${corpId}`) ? {} : undefined,
    );
    const isKnown = knownCorps(read);
    expect(await isKnown('suite', 'corp')).toBe(false);
    authorized.add('suite/corp');
    expect(await isKnown('suite', 'corp')).toBe(true);
    expect(await isKnown('other', 'corp')).toBe(false);
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('passes a failed read on and remembers nothing from it', async () => {
    const read = jest.fn().mockRejectedValueOnce(new Error('store down')).mockResolvedValue({});
    const isKnown = knownCorps(read);
    await expect(isKnown('suite', 'corp')).rejects.toThrow('store down');
    expect(await isKnown('suite', 'corp')).toBe(true);
  });
});
