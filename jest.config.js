/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // nock's interceptor outlives a test file by design; jest 30's soft cleanup only warns about it.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  transform: { '^.+\\.ts$': 'ts-jest' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/helpers/setup.ts'],
  testTimeout: 30000,
};
