/** Argument parsing, keys, output helpers and the progress display, in-process (no network). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DEFAULT_MAX_WAIT_SECONDS, parseCliArgs, resolveProvider, USAGE, UsageError } from '../../src/cli/args';
import { KeyError, makeScrubber, readApiKey } from '../../src/cli/keys';
import { combinedExitCode, OrderedPrinter, toJsonObject, toSummaryLine, type JobResult } from '../../src/cli/output';
import { PollError } from '../../src/engine/errors';
import { createProgress } from '../../src/cli/progress';
import type { NormalizedJob } from '../../src/providers/types';

const run = (argv: string[]) => {
	const parsed = parseCliArgs(argv);
	if (parsed.kind !== 'run') throw new Error(`expected a run, got ${parsed.kind}`);
	return parsed.options;
};

describe('parseCliArgs', () => {
	test('defaults', () => {
		expect(run(['wait', 'geekHub', 'a', 'b'])).toEqual({
			command: 'wait',
			provider: 'geekHub',
			jobIds: ['a', 'b'],
			apiKeyFile: null,
			baseUrl: null,
			intervalSeconds: null,
			maxWaitSeconds: DEFAULT_MAX_WAIT_SECONDS,
			download: false,
			outputDir: null,
			json: false,
			variant: null,
			maxSizeBytes: 1024 * 1024 * 1024,
		});
	});

	test.each([
		['geekHub', 'geekHub'],
		['GEEKHUB', 'geekHub'],
		['geek-hub', 'geekHub'],
		['ai-stats', 'aiStats'],
		['AiStats', 'aiStats'],
		['reel_bot', 'reelBot'],
		['POE', 'poe'],
		['Hooked', 'hooked'],
	])('provider %s → %s', (name, id) => {
		expect(resolveProvider(name)).toBe(id);
	});

	test('every flag', () => {
		expect(
			run(['wait', 'poe', 'v1', '--interval', '2.5', '--max-wait', '60', '--output-dir', 'out', '--json', '--variant', 'thumbnail', '--max-size', '0.5', '--base-url', 'http://localhost:1/', '--api-key-file', 'k']),
		).toMatchObject({
			intervalSeconds: 2.5,
			maxWaitSeconds: 60,
			outputDir: 'out',
			download: true, // --output-dir on wait implies it
			json: true,
			variant: 'thumbnail',
			maxSizeBytes: 524288,
			baseUrl: 'http://localhost:1/',
			apiKeyFile: 'k',
		});
		expect(run(['download', 'poe', 'v1']).download).toBe(true);
		expect(run(['wait', 'poe', 'v1', '--interval', '0']).intervalSeconds).toBeNull();
		expect(run(['wait', 'poe', '--', '-starts-with-dash']).jobIds).toEqual(['-starts-with-dash']);
	});

	test('--help and --version win over everything else', () => {
		expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
		expect(parseCliArgs(['wait', 'nope', '-h'])).toEqual({ kind: 'help' });
		expect(parseCliArgs(['-V'])).toEqual({ kind: 'version' });
	});

	test.each([
		[[], /Missing command/],
		[['sleep', 'poe', 'x'], /Unknown command "sleep"/],
		[['wait'], /Missing provider/],
		[['wait', 'vimeo', 'x'], /Unknown provider "vimeo".*geekHub, aiStats, reelBot, poe, hooked/],
		[['wait', 'poe'], /Missing job ID/],
		[['wait', 'poe', ' '], /empty/],
		[['wait', 'poe', 'x', '--bogus'], /Unknown option '--bogus'/],
		[['wait', 'poe', 'x', '--interval'], /--interval/],
		[['wait', 'poe', 'x', '--interval', 'soon'], /--interval expects a number ≥ 0, got "soon"/],
		[['wait', 'poe', 'x', '--max-wait', '0'], /--max-wait expects a number > 0/],
		[['wait', 'poe', 'x', '--max-size', '-1'], /--max-size/],
		[['wait', 'poe', 'x', '--base-url', 'ftp://x'], /--base-url expects an http\(s\) URL/],
		[['wait', 'geekHub', 'x', '--variant', 'thumbnail'], /only Poe/],
		[['wait', 'poe', 'x', '--variant', 'poster'], /video, thumbnail, spritesheet/],
		[['status', 'poe', 'x', '--download'], /does not apply to "status"/],
		[['status', 'poe', 'x', '--output-dir', 'o'], /does not apply to "status"/],
	])('%j → UsageError %s', (argv, message) => {
		expect(() => parseCliArgs(argv as string[])).toThrow(UsageError);
		expect(() => parseCliArgs(argv as string[])).toThrow(message);
	});

	test('the usage text documents commands, variables and every exit code', () => {
		for (const text of ['wait', 'status', 'download', 'GEEKHUB_API_KEY', 'AISTATS_API_KEY', 'REELBOT_API_KEY', 'POE_API_KEY', 'HOOKED_API_KEY']) {
			expect(USAGE).toContain(text);
		}
		for (const code of ['0', '1', '2', '3', '4', '130']) expect(USAGE).toMatch(new RegExp(`^\\s+${code}\\s`, 'm'));
		expect(USAGE).toContain('143 stopped by SIGTERM');
	});
});

describe('keys', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'video-poller-keys-'));
	});
	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	test('environment variable per provider; the file wins; blanks are trimmed', async () => {
		expect(await readApiKey('aiStats', null, { AISTATS_API_KEY: ' k-env \n' })).toBe('k-env');
		const file = join(dir, 'key');
		await writeFile(file, 'k-file\n');
		expect(await readApiKey('aiStats', file, { AISTATS_API_KEY: 'k-env' })).toBe('k-file');
	});

	test('missing, empty, unreadable or multi-word keys are KeyErrors that never quote the key', async () => {
		await expect(readApiKey('hooked', null, {})).rejects.toThrow(/HOOKED_API_KEY/);
		await expect(readApiKey('hooked', join(dir, 'absent'), {})).rejects.toThrow(/no such file/);
		const file = join(dir, 'two');
		await writeFile(file, 'first-secret second-secret');
		const error = await readApiKey('hooked', file, {}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(KeyError);
		expect(String((error as Error).message)).not.toContain('secret');
	});

	test('the scrubber removes the key in plain, JSON-escaped and URL-encoded form', () => {
		const key = 'ab"c/d+e';
		const scrub = makeScrubber(key);
		expect(scrub(`Bearer ${key}`)).toBe('Bearer [redacted]');
		expect(scrub(JSON.stringify({ k: key }))).toBe('{"k":"[redacted]"}');
		expect(scrub(`?key=${encodeURIComponent(key)}`)).toBe('?key=[redacted]');
		expect(makeScrubber('ab')('ab cab')).toBe('ab cab');
	});
});

describe('output', () => {
	test('exit codes combine as 3 > 4 > 2 > 1 > 0', () => {
		expect(combinedExitCode([0, 0])).toBe(0);
		expect(combinedExitCode([0, 1])).toBe(1);
		expect(combinedExitCode([1, 2, 0])).toBe(2);
		expect(combinedExitCode([2, 4, 1])).toBe(4);
		expect(combinedExitCode([4, 3, 2])).toBe(3);
	});

	test('JSON object and terminal summary for a saved video and for an error', () => {
		const job = { provider: 'poe', jobId: 'v1', status: 'completed', done: true, progress: 100, videoUrl: 'http://x/v1.mp4', error: null } as NormalizedJob;
		const saved: JobResult = { index: 0, provider: 'poe', jobId: 'v1', job, error: null, hint: null, file: '/out/v1.mp4' };
		expect(toJsonObject(saved)).toEqual({ ...job, file: '/out/v1.mp4' });
		expect(toSummaryLine(saved)).toBe('v1  completed  saved /out/v1.mp4');

		const error = new PollError({ kind: 'notFound', provider: 'poe', jobId: 'v2', message: 'Poe has no job "v2" (HTTP 404)', httpStatus: 404 });
		const missing: JobResult = { index: 1, provider: 'poe', jobId: 'v2', job: null, error, hint: 'Check the job ID.', file: null };
		expect(toJsonObject(missing)).toEqual({
			provider: 'poe',
			jobId: 'v2',
			error: { message: 'Poe has no job "v2" (HTTP 404)', code: 'notFound', description: 'Check the job ID.' },
		});
		expect(toSummaryLine(missing)).toBe('v2  error: Poe has no job "v2" (HTTP 404)');
	});

	test('lines go out in input order, each once every earlier job is known; held lines wait for release', () => {
		const out = new PassThrough();
		let written = '';
		out.on('data', (chunk: Buffer) => (written += chunk.toString()));
		const result = (index: number) => ({ index, jobId: `j${index}` }) as JobResult;
		const printer = new OrderedPrinter(out, 3, (r) => r.jobId, (t) => t, false);
		printer.set(result(1));
		expect(written).toBe('');
		printer.set(result(0));
		expect(written).toBe('j0\nj1\n');
		printer.set(result(2));
		expect(written).toBe('j0\nj1\nj2\n');

		written = '';
		const held = new OrderedPrinter(out, 1, (r) => r.jobId, (t) => t, true);
		held.set(result(0));
		expect(written).toBe('');
		held.release();
		expect(written).toBe('j0\n');
	});
});

describe('progress', () => {
	const job = (status: NormalizedJob['status'], progress: number | null): NormalizedJob =>
		({ provider: 'poe', jobId: 'v1', status, providerStatus: status, done: status === 'completed', progress, error: null }) as NormalizedJob;

	function capture(isTTY: boolean) {
		const stream = Object.assign(new PassThrough(), { isTTY, columns: 100 });
		let text = '';
		stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
		return { stream, text: () => text };
	}

	test('plain lines: only on change, never an escape code', () => {
		const { stream, text } = capture(false);
		const progress = createProgress({ stream, tty: false, provider: 'poe', jobIds: ['v1'], scrub: (t) => t });
		expect(progress.live).toBe(false);
		progress.update(0, job('queued', 0));
		progress.update(0, job('queued', 0));
		progress.update(0, job('processing', 40));
		progress.update(0, job('processing', 40));
		progress.finish({ index: 0, provider: 'poe', jobId: 'v1', job: job('completed', 100), error: null, hint: null, file: null });
		progress.stop();
		expect(text()).toBe('poe job v1: queued 0%\npoe job v1: processing 40%\npoe job v1: completed\n');
	});

	test('bars: drawn with escape codes, cursor shown again on stop, stop twice is harmless', async () => {
		const { stream, text } = capture(true);
		const progress = createProgress({ stream, tty: true, provider: 'poe', jobIds: ['v1'], scrub: (t) => t });
		expect(progress.live).toBe(true);
		progress.update(0, job('processing', 40));
		// The bars redraw on their own timer: wait for the first drawing of this state.
		while (!text().includes('| processing |')) await new Promise((done) => setTimeout(done, 10));
		progress.finish({ index: 0, provider: 'poe', jobId: 'v1', job: job('completed', 100), error: null, hint: null, file: '/tmp/v1.mp4' });
		progress.stop();
		progress.stop();
		expect(text()).toContain('\u001b[?25l');
		expect(text()).toMatch(/v1 +\[[█░]+\] {2}40% \| processing \| \d+s/);
		expect(text()).toMatch(/v1 +\[█+\] 100% \| saved \| \d+s/);
		expect(text().lastIndexOf('\u001b[?25h')).toBeGreaterThan(text().lastIndexOf('\u001b[?25l'));
		expect(text().endsWith('poe job v1: saved /tmp/v1.mp4\n')).toBe(true);
	});
});
