/**
 * `video-poller download` and `wait --download` against the simulator: the saved file holds
 * exactly the bytes the simulator serves, no partial file is left, the key never goes to storage.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { contentBytes, startSimulator, THUMBNAIL_BYTES, videoBytesFor, type Simulator } from '../../simulator';
import { CONTRACT_FIELDS, cliEnv, jsonLines, runCli, untilEnded } from './helpers';

const TIME_SCALE = 60;
const realMs = (ms: number) => ms * TIME_SCALE;

let sim: Simulator;
let tmp: string;
let dirCount = 0;

beforeAll(async () => {
	sim = await startSimulator({ timeScale: TIME_SCALE, linkTimeScale: 1 });
	tmp = await mkdtemp(join(tmpdir(), 'video-poller-dl-'));
});
afterAll(async () => {
	await sim?.close();
	if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** A fresh output directory (not created yet: the CLI creates it). */
const freshDir = () => join(tmp, `out-${++dirCount}`);

test('download (Poe, key-protected content endpoint): the file equals the simulator\'s bytes', async () => {
	const job = sim.createJob({ provider: 'poe', durationMs: realMs(50), videoBytes: 300_000 });
	await untilEnded(sim, job.id);
	const dir = freshDir();
	const run = await runCli(
		['download', 'poe', job.id, '--base-url', sim.baseUrls.poe, '--output-dir', dir],
		cliEnv({ POE_API_KEY: sim.keys.poe }),
	);

	expect(run).toMatchObject({ code: 0 });
	const [line] = jsonLines(run);
	expect(Object.keys(line)).toEqual([...CONTRACT_FIELDS, 'file']);
	expect(line).toMatchObject({ jobId: job.id, status: 'completed', videoUrlRequiresAuth: true });
	expect(isAbsolute(line.file)).toBe(true);
	expect(line.file.startsWith(dir)).toBe(true);
	const bytes = await readFile(line.file);
	expect(bytes.length).toBe(300_000);
	expect(bytes.equals(videoBytesFor(job.id, 300_000))).toBe(true);
	expect(await readdir(dir)).toEqual([line.file.slice(dir.length + 1)]);
	expect(run.stderr).toBe(
		[`poe job ${job.id}: completed`, `poe job ${job.id}: downloading`, `poe job ${job.id}: saved ${line.file}`, ''].join('\n'),
	);
});

test('download --variant thumbnail (Poe): the thumbnail\'s bytes', async () => {
	const job = sim.createJob({ provider: 'poe', durationMs: realMs(50) });
	await untilEnded(sim, job.id);
	const dir = freshDir();
	const run = await runCli(
		['download', 'poe', job.id, '--base-url', sim.baseUrls.poe, '--output-dir', dir, '--variant', 'thumbnail'],
		cliEnv({ POE_API_KEY: sim.keys.poe }),
	);

	expect(run).toMatchObject({ code: 0 });
	const [line] = jsonLines(run);
	const bytes = await readFile(line.file);
	expect(bytes.equals(contentBytes({ kind: 'thumbnail', jobId: job.id, size: THUMBNAIL_BYTES }))).toBe(true);
});

test('wait --download (Hooked, signed storage URL): bytes equal, and storage never saw the key', async () => {
	const first = sim.createJob({ provider: 'hooked', durationMs: realMs(300), videoBytes: 150_000 });
	const second = sim.createJob({ provider: 'hooked', durationMs: realMs(100), videoBytes: 70_000 });
	const dir = freshDir();
	const run = await runCli(
		['wait', 'hooked', first.id, second.id, '--download', '--output-dir', dir, '--base-url', sim.baseUrls.hooked, '--interval', '0.1'],
		cliEnv({ HOOKED_API_KEY: sim.keys.hooked }),
	);

	expect(run).toMatchObject({ code: 0 });
	const lines = jsonLines(run);
	expect(lines.map((l) => l.jobId)).toEqual([first.id, second.id]);
	for (const [line, job] of [[lines[0], first], [lines[1], second]] as const) {
		expect(line.videoUrl.startsWith(sim.storageUrl)).toBe(true);
		const bytes = await readFile(line.file);
		expect(bytes.equals(videoBytesFor(job.id, job.videoBytes))).toBe(true);
	}
	expect((await readdir(dir)).sort()).toHaveLength(2);
	const storage = sim.stats().storage.log.filter((entry) => entry.jobId === first.id || entry.jobId === second.id);
	expect(storage.length).toBeGreaterThanOrEqual(2);
	for (const entry of storage) {
		expect(entry.headerNames).not.toContain('authorization');
		expect(entry.headerNames).not.toContain('x-api-key');
	}
});

test('download of a job still running → exit 1, nothing written', async () => {
	const job = sim.createJob({ provider: 'geekHub', durationMs: realMs(600_000) });
	const dir = freshDir();
	const run = await runCli(
		['download', 'geekHub', job.id, '--base-url', sim.baseUrls.geekHub, '--output-dir', dir],
		cliEnv({ GEEKHUB_API_KEY: sim.keys.geekHub }),
	);

	expect(run).toMatchObject({ code: 1 });
	const [line] = jsonLines(run);
	expect(line).toMatchObject({ jobId: job.id, done: false, error: { code: 'download' } });
	expect(line.file).toBeUndefined();
	expect(await readdir(dir)).toEqual([]);
});

test('a video above --max-size → exit 1, no file and no partial file', async () => {
	const job = sim.createJob({ provider: 'aiStats', durationMs: realMs(50), videoBytes: 400_000 });
	await untilEnded(sim, job.id);
	const dir = freshDir();
	const run = await runCli(
		['download', 'aiStats', job.id, '--base-url', sim.baseUrls.aiStats, '--output-dir', dir, '--max-size', '0.2'],
		cliEnv({ AISTATS_API_KEY: sim.keys.aiStats }),
	);

	expect(run).toMatchObject({ code: 1 });
	const [line] = jsonLines(run);
	expect(line.error.message).toMatch(/limit/);
	expect(line.error.description).toContain('--max-size');
	expect(await readdir(dir)).toEqual([]);
});

test('an expired signed link: one fresh status look (refresh), then exit 1 naming the expiry', async () => {
	const job = sim.createJob({ provider: 'hooked', durationMs: realMs(50), faults: { expiredUrl: true } });
	await untilEnded(sim, job.id);
	const dir = freshDir();
	const run = await runCli(
		['download', 'hooked', job.id, '--base-url', sim.baseUrls.hooked, '--output-dir', dir],
		cliEnv({ HOOKED_API_KEY: sim.keys.hooked }),
	);

	expect(run).toMatchObject({ code: 1 });
	const [line] = jsonLines(run);
	expect(line).toMatchObject({ jobId: job.id, status: 'completed', error: { code: 'download' } });
	expect(line.error.message).toMatch(/expired/);
	// The first look, then the refresh.
	expect(sim.job(job.id).statusRequests).toBe(2);
	expect(await readdir(dir)).toEqual([]);
});
