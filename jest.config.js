/** Two projects: `unit` (no database) and `db` (real PostgreSQL, one database per test file). */
const tsJest = ['ts-jest', { diagnostics: false }];
const moduleNameMapper = {
  '^@regulars/(core|ledger|rules|tiers|rebates|retention)$': '<rootDir>/libs/$1/src',
  '^@regulars/(core|ledger|rules|tiers|rebates|retention)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': tsJest,
    // content-disposition 3 (pulled in by @fastify/static) is ESM-only.
    '^.+/node_modules/content-disposition/.+\\.js$': tsJest,
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
};
module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'db',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/libs/**/*.db-spec.ts'],
    },
  ],
};
