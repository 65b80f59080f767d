import { runLeasedTick } from '../../../src/domain/leased-tick';
import { createMemoryLogger } from '../../../src/shared/logger';

describe('runLeasedTick', () => {
  it('counts outcomes, gives a failed item back and goes on with the rest', async () => {
    const { logger, lines } = createMemoryLogger();
    const givenBack: number[] = [];
    const counts = await runLeasedTick<number, 'even' | 'odd'>(
      {
        claim: async () => [1, 2, 3, 4, 5],
        async handle(n) {
          if (n === 3) throw new Error('WeCom busy');
          if (n === 5) return undefined;
          return n % 2 === 0 ? 'even' : 'odd';
        },
        giveBack: async (n) => void givenBack.push(n),
        describe: (n) => ({ item: n }),
      },
      { even: 0, odd: 0 },
      logger,
    );
    expect(counts).toEqual({ even: 2, odd: 1 });
    expect(givenBack).toEqual([3]);
    expect(lines().find((l) => l.item === 3)).toMatchObject({ msg: 'scheduled item failed; retried later' });
  });

  it('logs a give-back that fails too, without stopping the batch', async () => {
    const { logger, lines } = createMemoryLogger();
    const handled: number[] = [];
    await runLeasedTick<number, 'done'>(
      {
        claim: async () => [1, 2],
        async handle(n) {
          if (n === 1) throw new Error('store down');
          handled.push(n);
          return 'done';
        },
        giveBack: async () => {
          throw new Error('store still down');
        },
        describe: (n) => ({ item: n }),
      },
      { done: 0 },
      logger,
    );
    expect(handled).toEqual([2]);
    expect(lines().some((l) => l.msg === 'scheduled item not given back' && l.item === 1)).toBe(true);
  });
});
