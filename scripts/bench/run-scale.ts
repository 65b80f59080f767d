import { parseArgs } from 'node:util';
import { scale } from './scale';

/**
 * The scale phase alone, for work on what it measures (`npm run bench` runs it with the rest):
 * `tsx scripts/bench/run-scale.ts --small 1000 --large 10000`. `--requests-waited-days 4` files the
 * 1 % of permission requests four days back, so each is a to-do candidate (from 3 days).
 */
const { values: args } = parseArgs({
  options: {
    small: { type: 'string', default: '1000' },
    large: { type: 'string', default: '100000' },
    'requests-waited-days': { type: 'string', default: '0' },
  },
});

scale({
  sizes: [Number(args.small), Number(args.large)],
  botCpu: 0,
  otherCpu: 1,
  requestsWaitedDays: Number(args['requests-waited-days']),
}).then(
  (result) => console.log(JSON.stringify(result, null, 2)),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
