/**
 * Test projects, run by `npm test` (scripts/test.mjs) in this order:
 *  - unit:    pure code (adapters, engine with a fake transport and clock, simulator)
 *  - n8n:     the built node inside n8n-core's WorkflowExecute against servers on 127.0.0.1
 *  - e2e:     the real n8n CLI (import + execute) against the simulator
 */
const tsJest = ['ts-jest', { isolatedModules: true, diagnostics: false }];
const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...base, displayName: 'n8n', testMatch: ['<rootDir>/test/n8n/**/*.test.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
