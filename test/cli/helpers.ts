/**
 * Runs the `video-poller` command as a subprocess (TypeScript through tsx, no build needed).
 * Async spawn only: the simulator lives in the test's own event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const MAIN = resolve(ROOT, 'src/cli/main.ts');

export interface CliRun {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

export interface CliProcess {
	child: ChildProcess;
	/** Resolves once the process has exited and its output is closed. */
	done: Promise<CliRun>;
	/** Resolves when stderr has a complete line matching `pattern`. */
	stderrLine(pattern: RegExp): Promise<string>;
}

const KEY_VARS = ['GEEKHUB_API_KEY', 'AISTATS_API_KEY', 'REELBOT_API_KEY', 'POE_API_KEY', 'HOOKED_API_KEY'];

/** The parent's environment without any provider key, plus `extra`. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env };
	for (const name of KEY_VARS) delete env[name];
	delete env.VIDEO_POLLER_DEBUG;
	return { ...env, ...extra };
}

/**
 * `node --import tsx src/cli/main.ts …` — one process (unlike the `tsx` wrapper, which runs
 * the script in a child and relays signals), so a signal sent in a test reaches the CLI itself.
 */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = cliEnv()): CliProcess {
	const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
		cwd: ROOT,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
	const checkWaiters = () => {
		const lines = stderr.split('\n').slice(0, -1);
		for (const waiter of [...waiters]) {
			const line = lines.find((l) => waiter.pattern.test(l));
			if (line !== undefined) {
				waiters.splice(waiters.indexOf(waiter), 1);
				waiter.resolve(line);
			}
		}
	};
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
		checkWaiters();
	});
	const done = new Promise<CliRun>((resolveRun, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => resolveRun({ code, signal, stdout, stderr }));
	});
	return {
		child,
		done,
		stderrLine: (pattern) =>
			new Promise((resolveLine, reject) => {
				waiters.push({ pattern, resolve: resolveLine });
				checkWaiters();
				void done.then(() => reject(new Error(`CLI exited before printing ${pattern} on stderr:\n${stderr}`)));
			}),
	};
}

export function runCli(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<CliRun> {
	return startCli(args, env).done;
}

/** One stdout line, parsed; loosely typed on purpose (tests read nested fields freely). */
 
export type JsonLine = Record<string, any>;

/** stdout as parsed JSON lines (throws on any line that is not JSON). */
export function jsonLines(run: CliRun): JsonLine[] {
	return run.stdout
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => JSON.parse(line) as JsonLine);
}

/** The contract's field names, in order (CONTRACT.md, without the optional `raw`). */
export const CONTRACT_FIELDS = [
	'provider',
	'jobId',
	'status',
	'providerStatus',
	'done',
	'progress',
	'videoUrl',
	'videoUrlRequiresAuth',
	'videoUrlExpiresAt',
	'thumbnailUrl',
	'durationSeconds',
	'model',
	'createdAt',
	'updatedAt',
	'completedAt',
	'error',
	'polling',
];

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[/;

/** Human-readable dump for assertion messages. */
export function show(run: CliRun): string {
	return `exit ${run.code} (${run.signal ?? 'no signal'})\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`;
}

/** Resolves once the simulator's job has reached its end (no fixed sleep: polls the simulator's own record). */
export async function untilEnded(sim: { job(id: string): { finishedAt: number | null } }, id: string): Promise<void> {
	while (sim.job(id).finishedAt === null) await sleep(10);
}

export function sleep(ms: number): Promise<void> {
	return new Promise((done) => setTimeout(done, ms));
}
