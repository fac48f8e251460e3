/**
 * One jest run covers every workspace. TypeScript and the ESM-only packages (middy) are compiled by SWC,
 * so no test needs --experimental-vm-modules. DynamoDB Local is started once by the global setup.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/events',
    '<rootDir>/packages',
    '<rootDir>/services',
    '<rootDir>/infra',
    '<rootDir>/test',
  ],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@middy|jose)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
