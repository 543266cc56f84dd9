/**
 * Ctrl-C and SIGTERM: the command stops at once and cleanly — exit 130/143, one line on
 * stderr, no stack trace, no half-written stdout, and no request reaches the provider after.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../simulator';
import { cliEnv, sleep, startCli, untilEnded } from './helpers';

const TIME_SCALE = 60;
const realMs = (ms: number) => ms * TIME_SCALE;

let sim: Simulator;
let tmp: string;

beforeAll(async () => {
	sim = await startSimulator({ timeScale: TIME_SCALE, linkTimeScale: 1 });
	tmp = await mkdtemp(join(tmpdir(), 'video-poller-sig-'));
});
afterAll(async () => {
	await sim?.close();
	if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Requests the simulator has seen for these jobs (every answer counts). */
const requestsFor = (ids: string[]) => ids.reduce((sum, id) => sum + sim.job(id).statusRequests + sim.job(id).otherRequests, 0);

test.each([
	['SIGINT', 130],
	['SIGTERM', 143],
] as const)('%s while waiting → exit %i, one line on stderr, no more requests', async (signal, code) => {
	const jobs = [
		sim.createJob({ provider: 'geekHub', durationMs: realMs(600_000) }),
		sim.createJob({ provider: 'geekHub', durationMs: realMs(600_000) }),
	];
	const ids = jobs.map((j) => j.id);
	const cli = startCli(
		['wait', 'geekHub', ...ids, '--base-url', sim.baseUrls.geekHub, '--interval', '0.1'],
		// Debug mode reports what is still alive at the end: no timer may be left behind.
		cliEnv({ GEEKHUB_API_KEY: sim.keys.geekHub, VIDEO_POLLER_DEBUG: '1' }),
	);
	// Waiting is under way once the first status has been reported.
	await cli.stderrLine(/^geekHub job .*: (queued|processing)/);
	cli.child.kill(signal);
	const run = await cli.done;

	expect(run).toMatchObject({ code, signal: null, stdout: '' });
	const lines = run.stderr.trimEnd().split('\n');
	expect(lines[lines.length - 1]).toBe(`video-poller: stopped by ${signal}; waiting was aborted`);
	expect(run.stderr).not.toMatch(/^\s+at /m);
	expect(run.stderr).not.toMatch(/Error/);
	const resources = /active resources: (.*)$/m.exec(run.stderr);
	expect(resources).not.toBeNull();
	expect(resources![1]).not.toMatch(/Timeout|Immediate|TCP/);

	// The process is gone: whatever it had scheduled died with it. Several poll intervals later
	// the simulator has seen nothing new.
	const after = requestsFor(ids);
	await sleep(500);
	expect(requestsFor(ids)).toBe(after);
});

test('SIGINT while the video is being fetched → exit 130, nothing left in the output directory', async () => {
	const job = sim.createJob({ provider: 'poe', durationMs: realMs(50) });
	await untilEnded(sim, job.id);
	// Every request naming the job is held 3 s: the status look, then the content request the signal lands in.
	sim.setJobFaults(job.id, { scope: 'any', slowMs: { count: 2, ms: 3000 } });
	const dir = join(tmp, 'interrupted');
	const cli = startCli(
		['download', 'poe', job.id, '--base-url', sim.baseUrls.poe, '--output-dir', dir],
		cliEnv({ POE_API_KEY: sim.keys.poe }),
	);
	await cli.stderrLine(/: downloading$/);
	cli.child.kill('SIGINT');
	const run = await cli.done;

	expect(run).toMatchObject({ code: 130, stdout: '' });
	expect(run.stderr.trimEnd().split('\n').pop()).toBe('video-poller: stopped by SIGINT; waiting was aborted');
	expect(await readdir(dir)).toEqual([]);
});
