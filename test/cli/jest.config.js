/**
 * Stand-alone config for the command-line tests until the root config has a `cli` project:
 *   npx jest -c test/cli/jest.config.js
 */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/cli/**/*.test.ts'],
  testTimeout: 30000,
};
