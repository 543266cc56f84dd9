/**
 * Harness self-test on the main tree's n8n-core 2.8.1 / n8n-workflow 2.8.0:
 *   npx jest -c test/harness-selftest/jest.config.js
 * (the 2.41 run of the same tests: test/compat/jest.config.js)
 */
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '../..'),
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
	moduleFileExtensions: ['ts', 'js', 'json'],
	testMatch: ['<rootDir>/test/harness-selftest/**/*.test.ts'],
	testTimeout: 180000,
	globals: { __EXPECT_N8N_WORKFLOW__: '2.8' },
};
