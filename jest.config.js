const { availableParallelism } = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': 'ts-jest' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/helpers/setup.ts'],
  // A guard against hangs, not a budget: on a shared 2-core machine a sound test can take 30 s.
  testTimeout: 120_000,
  // jest's default on 2 cores is one worker, so it runs every file in band, one after another;
  // most files wait on loopback I/O, so two workers overlap them. A worker that grew past the
  // limit (the browser and reliability suites) is replaced rather than carried to the end.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  workerIdleMemoryLimit: '1GB',
};
