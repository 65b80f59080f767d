import fc from 'fast-check';

/**
 * How big the property suites run. `npm test` must be quick and the same on every run, so it uses
 * a fixed seed and a fraction of each suite's full size; `npm run test:deep` (PROPERTY_DEEP=1)
 * runs the full size with a fresh seed each time, and PROPERTY_SEED replays a seed it reported.
 */
export const DEEP = process.env.PROPERTY_DEEP === '1';
const FIXED_SEED = 20261202;

/** Applied to every fc.assert in the process (set up once per test file by setup.ts). */
export function configurePropertyRuns(): void {
  const replay = process.env.PROPERTY_SEED;
  if (replay !== undefined) fc.configureGlobal({ seed: Number(replay) });
  else if (!DEEP) fc.configureGlobal({ seed: FIXED_SEED });
}

/** fc.assert's numRuns: `full` under test:deep, `quick` in `npm test`. */
export function runs(full: number, quick: number): { numRuns: number } {
  return { numRuns: DEEP ? full : quick };
}
