/**
 * `npm start` — the whole thing in under a minute, without API keys:
 *
 *  1. starts the provider simulator (GeekHub, AI Stats, ReelBot, Poe, Hooked) on 127.0.0.1, with
 *     provider time running 20× faster;
 *  2. submits six video jobs through the providers' create endpoints — the create calls of the
 *     examples — one of which the simulator is told to fail;
 *  3. runs examples/batch-wait-for-many-jobs.json in the real n8n 2.8.4, headless, with this
 *     package installed as a community package (only its job list is set to the six jobs);
 *  4. prints one line per job from the workflow's output and a summary.
 *
 * Exit code 0 when every job came out as the simulator says it ended; 1 otherwise, with the reason.
 * `npm start` installs n8n into n8n-host/ (first time only) and builds the package first.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { runWorkflowInN8n, type N8nRunResult } from '../n8n-host/n8nHost';
import { startSimulator, type Simulator } from '../simulator';
import {
	BATCH_EXAMPLE,
	NODE_NAMES,
	PROVIDER_LABELS,
	ROOT,
	loadExample,
	providerCredentials,
	retargetHttpRequests,
	withBatchJobs,
	type ProviderId,
} from './lib/examples';
import { createJobViaApi } from './lib/providerApi';

const TIME_SCALE = 20;

/** The jobs to submit: provider, how long it runs (real seconds at this time scale), how it ends. */
const PLAN: ReadonlyArray<{ provider: ProviderId; seconds: number; fails?: string }> = [
	{ provider: 'geekHub', seconds: 6 },
	{ provider: 'geekHub', seconds: 4, fails: 'fal status: ERROR' },
	{ provider: 'aiStats', seconds: 28 },
	{ provider: 'reelBot', seconds: 20 },
	{ provider: 'poe', seconds: 30 },
	{ provider: 'hooked', seconds: 24 },
];

class DemoError extends Error {}

const out = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function preflight(): string {
	const n8nPackage = path.join(ROOT, 'n8n-host/node_modules/n8n/package.json');
	if (!existsSync(n8nPackage)) throw new DemoError('n8n is not installed in n8n-host/ — run "npm start" (it installs it) or "npm run n8n:install".');
	const node = path.join(ROOT, 'dist/nodes/VideoPoller/VideoPoller.node.js');
	if (!existsSync(node)) throw new DemoError('the package is not built (dist/ is missing) — run "npm start" or "npm run build" first.');
	return String(JSON.parse(readFileSync(n8nPackage, 'utf8')).version);
}

/** "storage /bucket/reelbot/6ab25661….mp4 (signed)": where the video is, without the noise. */
function shortUrl(url: unknown, jobId: string, sim: Simulator): string {
	if (typeof url !== 'string' || url === '') return '—';
	try {
		const u = new URL(url);
		const where = u.origin === sim.storageUrl ? 'storage' : u.origin === sim.rootUrl ? 'API' : u.host;
		const shortId = jobId.length > 12 ? `${jobId.slice(0, 8)}…` : jobId;
		const pathname = decodeURIComponent(u.pathname).split(jobId).join(shortId);
		return `${where} ${pathname}${u.searchParams.has('X-Amz-Signature') ? ' (signed)' : ''}`;
	} catch {
		return url.length > 60 ? `${url.slice(0, 59)}…` : url;
	}
}

function table(rows: string[][], header: string[], right: Set<number>): string[] {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
	return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

async function main(): Promise<number> {
	const t0 = Date.now();
	const n8nVersion = preflight();
	let sim: Simulator | undefined;
	try {
		sim = await startSimulator({ timeScale: TIME_SCALE, seed: 2026 });
		out(`Video Poller demo — simulated GeekHub, AI Stats, ReelBot, Poe and Hooked on ${sim.rootUrl} (provider time ×${TIME_SCALE})`);
		out();

		// 1. submit the jobs through the providers' own create endpoints
		const submitted: Array<{ provider: ProviderId; id: string; fails?: string }> = [];
		for (const job of PLAN) {
			const hints = { durationMs: job.seconds * 1000 * TIME_SCALE, ...(job.fails ? { outcome: 'failed', errorMessage: job.fails } : {}) };
			const { id } = await createJobViaApi(job.provider, sim.baseUrls[job.provider], sim.keys[job.provider], { _sim: hints });
			submitted.push({ provider: job.provider, id, fails: job.fails });
		}
		out(`Submitted ${submitted.length} jobs through the create endpoints:`);
		for (const [i, job] of submitted.entries()) {
			out(`  ${PROVIDER_LABELS[job.provider].padEnd(9)} ${job.id.padEnd(38)} renders for ~${PLAN[i].seconds} s${job.fails ? ', then FAILS' : ''}`);
		}
		out();

		// 2. the batch example, in real n8n, waits for all of them
		out(`Running examples/${BATCH_EXAMPLE} in n8n ${n8nVersion} (headless: import credentials, import workflow, execute)…`);
		const workflow = withBatchJobs(retargetHttpRequests(loadExample(BATCH_EXAMPLE), sim.baseUrls), submitted);
		const run: N8nRunResult = await runWorkflowInN8n({
			workflow,
			credentials: providerCredentials(sim.baseUrls, sim.keys, 'demo'),
			communityPackageDir: ROOT,
			timeoutMs: 300_000, // one-time n8n start-up can be slow on a busy machine
		});
		if (run.error || run.status !== 'success') {
			const detail = run.error?.description ? ` — ${run.error.description}` : '';
			throw new DemoError(
				`n8n did not run the workflow: ${run.error?.message ?? `status ${run.status}`}${detail}\n` +
					`--- n8n output (last lines) ---\n${(run.stderr + run.stdout).trim().split('\n').slice(-25).join('\n')}`,
			);
		}
		const results = run.lastNodeItems(NODE_NAMES.batchSummary).map((i) => i.json as Record<string, unknown>);
		out(`n8n finished in ${seconds(run.timings.totalMs)} (execute ${seconds(run.timings.executeMs)}).`);
		out();

		// 3. the table
		const rows = results.map((r) => [
			PROVIDER_LABELS[r.provider as ProviderId] ?? String(r.provider),
			String(r.jobId),
			String(r.status),
			String(r.providerStatus),
			r.progress === null || r.progress === undefined ? '—' : String(r.progress),
			shortUrl(r.videoUrl, String(r.jobId), sim!),
			String(r.attempts),
			Number(r.waitedSeconds).toFixed(1),
		]);
		for (const line of table(rows, ['provider', 'jobId', 'status', 'providerStatus', 'progress', 'videoUrl', 'polls', 'waited s'], new Set([4, 6, 7]))) {
			out(`  ${line}`);
		}
		for (const r of results.filter((x) => x.error)) out(`  ✗ ${PROVIDER_LABELS[r.provider as ProviderId]} job ${String(r.jobId)}: ${String(r.error)}`);
		out();

		// 4. check against what the simulator says happened
		const problems: string[] = [];
		if (results.length !== submitted.length) problems.push(`expected ${submitted.length} results, the workflow gave ${results.length}`);
		for (const job of submitted) {
			const r = results.find((x) => x.jobId === job.id);
			const record = sim.job(job.id);
			if (!r) {
				problems.push(`no result for ${job.provider} job ${job.id}`);
				continue;
			}
			const expected = record.outcome === 'completed' ? 'completed' : 'failed';
			if (r.status !== expected) problems.push(`${job.provider} job ${job.id}: status ${String(r.status)}, the simulator says ${expected}`);
			if (expected === 'completed' && typeof r.videoUrl !== 'string') problems.push(`${job.provider} job ${job.id}: completed without a videoUrl`);
			if (r.attempts !== record.statusRequests + record.otherRequests) {
				problems.push(`${job.provider} job ${job.id}: ${String(r.attempts)} polls reported, the simulator counted ${record.statusRequests + record.otherRequests}`);
			}
		}
		const completed = results.filter((r) => r.status === 'completed').length;
		const failed = results.filter((r) => r.status === 'failed').length;
		const polls = results.reduce((n, r) => n + Number(r.attempts ?? 0), 0);
		const providers = new Set(results.map((r) => r.provider)).size;
		if (problems.length > 0) {
			out('Demo FAILED — the workflow output does not match what the simulator did:');
			for (const p of problems) out(`  - ${p}`);
			return 1;
		}
		out(
			`✓ ${results.length} jobs at ${providers} providers: ${completed} completed, ${failed} failed (as planned) · ${polls} polls in all · ` +
				`n8n ${n8nVersion} headless ${seconds(run.timings.totalMs)} · demo ${seconds(Date.now() - t0)}`,
		);
		return 0;
	} finally {
		await sim?.close();
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		const message = error instanceof DemoError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
		process.stderr.write(`\nDemo FAILED: ${message}\n`);
		process.exit(1);
	},
);
