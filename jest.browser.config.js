/**
 * `npm run test:browser`: the pages in Debian's Chromium (playwright-core), with a
 * fake camera showing a member QR. Not part of `npm test`. Same transforms as jest.config.js.
 */
/* global require, module */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS Jest config
const common = { ...require('./jest.config.js').projects[0] };
delete common.displayName;
delete common.testMatch;

module.exports = {
  ...common,
  displayName: 'browser',
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  globalSetup: '<rootDir>/test/browser/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 120000,
};
