/**
 * Test projects, run by `npm test` (scripts/test.mjs) in this order:
 *  - unit:    pure code (adapters, engine with a fake transport and clock, simulator)
 *  - n8n:     the built node inside n8n-core's WorkflowExecute against servers on 127.0.0.1
 *  - e2e:     the real n8n CLI (import + execute) against the simulator
 *  - cli:     the video-poller command as a subprocess against the simulator
 * Other configs: test/compat/jest.config.js (the n8n suites on n8n-core/n8n-workflow 2.41),
 * test/harness-selftest/jest.config.js, test/browser/jest.config.js.
 */
const tsJest = ['ts-jest', { diagnostics: false }];
const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/n8n-host/node_modules', '<rootDir>/test/compat/node_modules', '<rootDir>/dist'],
};
module.exports = {
  // Generous: CI shares 2 cores with n8n installs; a CLI test starts a TypeScript subprocess.
  testTimeout: 60_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...base,
      displayName: 'n8n',
      testMatch: ['<rootDir>/test/n8n/**/*.test.ts', '<rootDir>/test/compat/**/*.test.ts'],
      globals: { __EXPECT_N8N_WORKFLOW__: '2.8' },
    },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    { ...base, displayName: 'cli', testMatch: ['<rootDir>/test/cli/**/*.test.ts'] },
  ],
};
