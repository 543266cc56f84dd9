/**
 * `video-poller wait|status` as a subprocess against the in-process provider simulator:
 * stdout JSON lines, stderr plain lines, exit codes 0/1/2/3/4, and the key kept secret.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type ProviderId, type Simulator } from '../../simulator';
import { ANSI, CONTRACT_FIELDS, cliEnv, jsonLines, runCli, untilEnded } from './helpers';

const ENV: Record<ProviderId, string> = {
	geekHub: 'GEEKHUB_API_KEY',
	aiStats: 'AISTATS_API_KEY',
	reelBot: 'REELBOT_API_KEY',
	poe: 'POE_API_KEY',
	hooked: 'HOOKED_API_KEY',
};
const PROVIDERS: ProviderId[] = ['geekHub', 'aiStats', 'reelBot', 'poe', 'hooked'];
const MODEL_IN_BODY = new Set<ProviderId>(['geekHub', 'aiStats', 'poe']);
/** Distinctive keys, so "the key never appears" is a meaningful search. */
const SECRET = 'hk_live_Zq9SECRETkey7Xw2';
const WRONG = 'pk_wrong_Mv4NOTAKEY8Lr1';
/** Provider ms → real ms divided by this; also shortens rate-limit windows so tests do not meet them. */
const TIME_SCALE = 60;

let sim: Simulator;
let tmp: string;

beforeAll(async () => {
	sim = await startSimulator({ timeScale: TIME_SCALE, linkTimeScale: 1, keys: { hooked: SECRET } });
	tmp = await mkdtemp(join(tmpdir(), 'video-poller-cli-'));
});
afterAll(async () => {
	await sim?.close();
	if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Args and env for one provider of the simulator, polling fast. */
function against(provider: ProviderId, key = sim.keys[provider]) {
	return {
		args: ['--base-url', sim.baseUrls[provider], '--interval', '0.1'],
		env: cliEnv({ [ENV[provider]]: key }),
	};
}

/** Real ms → the provider ms a JobSpec takes. */
const realMs = (ms: number) => ms * TIME_SCALE;

describe('wait: every provider', () => {
	test.each(PROVIDERS)('%s: a completed job → exit 0, one JSON line that matches the simulator', async (provider) => {
		const job = sim.createJob({ provider, durationMs: realMs(400) });
		const { args, env } = against(provider);
		const run = await runCli(['wait', provider, job.id, ...args], env);

		expect(run).toMatchObject({ code: 0 });
		const lines = jsonLines(run);
		expect(lines).toHaveLength(1);
		const [line] = lines;
		expect(Object.keys(line)).toEqual(CONTRACT_FIELDS);
		const record = sim.job(job.id);
		expect(line).toMatchObject({
			provider,
			jobId: job.id,
			status: 'completed',
			providerStatus: record.providerStatus,
			done: true,
			progress: 100,
			// ReelBot's and Hooked's status bodies name no model.
			model: MODEL_IN_BODY.has(provider) ? record.model : null,
			error: null,
			polling: { timedOut: false },
		});
		expect(typeof line.videoUrl).toBe('string');
		expect(line.polling.attempts).toBeGreaterThanOrEqual(1);
		expect(line.polling.attempts).toBeLessThanOrEqual(record.statusRequests + record.otherRequests);
		expect(Number.isNaN(Date.parse(line.createdAt))).toBe(false);

		// Not a terminal: plain lines on stderr, no escape codes, the last one the final status.
		expect(run.stderr).not.toMatch(ANSI);
		const stderrLines = run.stderr.trimEnd().split('\n');
		for (const l of stderrLines) expect(l.startsWith(`${provider} job ${job.id}: `)).toBe(true);
		expect(stderrLines[stderrLines.length - 1]).toBe(`${provider} job ${job.id}: completed`);
		// "Only on change": no line repeats the one before it.
		stderrLines.slice(1).forEach((l, i) => expect(l).not.toBe(stderrLines[i]));
	});
});

test('several jobs: lines in input order whatever order they end in; provider names in any spelling', async () => {
	const slow = sim.createJob({ provider: 'geekHub', durationMs: realMs(700) });
	const fast = sim.createJob({ provider: 'geekHub', durationMs: realMs(150) });
	const middle = sim.createJob({ provider: 'geekHub', durationMs: realMs(400) });
	const { args, env } = against('geekHub');
	const run = await runCli(['wait', 'GEEK-HUB', slow.id, fast.id, middle.id, ...args], env);

	expect(run).toMatchObject({ code: 0 });
	expect(jsonLines(run).map((l) => [l.jobId, l.status])).toEqual([
		[slow.id, 'completed'],
		[fast.id, 'completed'],
		[middle.id, 'completed'],
	]);
});

test('a failed and a cancelled job → exit 1; the provider\'s own failure text is kept', async () => {
	const ok = sim.createJob({ provider: 'aiStats', durationMs: realMs(200) });
	const failed = sim.createJob({ provider: 'aiStats', durationMs: realMs(300), outcome: 'failed', errorMessage: 'Upstream ran out of GPUs' });
	const cancelled = sim.createJob({ provider: 'aiStats', durationMs: realMs(300), outcome: 'cancelled' });
	const { args, env } = against('aiStats');
	const run = await runCli(['wait', 'ai-stats', ok.id, failed.id, cancelled.id, ...args], env);

	expect(run).toMatchObject({ code: 1 });
	const [a, b, c] = jsonLines(run);
	expect(a).toMatchObject({ jobId: ok.id, status: 'completed', error: null });
	expect(b).toMatchObject({ jobId: failed.id, status: 'failed', done: true, providerStatus: sim.job(failed.id).providerStatus });
	expect(b.error.message).toContain('Upstream ran out of GPUs');
	expect(c).toMatchObject({ jobId: cancelled.id, status: 'cancelled', done: true });
	expect(run.stderr).toContain(`aiStats job ${failed.id}: failed: Upstream ran out of GPUs`);
});

test('--max-wait reached → exit 2; the last status is printed with polling.timedOut', async () => {
	const long = sim.createJob({ provider: 'poe', durationMs: realMs(600_000) });
	const { args, env } = against('poe');
	const run = await runCli(['wait', 'poe', long.id, ...args, '--max-wait', '0.5'], env);

	expect(run).toMatchObject({ code: 2 });
	const [line] = jsonLines(run);
	expect(line).toMatchObject({ jobId: long.id, done: false, polling: { timedOut: true }, error: { code: 'timeout' } });
	expect(['queued', 'processing']).toContain(line.status);
	expect(line.error.description).toContain('--max-wait');
	expect(run.stderr).toContain(`poe job ${long.id}: timed out:`);
});

describe('exit 3 and the API key', () => {
	test('a wrong key → exit 3 (HTTP 401), and the key appears nowhere', async () => {
		const job = sim.createJob({ provider: 'poe', durationMs: realMs(200) });
		const { args, env } = against('poe', WRONG);
		const run = await runCli(['wait', 'poe', job.id, ...args], env);

		expect(run).toMatchObject({ code: 3 });
		const [line] = jsonLines(run);
		expect(line).toMatchObject({ provider: 'poe', jobId: job.id });
		expect(line.error.message).toMatch(/401/);
		expect(line.error.description).toContain('POE_API_KEY');
		expect(run.stdout + run.stderr).not.toContain(WRONG);
	});

	test('Hooked answers a wrong key with 403 → exit 3, key not shown', async () => {
		const job = sim.createJob({ provider: 'hooked', durationMs: realMs(200) });
		const { args, env } = against('hooked', WRONG);
		const run = await runCli(['status', 'hooked', job.id, ...args], env);

		expect(run).toMatchObject({ code: 3 });
		expect(jsonLines(run)[0].error.message).toMatch(/403/);
		expect(run.stdout + run.stderr).not.toContain(WRONG);
	});

	test('the right key from --api-key-file works and is never echoed', async () => {
		const job = sim.createJob({ provider: 'hooked', durationMs: realMs(200) });
		const keyFile = join(tmp, 'hooked.key');
		await writeFile(keyFile, `${SECRET}\n`);
		// A wrong key in the environment too: the file wins.
		const run = await runCli(
			['wait', 'hooked', job.id, '--api-key-file', keyFile, '--base-url', sim.baseUrls.hooked, '--interval', '0.1'],
			cliEnv({ HOOKED_API_KEY: WRONG }),
		);

		expect(run).toMatchObject({ code: 0 });
		expect(jsonLines(run)[0]).toMatchObject({ jobId: job.id, status: 'completed' });
		expect(run.stdout + run.stderr).not.toContain(SECRET);
		expect(run.stdout + run.stderr).not.toContain(WRONG);
	});

	test('no key → exit 3 naming the variable, before any request', async () => {
		const job = sim.createJob({ provider: 'reelBot', durationMs: realMs(200) });
		const before = sim.stats().providers.reelBot.requests;
		const run = await runCli(['wait', 'reelBot', job.id, '--base-url', sim.baseUrls.reelBot], cliEnv());

		expect(run).toMatchObject({ code: 3, stdout: '' });
		expect(run.stderr).toContain('REELBOT_API_KEY');
		expect(run.stderr).toContain('--api-key-file');
		expect(sim.stats().providers.reelBot.requests).toBe(before);
	});
});

test('an unknown job (HTTP 404) → exit 1 with the error on its line; the other job is still reported', async () => {
	const job = sim.createJob({ provider: 'geekHub', durationMs: realMs(200) });
	const { args, env } = against('geekHub');
	const run = await runCli(['wait', 'geekHub', 'no-such-job', job.id, ...args], env);

	expect(run).toMatchObject({ code: 1 });
	const [missing, found] = jsonLines(run);
	expect(missing).toEqual({
		provider: 'geekHub',
		jobId: 'no-such-job',
		error: { message: expect.stringContaining('404'), code: expect.any(String), description: expect.stringContaining('--base-url') },
	});
	expect(found).toMatchObject({ jobId: job.id, status: 'completed' });
});

test('AI Stats with video routes switched off (HTTP 501) → exit 4', async () => {
	const job = sim.createJob({ provider: 'aiStats', durationMs: realMs(200), faults: { notImplemented: true } });
	const { args, env } = against('aiStats');
	const run = await runCli(['status', 'aiStats', job.id, ...args], env);

	expect(run).toMatchObject({ code: 4 });
	expect(jsonLines(run)[0].error.message).toMatch(/501/);
});

test('status: one look per job, a running job is exit 0 with done:false; ReelBot\'s completed job gets its download URL', async () => {
	const running = sim.createJob({ provider: 'reelBot', durationMs: realMs(600_000), queuedMs: 0 });
	const finished = sim.createJob({ provider: 'reelBot', durationMs: realMs(50) });
	await untilEnded(sim, finished.id);
	const { args, env } = against('reelBot');
	const before = sim.job(running.id).statusRequests;
	const run = await runCli(['status', 'reel-bot', running.id, finished.id, ...args], env);

	expect(run).toMatchObject({ code: 0 });
	const [a, b] = jsonLines(run);
	expect(a).toMatchObject({ jobId: running.id, status: 'processing', done: false, providerStatus: sim.job(running.id).providerStatus });
	expect(sim.job(running.id).statusRequests).toBe(before + 1);
	expect(b).toMatchObject({ jobId: finished.id, status: 'completed', done: true });
	expect(b.videoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
	expect(b.videoUrl.startsWith(sim.storageUrl)).toBe(true);
	expect(Date.parse(b.videoUrlExpiresAt)).toBeGreaterThan(Date.now());
	expect(run.stderr).toBe(`reelBot job ${running.id}: processing\nreelBot job ${finished.id}: completed\n`);
});
