/**
 * Runs one contender against its own simulator process and measures it: wall time until every
 * job was known done, requests per job, 429s, detection lag (from the simulator's own records),
 * CPU and RSS of the contender's process tree (from /proc).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { runWorkflowInN8n } from '../n8n-host/n8nHost';
import { findProcess, TreeSampler, type Usage } from './procStats';
import type { JobRow, WorkerConfig, WorkerInfo } from './simWorker';
import type { BuiltWorkflow } from './workflows';

const ROOT = path.resolve(__dirname, '..');
const SAMPLE_MS = 100;

export interface RunMeasure {
	contender: string;
	ok: boolean;
	/** Why not ok (workflow error, timeout, jobs never seen done). */
	problem?: string;
	jobs: number;
	/** Batch created → last job's first terminal answer, seconds (real). */
	wallKnownS: number | null;
	/** Batch created → the contender's own end (its last POST /done), seconds. */
	wallDoneS: number | null;
	statusRequests: number;
	otherRequests: number;
	rateLimited: number;
	/** Per-job detection lag (first terminal answer − terminal moment), seconds, sorted. */
	lagsS: number[];
	/** Jobs whose terminal status was never served. */
	unseen: number;
	/** CPU of the main process (n8n's, where the nodes run) from batch creation to its end, seconds. */
	cpuS: number | null;
	/** The same for the whole process tree: n8n's task runner (for Code nodes) included. */
	cpuTreeS: number | null;
	/** CPU of the whole process life (start-up included), seconds. */
	cpuTotalS: number | null;
	/** RSS when the batch was created (booted, workflow started), bytes. */
	rssAtStart: number | null;
	/** Peak RSS from batch creation to the end, bytes. */
	rssPeak: number | null;
	/** Wall clock of the whole contender run including n8n start-up, seconds. */
	runS: number;
	/** Oracle figures for this contender's own jobs (their real terminal moments). */
	oracleWallS: number;
	bytesServed: number;
}

interface Worker {
	child: ChildProcess;
	info: WorkerInfo;
	batchAt: Promise<number>;
	doneAt: () => number | null;
	onBatch: (fn: (at: number) => void) => void;
	onDone: (fn: (at: number) => void) => void;
	records(): Promise<{ jobs: JobRow[]; bytesServed: number }>;
	stop(): Promise<void>;
}

async function startWorker(config: WorkerConfig): Promise<Worker> {
	const child = fork(path.join(__dirname, 'simWorker.ts'), [], {
		execArgv: ['--import', 'tsx'],
		cwd: ROOT,
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	let doneAt: number | null = null;
	const batchListeners: Array<(at: number) => void> = [];
	const doneListeners: Array<(at: number) => void> = [];
	let resolveBatch!: (at: number) => void;
	const batchAt = new Promise<number>((resolve) => (resolveBatch = resolve));
	let pendingRecords: ((r: { jobs: JobRow[]; bytesServed: number }) => void) | null = null;
	const info = await new Promise<WorkerInfo>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('simulator worker did not start in 60 s')), 60_000);
		child.on('message', (msg: { type: string; info?: WorkerInfo; at?: number; message?: string; jobs?: JobRow[]; bytesServed?: number }) => {
			if (msg.type === 'ready') {
				clearTimeout(timer);
				resolve(msg.info!);
			} else if (msg.type === 'error') {
				clearTimeout(timer);
				reject(new Error(msg.message));
			} else if (msg.type === 'batch') {
				resolveBatch(msg.at!);
				for (const fn of batchListeners) fn(msg.at!);
			} else if (msg.type === 'done') {
				doneAt = msg.at!;
				for (const fn of doneListeners) fn(msg.at!);
			} else if (msg.type === 'records') {
				pendingRecords?.({ jobs: msg.jobs!, bytesServed: msg.bytesServed ?? 0 });
				pendingRecords = null;
			}
		});
		child.send({ type: 'init', config });
	});
	return {
		child,
		info,
		batchAt,
		doneAt: () => doneAt,
		onBatch: (fn) => batchListeners.push(fn),
		onDone: (fn) => doneListeners.push(fn),
		records: () =>
			new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error('simulator worker did not answer records')), 30_000);
				pendingRecords = (r) => {
					clearTimeout(timer);
					resolve(r);
				};
				child.send({ type: 'records' });
			}),
		stop: async () => {
			if (child.exitCode !== null) return;
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			child.send({ type: 'stop' });
			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exited;
			clearTimeout(timer);
		},
	};
}

/** Watches a process once it appears: CPU/RSS at batch creation, at each /done, and peak RSS between. */
class Watch {
	private sampler: TreeSampler | null = null;
	private timer: NodeJS.Timeout;
	private readonly startedAt = Date.now();
	atBatch: Usage | null = null;
	atDone: Usage | null = null;
	peakAfterBatch = 0;
	private batchSeen = false;

	constructor(
		private readonly locate: () => number | null,
		private readonly giveUpMs: number,
	) {
		this.timer = setInterval(() => this.tick(), SAMPLE_MS);
	}

	private tick(): void {
		if (!this.sampler) {
			const pid = this.locate();
			if (pid !== null) this.sampler = new TreeSampler(pid);
			else if (Date.now() - this.startedAt > this.giveUpMs) this.stop();
			return;
		}
		const usage = this.sampler.sample();
		if (usage && this.batchSeen) this.peakAfterBatch = Math.max(this.peakAfterBatch, usage.rssBytes);
	}

	batch(): void {
		if (!this.sampler) {
			const pid = this.locate();
			if (pid !== null) this.sampler = new TreeSampler(pid);
		}
		this.atBatch = this.sampler?.sample() ?? null;
		this.batchSeen = true;
		if (this.atBatch) this.peakAfterBatch = this.atBatch.rssBytes;
	}

	done(): void {
		const usage = this.sampler?.sample() ?? null;
		if (usage) {
			this.atDone = usage;
			this.peakAfterBatch = Math.max(this.peakAfterBatch, usage.rssBytes);
		}
	}

	/** The last sample taken (the process may have exited since). */
	last(): Usage | null {
		return this.sampler?.last ?? null;
	}

	stop(): void {
		clearInterval(this.timer);
	}
}

export type Launch =
	| { kind: 'n8n'; build: (info: WorkerInfo) => BuiltWorkflow; env?: Record<string, string>; timeoutMs: number }
	| { kind: 'script'; args: (info: WorkerInfo) => string[]; timeoutMs: number };

export async function runContender(contender: string, config: WorkerConfig, launch: Launch): Promise<RunMeasure> {
	const t0 = Date.now();
	const worker = await startWorker(config);
	let problem: string | undefined;
	let watch: Watch;
	try {
		if (launch.kind === 'n8n') {
			const built = launch.build(worker.info);
			const id: string = built.workflow.id;
			watch = new Watch(() => findProcess(['execute', `--id=${id}`]), launch.timeoutMs);
			worker.onBatch(() => watch.batch());
			worker.onDone(() => watch.done());
			// An import step (a whole n8n start of its own) now and then fails on a busy machine
			// before the workflow ran at all: that is retried, at most twice.
			for (let attempt = 1; attempt <= 3; attempt++) {
				const result = await runWorkflowInN8n({
					workflow: built.workflow,
					credentials: built.credentials,
					customExtensionsDir: ROOT,
					timeoutMs: launch.timeoutMs,
					env: { N8N_LOG_LEVEL: 'info', ...(launch.env ?? {}) },
				});
				problem = result.error ? `${result.error.node ? `${result.error.node}: ` : ''}${result.error.message}`.slice(0, 300) : undefined;
				// With binary data in memory the run JSON n8n prints holds the whole file (base64)
				// and may not parse; exit 0 is still a successful run.
				if (problem && /^no run JSON in n8n output \(exit 0\)/.test(problem)) problem = undefined;
				const beforeRun = !!problem && /^import:/.test(problem) && (await Promise.race([worker.batchAt.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 10))]));
				if (!beforeRun) break;
				process.stdout.write(`[bench] ${contender}: ${(problem ?? "").split('\n')[0].slice(0, 120)} — trying again (${attempt})\n`);
			}
		} else {
			const args = launch.args(worker.info);
			const child = spawn(process.execPath, [path.join(__dirname, 'oneByOne.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
			const pid = child.pid!;
			watch = new Watch(() => pid, launch.timeoutMs);
			worker.onBatch(() => watch.batch());
			worker.onDone(() => watch.done());
			let stderr = '';
			child.stderr!.setEncoding('utf8').on('data', (d) => (stderr += d));
			const code = await new Promise<number | null>((resolve) => {
				const timer = setTimeout(() => child.kill('SIGKILL'), launch.timeoutMs);
				child.on('close', (c) => {
					clearTimeout(timer);
					resolve(c);
				});
			});
			if (code !== 0) problem = `exit ${code}: ${stderr.trim().split('\n').filter((l) => /Error/.test(l))[0] ?? stderr.slice(-200)}`;
		}
	} finally {
		// (watch is always assigned before any await that can throw)
	}
	watch!.stop();
	const batchAt = await Promise.race([worker.batchAt, new Promise<null>((r) => setTimeout(() => r(null), 10))]);
	const doneAt = worker.doneAt();
	const { jobs, bytesServed } = await worker.records();
	await worker.stop();

	const lags = jobs.filter((j) => j.firstTerminalServedAt !== null).map((j) => (j.firstTerminalServedAt! - j.terminalAt) / 1000).sort((a, b) => a - b);
	const unseen = jobs.filter((j) => j.firstTerminalServedAt === null).length;
	const lastKnown = unseen === 0 && jobs.length > 0 ? Math.max(...jobs.map((j) => j.firstTerminalServedAt!)) : null;
	const created = batchAt ?? (jobs.length ? Math.min(...jobs.map((j) => j.createdAt)) : t0);
	const oracleEnd = jobs.length ? Math.max(...jobs.map((j) => j.terminalAt)) : created;
	if (!problem && unseen > 0) problem = `${unseen} job(s) never seen done`;
	if (!problem && doneAt === null) problem = 'never reached its end';
	const w = watch!;
	return {
		contender,
		ok: !problem,
		problem,
		jobs: jobs.length,
		wallKnownS: lastKnown === null ? null : (lastKnown - created) / 1000,
		wallDoneS: doneAt === null ? null : (doneAt - created) / 1000,
		statusRequests: jobs.reduce((s, j) => s + j.statusRequests, 0),
		otherRequests: jobs.reduce((s, j) => s + j.otherRequests, 0),
		rateLimited: jobs.reduce((s, j) => s + j.rateLimited, 0),
		lagsS: lags,
		unseen,
		cpuS: w.atBatch && (w.atDone ?? w.last()) ? (w.atDone ?? w.last())!.rootCpuSeconds - w.atBatch.rootCpuSeconds : null,
		cpuTreeS: w.atBatch && (w.atDone ?? w.last()) ? (w.atDone ?? w.last())!.cpuSeconds - w.atBatch.cpuSeconds : null,
		cpuTotalS: (w.atDone ?? w.last())?.cpuSeconds ?? null,
		rssAtStart: w.atBatch?.rssBytes ?? null,
		rssPeak: w.atBatch ? w.peakAfterBatch : null,
		runS: (Date.now() - t0) / 1000,
		oracleWallS: (oracleEnd - created) / 1000,
		bytesServed,
	};
}
