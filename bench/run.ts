/**
 * `npm run bench` — waiting for a batch of video jobs, against what users run today.
 * Writes bench/RESULTS.md and bench/chart.png (bench/chart.svg beside it).
 *
 *   tsx bench/run.ts [--quick] [--scale 10] [--seed 1]
 *
 * Everything runs on 127.0.0.1: a provider simulator per contender (bench/simWorker.ts), real
 * n8n 2.8.4 (n8n-host/) running the built package. See RESULTS.md for the method.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderChart, type ChartGroup } from './chart';
import { probe, probeBudget, type BudgetCheck } from './engineProbe';
import { runContender, type Launch, type RunMeasure } from './harness';
import { drawBatch } from './scenarios';
import type { WorkerConfig, WorkerInfo } from './simWorker';
import { idleWorkflow, ifWaitLoopWorkflow, loopOverItemsWorkflow, SETTLE_SECONDS, videoPollerWorkflow } from './workflows';

const HERE = __dirname;
const PROVIDER = 'poe' as const;
/** Poe's documented cadence ("a recommended polling interval is 5 seconds"). */
const POE_INTERVAL_S = 5;
/** n8n's built-in OpenAI "Generate Video" polls every 10 s (pollUntilAvailable). */
const BUILTIN_INTERVAL_S = 10;
const RUN_TIMEOUT_MS = 300_000;
const MB = 1024 * 1024;

type ContenderId = 'a' | 'b1' | 'b1r' | 'b2' | 'c';
const LABEL: Record<ContenderId | 'd', string> = {
	a: '(a) Video Poller, Wait for Video',
	b1: '(b) HTTP Request → IF → Wait loop',
	b1r: '(b) same loop, Retry On Fail on',
	b2: '(b) Loop Over Items + HTTP/IF/Wait',
	c: '(c) one by one, fixed 10 s sleep',
	d: '(d) oracle',
};

interface Scenario {
	jobs: number;
	limits: boolean;
}

interface ScenarioResult extends Scenario {
	oracleS: number;
	runs: Partial<Record<ContenderId, RunMeasure>>;
}

function log(message: string): void {
	process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function launchFor(id: ContenderId, scale: number): Launch {
	const wait = POE_INTERVAL_S / scale;
	const statusPath = '/v1/videos/{{ $json.id }}';
	const auth = (info: WorkerInfo) => ({ name: 'Authorization', value: `Bearer ${info.key}` });
	switch (id) {
		case 'a':
			return {
				kind: 'n8n',
				timeoutMs: RUN_TIMEOUT_MS,
				build: (info) => videoPollerWorkflow(info, { provider: PROVIDER, credentialType: 'poeApi', pollIntervalSeconds: wait, maxWaitSeconds: 900 }),
			};
		case 'b1':
			return { kind: 'n8n', timeoutMs: RUN_TIMEOUT_MS, build: (info) => ifWaitLoopWorkflow(info, { statusPath, authHeader: auth(info), waitSeconds: wait }) };
		case 'b1r':
			return { kind: 'n8n', timeoutMs: RUN_TIMEOUT_MS, build: (info) => ifWaitLoopWorkflow(info, { statusPath, authHeader: auth(info), waitSeconds: wait, retry: true }) };
		case 'b2':
			return { kind: 'n8n', timeoutMs: RUN_TIMEOUT_MS, build: (info) => loopOverItemsWorkflow(info, { statusPath, authHeader: auth(info), waitSeconds: wait }) };
		case 'c':
			return {
				kind: 'script',
				timeoutMs: RUN_TIMEOUT_MS,
				args: (info) => [info.benchUrl, `${info.baseUrl}/v1/videos/`, 'Authorization', `Bearer ${info.key}`, String((BUILTIN_INTERVAL_S * 1000) / scale), String(900_000)],
			};
	}
}

async function runScenario(scenario: Scenario, contenders: ContenderId[][], scale: number, seed: number): Promise<ScenarioResult> {
	const jobs = drawBatch(scenario.jobs, seed);
	const config: WorkerConfig = { provider: PROVIDER, timeScale: scale, seed, enforceRateLimits: scenario.limits, jobs };
	const result: ScenarioResult = { ...scenario, oracleS: Math.max(...jobs.map((j) => j.durationMs)) / scale / 1000, runs: {} };
	for (const phase of contenders) {
		log(`${scenario.jobs} job(s), limits ${scenario.limits ? 'on' : 'off'}: ${phase.join(' + ')}`);
		const measured = await Promise.all(phase.map((id) => runContender(id, config, launchFor(id, scale))));
		phase.forEach((id, i) => {
			result.runs[id] = measured[i];
			const m = measured[i];
			log(`  ${id}: ${m.ok ? 'ok' : `FAILED (${m.problem})`}, wall ${fmt(m.wallKnownS)} s (oracle ${fmt(result.oracleS)}), ${fmt(m.statusRequests / m.jobs)} req/job, ${m.rateLimited} × 429, cpu ${fmt(m.cpuS)} s (with task runner ${fmt(m.cpuTreeS)} s), run ${fmt(m.runS)} s`);
		});
	}
	return result;
}

/* ---------------------------------------------------------------------------------------- */

function fmt(n: number | null | undefined, digits = 2): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return '–';
	return n.toFixed(digits);
}

function quantile(sorted: number[], q: number): number | null {
	if (sorted.length === 0) return null;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function mb(bytes: number | null): string {
	return bytes === null ? '–' : (bytes / MB).toFixed(0);
}

interface Targets {
	wall: boolean | null;
	requests: boolean | null;
	no429: boolean | null;
	cpu: boolean | null;
	rss: boolean | null;
}

function targetsFor(s: ScenarioResult, interval: number): Targets {
	const a = s.runs.a;
	if (!a) return { wall: null, requests: null, no429: null, cpu: null, rss: null };
	return {
		wall: a.wallKnownS !== null && a.wallKnownS <= s.oracleS + interval,
		requests: s.jobs >= 50 ? a.statusRequests / a.jobs <= 2 : null,
		no429: s.limits ? a.rateLimited === 0 : null,
		cpu: a.cpuS !== null && a.wallDoneS !== null ? a.cpuS <= 0.05 * a.wallDoneS : null,
		rss: s.jobs >= 500 && a.rssPeak !== null && a.rssAtStart !== null ? a.rssPeak - a.rssAtStart <= 150 * MB : null,
	};
}

const mark = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? '**met**' : '**NOT met**');

function scenarioTable(s: ScenarioResult, scale: number): string {
	const rows: string[] = [];
	rows.push(
		'| contender | outcome | wall until all known (s) | × oracle | − oracle (s) | status req/job | 429s | lag p50 (s) | lag p95 (s) | CPU (s) | CPU % of wall | CPU with task runner (s) | RSS at batch (MB) | peak RSS (MB) | peak − at batch (MB) |',
	);
	rows.push('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
	for (const id of ['a', 'b1', 'b1r', 'b2', 'c'] as ContenderId[]) {
		const m = s.runs[id];
		if (!m) continue;
		const wall = m.wallKnownS;
		const cpuShare = m.cpuS !== null && m.wallDoneS ? (100 * m.cpuS) / m.wallDoneS : null;
		rows.push(
			`| ${LABEL[id]} | ${m.ok ? 'ok' : `failed: ${m.problem?.replace(/\|/g, '/').slice(0, 90)}`} | ${fmt(wall)} | ${wall === null ? '–' : fmt(wall / s.oracleS)} | ${wall === null ? '–' : fmt(wall - s.oracleS)} | ${fmt(m.statusRequests / m.jobs)} | ${m.rateLimited} | ${fmt(quantile(m.lagsS, 0.5))} | ${fmt(quantile(m.lagsS, 0.95))} | ${fmt(m.cpuS)} | ${fmt(cpuShare, 1)} | ${fmt(m.cpuTreeS)} | ${mb(m.rssAtStart)} | ${mb(m.rssPeak)} | ${m.rssPeak !== null && m.rssAtStart !== null ? mb(m.rssPeak - m.rssAtStart) : '–'} |`,
		);
	}
	if (!s.runs.c) {
		const bound = (s.jobs * BUILTIN_INTERVAL_S) / scale;
		rows.push(`| ${LABEL.c} | not run: it needs ≥ ${s.jobs} × ${fmt(BUILTIN_INTERVAL_S / scale)} s | ≥ ${fmt(bound, 0)} | ≥ ${fmt(bound / s.oracleS, 1)} | ≥ ${fmt(bound - s.oracleS, 0)} | ≥ 1 | – | – | – | – | – | – | – | – | – |`);
	}
	rows.push(`| ${LABEL.d} | ok | ${fmt(s.oracleS)} | 1.00 | 0.00 | 1.00 | 0 | 0.00 | 0.00 | – | – | – | – | – | – |`);
	return rows.join('\n');
}

function machine(): string {
	const cpus = os.cpus();
	let n8nVersion = '?';
	try {
		n8nVersion = JSON.parse(readFileSync(path.join(HERE, '../n8n-host/node_modules/n8n/package.json'), 'utf8')).version;
	} catch {
		/* not installed */
	}
	let distro = os.type();
	try {
		distro = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? distro;
	} catch {
		/* no os-release */
	}
	return `${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, ${distro}, Linux ${os.release()}, Node ${process.version}, n8n ${n8nVersion}`;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			quick: { type: 'boolean', default: false },
			scale: { type: 'string', default: '10' },
			seed: { type: 'string', default: '1' },
		},
		strict: true,
	});
	const quick = values.quick!;
	const scale = Number(values.scale);
	const seed = Number(values.seed);
	if (!(scale > 0) || !Number.isFinite(seed)) throw new Error('--scale must be > 0 and --seed a number');
	const interval = POE_INTERVAL_S / scale;
	const benchStart = Date.now();
	const loadAtStart = os.loadavg();
	log(`time scale ${scale}, seed ${seed}${quick ? ', quick' : ''}`);

	const sizes = quick ? [1, 50] : [1, 50, 500];
	const limitModes = quick ? [true] : [false, true];
	const scenarios: ScenarioResult[] = [];
	for (const jobs of sizes) {
		for (const limits of limitModes) {
			// (a) with the light script beside it; then the two n8n loops side by side.
			// (c) waits at least one interval per job after the other: 500 jobs would take ≥ 500 s
			// here (83 min at the provider), so it is not run there (its lower bound is shown).
			// "Retry On Fail" (b1r) is tried where a 429 is likely to stop the plain loop: 50 jobs, limits on.
			const loops: ContenderId[] = jobs === 1 ? ['b1'] : jobs === 50 && limits ? ['b1', 'b1r', 'b2'] : ['b1', 'b2'];
			const phases: ContenderId[][] = quick ? [['a', 'c'], ['b1']] : jobs >= 500 ? [['a'], loops] : [['a', 'c'], loops];
			scenarios.push(await runScenario({ jobs, limits }, phases, scale, seed));
		}
	}

	// Side runs, side by side: n8n's own idle cost (the same process shape, a workflow that only
	// waits), and downloading a large video through the node, binary data on disk vs in memory
	// (and without download, as the reference). GeekHub: its video_url is on the storage host,
	// whose byte counter tells what was fetched.
	const idleSeconds = 30 / (scale / 10);
	const videoBytes = (quick ? 32 : 64) * MB;
	const downloadPlan: Array<{ mode: string; bytes: number }> = quick
		? [{ mode: 'filesystem', bytes: videoBytes }, { mode: 'off', bytes: videoBytes }]
		: [{ mode: 'filesystem', bytes: videoBytes }, { mode: 'filesystem', bytes: 4 * videoBytes }, { mode: 'default', bytes: videoBytes }, { mode: 'off', bytes: videoBytes }];
	log(`idle n8n baseline; downloads: ${downloadPlan.map((d) => `${d.mode} ${d.bytes / MB} MB`).join(', ')}`);
	const [idle, ...downloadRuns] = await Promise.all([
		runContender('idle', { provider: PROVIDER, timeScale: scale, seed, enforceRateLimits: false, jobs: [{ durationMs: 1000 }] }, {
			kind: 'n8n',
			timeoutMs: RUN_TIMEOUT_MS,
			build: (info) => idleWorkflow(info, idleSeconds),
		}),
		...downloadPlan.map(({ mode, bytes }) =>
			runContender(`download-${mode}`, { provider: 'geekHub', timeScale: scale, seed, enforceRateLimits: true, jobs: [{ durationMs: 20_000, videoBytes: bytes, model: 'runway/gen-4' }] }, {
				kind: 'n8n',
				timeoutMs: RUN_TIMEOUT_MS,
				env: mode === 'off' ? {} : { N8N_DEFAULT_BINARY_DATA_MODE: mode },
				build: (info) => videoPollerWorkflow(info, { provider: 'geekHub', credentialType: 'geekHubApi', pollIntervalSeconds: interval, maxWaitSeconds: 900, download: mode !== 'off' }),
			}),
		),
	]);
	const downloads = downloadPlan.map(({ mode, bytes }, i) => ({ mode, bytes, m: downloadRuns[i] }));
	for (const { mode, m } of downloads) log(`  download ${mode}: ${m.ok ? 'ok' : `FAILED (${m.problem})`}, ${mb(m.bytesServed)} MB served, RSS ${mb(m.rssAtStart)} → peak ${mb(m.rssPeak)} MB`);

	// The engine alone (no n8n): its rate budget under time scaling (demand far above each
	// limit), and the batch schedule over other seeds (not one lucky draw).
	log('engine alone: rate budget under scaling; other seeds');
	const seedPlan = quick ? [] : [seed + 1, seed + 2].flatMap((s) => [50, 500].map((jobs) => ({ seed: s, jobs })));
	const [budgetChecks, seedResults] = await Promise.all([
		(async () => {
			const checks: BudgetCheck[] = [];
			for (const provider of ['reelBot', 'poe', 'geekHub'] as const) checks.push(await probeBudget(provider, scale, seed, quick ? 8 : 15));
			return checks;
		})(),
		(async () => {
			const results: Array<Awaited<ReturnType<typeof probe>>> = [];
			for (const p of seedPlan) results.push(await probe(p.jobs, PROVIDER, true, scale, p.seed, interval));
			return results;
		})(),
	]);
	const seedRuns = seedPlan.map((p, i) => ({ ...p, r: seedResults[i] }));

	const totalS = (Date.now() - benchStart) / 1000;
	log(`done in ${fmt(totalS / 60, 1)} min; writing RESULTS.md and chart`);

	// Chart
	const groups: ChartGroup[] = scenarios.map((s) => ({
		label: `${s.jobs} job${s.jobs > 1 ? 's' : ''}, limits ${s.limits ? 'on' : 'off'}`,
		bars: [
			...(['a', 'b1', 'b1r', 'b2', 'c'] as ContenderId[])
				.filter((id) => s.runs[id])
				.map((id) => ({ key: id, wall: s.runs[id]!.ok ? s.runs[id]!.wallKnownS : null, perJob: s.runs[id]!.statusRequests / s.runs[id]!.jobs, failed: !s.runs[id]!.ok })),
			{ key: 'd', wall: s.oracleS, perJob: 1, failed: false },
		],
	}));
	const chart = renderChart(groups, LABEL, path.join(HERE, 'chart.svg'), path.join(HERE, 'chart.png'), `time scale ${scale} (1 s here = ${scale} s at the provider), seed ${seed}`);

	// RESULTS.md
	const out: string[] = [];
	out.push('# Benchmark: waiting for a batch of AI video jobs');
	out.push('');
	out.push(`Generated by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Whole run: **${fmt(totalS / 60, 1)} min**.`);
	out.push('');
	out.push(`- Machine: ${machine()}; load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' / ')} (other processes on the machine add noise to wall and lag figures, not to request counts).`);
	out.push(`- Time scale **${scale}**: the simulator divides job durations, rate-limit windows and URL lifetimes by ${scale}; every figure below is in real seconds (multiply by ${scale} for provider time). Poll intervals are scaled the same way: Poe's documented 5 s → ${fmt(interval)} s; the built-in nodes' 10 s → ${fmt(BUILTIN_INTERVAL_S / scale)} s.`);
	out.push(`- Seed **${seed}** (simulator ids, job durations). Durations: each job a model of the GeekHub seed table ("How often to poll") chosen uniformly — Kling 2–5 min, Hailuo 2–4 min, Runway 30 s–2 min, Luma 1–3 min, Veo 3.1 3–5 min, Veo 3 2–4 min — its total uniform in that range, queued part ≤ 20 % (2–15 s); the same draw for every contender of a scenario.`);
	out.push(`- Provider: **Poe** (simulated): status \`GET /v1/videos/{id}\` with a progress figure, **500 requests/min** (scaled: 500 per ${fmt(60 / scale, 0)} s), \`x-ratelimit-*-requests\` headers on every answer. "limits on" = the simulator answers 429 past the limit; "off" = it still counts and sends the headers but never refuses.`);
	out.push(`- Reproduce: \`npm run bench\` (≈ ${fmt(totalS / 60, 0)} min; installs n8n 2.8.4 into n8n-host/ the first time, builds, runs). \`npm run bench -- --quick\` (1 and 50 jobs, limits on, (a)/(b)/(c), ≈ 5 min). Options \`--scale N\`, \`--seed N\`. Only 127.0.0.1 is used.`);
	out.push('');
	out.push('![wall time and requests per job](chart.png)');
	out.push('');
	out.push('## Contenders');
	out.push('');
	out.push(`- **(a)** this package's node, *Wait for Video* over the whole batch, built (\`dist/\`) and loaded into real n8n 2.8.4 (\`n8n execute\`, custom extension); \`pollInterval\` ${fmt(interval)} s (Poe's 5 s, scaled).`);
	out.push(`- **(b)** the loop users build today, as real n8n 2.8.4 workflows with n8n's node defaults: *HTTP Request* (v4.2, Header Auth credential) → *IF* (v2.2: status is completed or failed) → *Wait* (v1.1, ${fmt(interval)} s) → back to the HTTP Request, all pending items each round; the *Loop Over Items* form (Split In Batches v3, batch size 1), which waits for one job after another; and (50 jobs, limits on) the first loop with *Retry On Fail* switched on (n8n's defaults: 3 tries, 1 s apart), what a user does after a 429 stopped the run.`);
	out.push(`- **(c)** the way n8n's built-in video nodes wait: one item after another, request then a fixed sleep until done — a copy of \`pollUntilAvailable()\` from @n8n/n8n-nodes-langchain (OpenAI *Generate Video*, 10 s → ${fmt(BUILTIN_INTERVAL_S / scale)} s), as a small Node script with axios (\`bench/oneByOne.mjs\`; its CPU/RSS are of that script, not of n8n). Like the built-in node, an error status (429) fails the run.`);
	out.push('- **(d)** the oracle: knows each job\'s end — one request per job at that moment; computed from the drawn durations.');
	out.push('');
	out.push('## Measures');
	out.push('');
	out.push(`- Every contender has its own simulator process (same seed, same durations, its own rate-limit windows) and creates its batch itself (an HTTP Request to the bench's \`POST /batch\`, after a ${SETTLE_SECONDS} s *Wait* that lets n8n finish starting up); its clock starts at that moment. (a) and (c) run side by side, then the (b) workflows side by side.`);
	out.push('- **wall until all known**: batch created → the moment the simulator first served a terminal status for the last job (`firstTerminalServedAt`); × and − oracle against the latest job end.');
	out.push('- **status req/job**: the simulator\'s per-job status-request counters (every answer, 429s included) ÷ jobs. **429s**: the simulator\'s per-job counters.');
	out.push('- **lag**: per job, `firstTerminalServedAt − finishedAt` (when the contender learned the end, minus when it ended). For (a) only the last job\'s lag matters to the workflow: the node outputs the batch when all have ended.');
	out.push('- **CPU**: user+system time of the contender\'s main process (n8n\'s, where every node runs; from /proc) from batch creation to the workflow\'s last step (its `POST /done`); % of that wall time. **CPU with task runner**: the same for the whole process tree. n8n 2.x starts a task runner child (the sandbox for Code nodes, which no contender uses) a few seconds after start-up; when its boot falls inside the measured span it adds 1–2 CPU-s that depend on timing, not on the contender. **RSS**: the tree\'s resident memory at batch creation (the same n8n, started and idle) and its peak until the end, sampled every 100 ms.');
	out.push(
		`- Idle n8n for comparison (same workflow shape, a ${fmt(idleSeconds, 0)} s Wait instead of polling): CPU ${fmt(idle.cpuS)} s over ${fmt(idle.wallDoneS)} s (${fmt(idle.cpuS !== null && idle.wallDoneS ? (100 * idle.cpuS) / idle.wallDoneS : null, 1)} %), RSS ${mb(idle.rssAtStart)} MB at start, peak ${mb(idle.rssPeak)} MB.`,
	);
	out.push('');
	out.push('## Results');
	for (const s of scenarios) {
		out.push('');
		out.push(`### ${s.jobs} job${s.jobs > 1 ? 's' : ''}, rate limit ${s.limits ? 'enforced' : 'not enforced'} — oracle ${fmt(s.oracleS)} s`);
		out.push('');
		out.push(scenarioTable(s, scale));
	}
	out.push('');
	out.push('## Targets for (a)');
	out.push('');
	out.push(`| scenario | wall ≤ oracle + one interval (${fmt(interval)} s) | ≤ 2 status requests per job | no 429 with limits | CPU ≤ 5 % of wall | peak RSS ≤ 150 MB above idle |`);
	out.push('|---|---|---|---|---|---|');
	for (const s of scenarios) {
		const t = targetsFor(s, interval);
		const a = s.runs.a;
		const detail = (v: string) => (a ? ` (${v})` : '');
		out.push(
			`| ${s.jobs} job${s.jobs > 1 ? 's' : ''}, limits ${s.limits ? 'on' : 'off'} | ${mark(t.wall)}${detail(`+${fmt(a && a.wallKnownS !== null ? a.wallKnownS - s.oracleS : null)} s`)} | ${mark(t.requests)}${detail(fmt(a ? a.statusRequests / a.jobs : null))} | ${mark(t.no429)}${detail(String(a?.rateLimited ?? '–'))} | ${mark(t.cpu)}${detail(`${fmt(a && a.cpuS !== null && a.wallDoneS ? (100 * a.cpuS) / a.wallDoneS : null, 1)} %`)} | ${mark(t.rss)}${detail(`${a && a.rssPeak !== null && a.rssAtStart !== null ? mb(a.rssPeak - a.rssAtStart) : '–'} MB`)} |`,
		);
	}
	out.push('');
	out.push('<!-- NOTES -->');
	out.push('');
	out.push('## Downloading a large video through the node');
	out.push('');
	out.push(`One GeekHub job (its \`video_url\` is on the simulator's storage host, which counts the bytes it serves), *Wait for Video* with *Download Video* on; RSS of the n8n process tree at batch creation and its peak until the workflow ended. "no download" is the same workflow without download, for reference. These runs go side by side.`);
	out.push('');
	out.push('| binary data mode | video (MB) | outcome | bytes served (MB) | RSS at batch (MB) | peak RSS (MB) | growth (MB) |');
	out.push('|---|--:|---|--:|--:|--:|--:|');
	for (const { mode, bytes, m } of downloads) {
		out.push(`| ${mode === 'off' ? 'no download (reference)' : `\`N8N_DEFAULT_BINARY_DATA_MODE=${mode}\``} | ${mode === 'off' ? '–' : bytes / MB} | ${m.ok ? 'ok' : `failed: ${m.problem}`} | ${mb(m.bytesServed)} | ${mb(m.rssAtStart)} | ${mb(m.rssPeak)} | ${m.rssPeak !== null && m.rssAtStart !== null ? mb(m.rssPeak - m.rssAtStart) : '–'} |`);
	}
	out.push('');
	out.push('## The rate budget under time scaling (engine alone, no n8n)');
	out.push('');
	out.push(`Many jobs polled with the \`eager\` schedule at a 0.1 s interval — demand far above every limit — for ${budgetChecks[0]?.seconds ?? '–'} s, limits enforced, time scale ${scale}. The engine budgets 90 % of the *documented* limit per *documented* window until the provider reports its own counters, then follows those (the simulator's windows are ${scale}× shorter, as its headers say).`);
	out.push('');
	out.push('| provider | documented limit | simulator limit (scaled) | rate-limit headers | status requests sent | simulator would allow in that time | share used | 429s |');
	out.push('|---|---|---|---|--:|--:|--:|--:|');
	for (const b of budgetChecks) {
		out.push(`| ${b.provider} | ${b.documented} | ${b.scaledLimit} | ${b.headers} | ${b.requests} | ${b.capacity} | ${fmt((100 * b.requests) / b.capacity, 0)} % | ${b.rateLimited} |`);
	}
	if (seedRuns.length) {
		out.push('');
		out.push('## The engine alone over other seeds (limits on, no n8n)');
		out.push('');
		out.push('The same schedule as (a), run in-process against the simulator (axios transport) for other duration draws.');
		out.push('');
		out.push('| seed | jobs | wall (s) | oracle (s) | − oracle (s) | status req/job | 429s |');
		out.push('|--:|--:|--:|--:|--:|--:|--:|');
		for (const { seed: s, jobs, r } of seedRuns) {
			out.push(`| ${s} | ${jobs} | ${fmt(r.wallS)} | ${fmt(r.oracleS)} | ${fmt(r.wallS - r.oracleS)} | ${fmt(r.statusRequests / jobs)} | ${r.rateLimited} |`);
		}
	}
	out.push('');
	const notesFile = path.join(HERE, 'NOTES.md');
	let notes = '';
	try {
		notes = readFileSync(notesFile, 'utf8').trim();
	} catch {
		/* no notes */
	}
	const text = out.join('\n').replace('<!-- NOTES -->', notes ? `${notes}\n` : '');
	writeFileSync(path.join(HERE, 'RESULTS.md'), `${text}\n`);
	log(`wrote bench/RESULTS.md${chart ? ' and bench/chart.png' : ' (chart.png could not be rendered: see chart.svg)'}`);
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
