/**
 * The browser test: real n8n 2.8.4 (n8n-host/) with the built package loaded as a community
 * package, the provider simulator, and Debian's Chromium driven by playwright-core.
 *
 *   bash test/browser/install-chromium.sh     # once: apt-get install chromium (skipped when present)
 *   npm run n8n:install                       # once: n8n 2.8.4 into n8n-host/node_modules
 *   npx jest -c test/browser/jest.config.js --runInBand
 *
 * The test builds the package itself when the sources changed (test/e2e/support.ts
 * builtPackageDir). Screenshots go to test-artifacts/browser/ (gitignored).
 */
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '../..'),
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
	moduleFileExtensions: ['ts', 'js', 'json'],
	modulePathIgnorePatterns: ['<rootDir>/n8n-host/node_modules', '<rootDir>/test/compat/node_modules', '<rootDir>/dist'],
	testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
	// n8n starts in ~20 s, a build may run first, and every step waits generously on the UI
	testTimeout: 10 * 60 * 1000,
};
