/**
 * Shared by the end-to-end tests: the real n8n 2.8.4 CLI (n8n-host/) runs the example workflows
 * against the provider simulator served from the test process.
 *
 * The package is built once per test run: `npm run build` (scripts/build.mjs), then package.json
 * + dist/ are copied into a snapshot folder keyed by a hash of everything that goes into the build.
 * Every e2e file of the run (one jest process with --runInBand) loads that same snapshot as a
 * community package (types `n8n-nodes-video-poller.*`, as a user gets them), so work that rebuilds
 * dist/ or edits sources meanwhile cannot change what the run tests; an unchanged re-run reuses
 * the snapshot without building.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import type { N8nRunResult } from '../../n8n-host/n8nHost';

export const ROOT = path.resolve(__dirname, '../..');
const BUILD_INPUTS = ['nodes', 'credentials', 'src', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs'];

function* filesUnder(p: string): Generator<string> {
	if (!existsSync(p)) return;
	if (statSync(p).isFile()) {
		yield p;
		return;
	}
	for (const entry of readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
		if (entry.name === 'node_modules') continue;
		yield* filesUnder(path.join(p, entry.name));
	}
}

function sourceHash(): string {
	const hash = createHash('sha256');
	// the checkout too: a snapshot links to its checkout's node_modules, which another clone
	// (say a CI run in a temporary folder, since deleted) does not share
	hash.update(ROOT);
	hash.update('\0');
	for (const input of BUILD_INPUTS) {
		for (const file of filesUnder(path.join(ROOT, input))) {
			hash.update(path.relative(ROOT, file));
			hash.update('\0');
			hash.update(readFileSync(file));
			hash.update('\0');
		}
	}
	return hash.digest('hex').slice(0, 16);
}

const NODE_FILE = 'dist/nodes/VideoPoller/VideoPoller.node.js';

/**
 * A folder holding package.json + dist/ (+ a node_modules link) of the package as built from the
 * sources now in the tree. Builds only when no snapshot of this source state exists.
 */
export async function builtPackageDir(): Promise<string> {
	// the first file of this jest process leaves the snapshot's path here for the others
	const marker = path.join(tmpdir(), `vp-e2e-run-${processKey()}.txt`);
	if (existsSync(marker)) {
		const dir = readFileSync(marker, 'utf8');
		if (existsSync(path.join(dir, NODE_FILE))) return dir;
	}
	const dir = await snapshotOfSources();
	writeFileSync(marker, dir);
	return dir;
}

/** This process, also across jest's per-file module registries: pid + start time (Linux), else pid. */
function processKey(): string {
	try {
		// field 22 of /proc/self/stat: start time in clock ticks after boot (fields after the command's ")")
		const stat = readFileSync('/proc/self/stat', 'utf8');
		return `${process.pid}-${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}`;
	} catch {
		return String(process.pid);
	}
}

async function snapshotOfSources(): Promise<string> {
	const hash = sourceHash();
	const dir = path.join(tmpdir(), `vp-e2e-package-${hash}`);
	if (existsSync(path.join(dir, NODE_FILE))) return dir;

	const started = Date.now();
	try {
		await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, maxBuffer: 32 * 1024 * 1024 });
	} catch (error) {
		const e = error as { stdout?: string; stderr?: string; message: string };
		throw new Error(`npm run build failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
	}
	// Sources changed during the build: the dist/ may not match the hash — build once more.
	if (sourceHash() !== hash) return snapshotOfSources();
	const partial = `${dir}.partial-${process.pid}`;
	rmSync(partial, { recursive: true, force: true });
	mkdirSync(partial, { recursive: true });
	cpSync(path.join(ROOT, 'package.json'), path.join(partial, 'package.json'));
	cpSync(path.join(ROOT, 'dist'), path.join(partial, 'dist'), { recursive: true });
	symlinkSync(path.join(ROOT, 'node_modules'), path.join(partial, 'node_modules'), 'dir');
	if (!existsSync(path.join(partial, NODE_FILE))) throw new Error(`the build left no ${NODE_FILE}`);
	try {
		renameSync(partial, dir);
	} catch {
		// another process made the same snapshot meanwhile
		rmSync(partial, { recursive: true, force: true });
	}
	console.log(`e2e: built the package in ${Date.now() - started} ms → ${dir}`);
	return dir;
}

export function n8nInstalled(): boolean {
	return existsSync(path.join(ROOT, 'n8n-host/node_modules/n8n/bin/n8n'));
}

/** Fail with n8n's own output when a run did not produce what the test needs. */
export function explain(run: N8nRunResult): string {
	return [
		`status=${run.status} exit=${run.exitCode} error=${JSON.stringify(run.error)}`,
		`timings=${JSON.stringify(run.timings)}`,
		`--- stdout (tail) ---\n${run.stdout.slice(-4000)}`,
		`--- stderr (tail) ---\n${run.stderr.slice(-4000)}`,
	].join('\n');
}

export function expectRunOk(run: N8nRunResult): void {
	if (run.error || run.status !== 'success') throw new Error(`n8n run failed\n${explain(run)}`);
}

export { COMPLETED_WORD, FAILED_WORD } from '../support/providerWords';

/** Every n8n execute in these tests is a few n8n processes (import, execute): allow for a slow machine. */
export const N8N_RUN_TIMEOUT_MS = 240_000;
/** A test file's limit: the first file of a run also builds the package snapshot (tsc + esbuild). */
export const E2E_TEST_TIMEOUT_MS = N8N_RUN_TIMEOUT_MS + 240_000;
