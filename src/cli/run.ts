/**
 * Wiring: key → transport → engine (pollJobs) → optional downloads → stdout lines, with the
 * progress display fed from the engine's `onUpdate`. Returns the exit code; throws only
 * CancelledError (the signal fired), which main.ts turns into exit 130/143.
 */
import { createWriteStream } from 'node:fs';
import { access, constants, mkdir, rename, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { downloadVideo } from '../engine/download';
import { CancelledError, PollError } from '../engine/errors';
import { pollJobs, type JobOutcome, type PollEnvironment, type PollSettings } from '../engine/pollJobs';
import { PROVIDERS } from '../providers';
import type { NormalizedJob, ProviderAdapter } from '../providers/types';
import { createAxiosTransport } from '../transport/axiosTransport';
import type { Transport } from '../transport/types';
import { EXIT, type CliOptions } from './args';
import { ENV_VARS, KeyError, makeScrubber, readApiKey } from './keys';
import { combinedExitCode, exitCodeOf, OrderedPrinter, toJsonObject, toSummaryLine, type JobResult } from './output';
import { createProgress, type Progress } from './progress';

export interface RunIo {
	stdout: Writable & { isTTY?: boolean };
	stderr: Writable & { isTTY?: boolean; columns?: number };
	env: NodeJS.ProcessEnv;
	signal: AbortSignal;
}

/** Videos fetched at once. */
const DOWNLOAD_CONCURRENCY = 3;

export async function run(options: CliOptions, io: RunIo): Promise<number> {
	let scrub = (text: string) => text;
	const say = (line: string) => io.stderr.write(`${scrub(line)}\n`);
	try {
		const adapter = PROVIDERS[options.provider];
		const key = await readApiKey(options.provider, options.apiKeyFile, io.env);
		scrub = makeScrubber(key);
		const outputDir = options.download ? await prepareOutputDir(options.outputDir) : null;
		if (io.signal.aborted) throw new CancelledError();

		const progress = createProgress({
			stream: io.stderr,
			tty: io.stderr.isTTY === true,
			provider: options.provider,
			jobIds: options.jobIds,
			scrub,
		});
		const stdoutIsTerminal = io.stdout.isTTY === true;
		const printer = new OrderedPrinter(
			io.stdout,
			options.jobIds.length,
			stdoutIsTerminal && !options.json ? toSummaryLine : (result) => JSON.stringify(toJsonObject(result)),
			scrub,
			// stdout on the same terminal as live bars would tear them: print after the bars end.
			stdoutIsTerminal && progress.live,
		);
		const session = new Session(options, {
			adapter,
			baseUrl: (options.baseUrl ?? adapter.defaultBaseUrl).replace(/\/+$/, ''),
			transport: createAxiosTransport(adapter.authHeaders(key)),
			signal: io.signal,
			progress,
			printer,
			outputDir,
		});
		try {
			const results = await session.execute();
			return combinedExitCode(results.map(exitCodeOf));
		} finally {
			progress.stop();
			printer.release();
		}
	} catch (error) {
		if (error instanceof CancelledError) throw error;
		if (error instanceof KeyError || error instanceof OutputDirError) {
			say(`video-poller: ${error.message}`);
			return EXIT.usage;
		}
		// A bug, not a provider answer: say what it was (without the key) and stop.
		const text = error instanceof Error ? error.message : String(error);
		say(`video-poller: unexpected error: ${text}`);
		if (io.env.VIDEO_POLLER_DEBUG && error instanceof Error && error.stack) say(error.stack);
		return EXIT.unavailable;
	}
}

class OutputDirError extends Error {}

async function prepareOutputDir(dir: string | null): Promise<string> {
	const path = resolve(dir ?? '.');
	try {
		await mkdir(path, { recursive: true });
		await access(path, constants.W_OK);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'unusable';
		throw new OutputDirError(`--output-dir "${dir ?? '.'}" cannot be written to (${code})`);
	}
	return path;
}

interface SessionParts {
	adapter: ProviderAdapter;
	baseUrl: string;
	transport: Transport;
	signal: AbortSignal;
	progress: Progress;
	printer: OrderedPrinter;
	outputDir: string | null;
}

/** One run of the command: every job is settled exactly once, from onUpdate or from the outcomes. */
class Session {
	private readonly results: (JobResult | null)[];
	private readonly settled: boolean[];
	private readonly tasks: Promise<void>[] = [];
	private readonly problems: unknown[] = [];
	private readonly usedNames = new Set<string>();
	private readonly downloads = limiter(DOWNLOAD_CONCURRENCY);

	constructor(
		private readonly options: CliOptions,
		private readonly parts: SessionParts,
	) {
		this.results = options.jobIds.map(() => null);
		this.settled = options.jobIds.map(() => false);
	}

	private settings(mode: PollSettings['mode']): PollSettings {
		return {
			mode,
			pollIntervalSeconds: this.options.intervalSeconds,
			maxWaitSeconds: this.options.maxWaitSeconds,
			schedule: this.parts.progress.live ? 'eager' : 'batch',
		};
	}

	private environment(onUpdate?: PollEnvironment['onUpdate']): PollEnvironment {
		const { adapter, baseUrl, transport, signal } = this.parts;
		return { adapter, baseUrl, transport, signal, onUpdate };
	}

	async execute(): Promise<JobResult[]> {
		const mode = this.options.command === 'wait' ? 'wait' : 'status';
		try {
			const outcomes = await pollJobs(this.options.jobIds, this.settings(mode), this.environment((index, job) => {
				this.parts.progress.update(index, job);
				// In status mode every look is final; in wait mode a job is final once it has ended.
				if (mode === 'status' || job.done) this.settle(index, job, null);
			}));
			for (const outcome of outcomes) this.settle(outcome.index, outcome.job, outcome.error);
		} finally {
			// Let downloads in flight finish or (when cancelled) clean up their partial files.
			await Promise.all(this.tasks);
		}
		const cancelled = this.problems.find((p) => p instanceof CancelledError);
		if (cancelled || this.problems.length > 0) throw cancelled ?? this.problems[0];
		return this.results.map((result) => result!);
	}

	private settle(index: number, job: NormalizedJob | null, error: PollError | null): void {
		if (this.settled[index]) return;
		this.settled[index] = true;
		this.tasks.push(this.finish(index, job, error).catch((problem: unknown) => void this.problems.push(problem)));
	}

	private async finish(index: number, job: NormalizedJob | null, error: PollError | null): Promise<void> {
		let result: JobResult = { index, provider: this.options.provider, jobId: this.options.jobIds[index], job, error, hint: null, file: null };
		if (!error && job && this.options.download) {
			if (job.status === 'completed') result = await this.downloads(() => this.save(result, job));
			else if (this.options.command === 'download') result.error = this.notCompleted(job);
		}
		result.hint = this.hintFor(result);
		this.results[index] = result;
		this.parts.progress.finish(result);
		this.parts.printer.set(result);
	}

	/** Streams the video to `<output-dir>/<name>.part`, then renames it: no half file keeps the real name. */
	private async save(result: JobResult, job: NormalizedJob): Promise<JobResult> {
		const { adapter, baseUrl, transport, signal, progress } = this.parts;
		progress.downloading(result.index);
		let part: string | null = null;
		try {
			const video = await downloadVideo(
				job,
				{ maxBytes: this.options.maxSizeBytes, variant: this.options.variant ?? undefined },
				{ adapter, baseUrl, transport, signal, refresh: () => this.refresh(job.jobId) },
			);
			const target = join(this.parts.outputDir!, this.claimName(video.fileName, job));
			part = `${target}.part`;
			await pipeline(video.stream, createWriteStream(part), { signal });
			await rename(part, target);
			part = null;
			return { ...result, job: { ...video.job, polling: job.polling }, file: target };
		} catch (error) {
			if (part !== null) await rm(part, { force: true });
			if (signal.aborted) throw new CancelledError();
			if (error instanceof PollError) return { ...result, error };
			const text = error instanceof Error ? error.message : String(error);
			const failure = new PollError({
				kind: 'download',
				provider: adapter.id,
				jobId: job.jobId,
				message: `Saving the video of ${adapter.displayName} job "${job.jobId}" failed: ${text}`,
				hint: 'Check --output-dir and the free disk space.',
			});
			return { ...result, error: failure };
		}
	}

	/** A fresh status look, for a video link that has expired (ReelBot: a new download URL). */
	private async refresh(jobId: string): Promise<JobOutcome> {
		const [fresh] = await pollJobs([jobId], this.settings('status'), this.environment());
		return fresh;
	}

	/** The file name from the video URL; a name already used in this run gets the job ID in front. */
	private claimName(fileName: string, job: NormalizedJob): string {
		let name = basename(fileName);
		if (name === '' || name === '.' || name === '..') name = `${job.provider}-${job.jobId}.mp4`;
		if (this.usedNames.has(name)) name = `${job.provider}-${job.jobId}-${name}`.replace(/[^\w.-]+/g, '_');
		this.usedNames.add(name);
		return name;
	}

	private notCompleted(job: NormalizedJob): PollError {
		const { adapter } = this.parts;
		return new PollError({
			kind: 'download',
			provider: adapter.id,
			jobId: job.jobId,
			message: `${adapter.displayName} job "${job.jobId}" is ${job.status} (${job.providerStatus}); only a completed job has a video to download`,
			hint: `Use "video-poller wait --download ${this.options.provider} ${job.jobId}" to wait for it first.`,
		});
	}

	/** What to check, in the command line's own terms (the engine's hints speak of n8n fields). */
	private hintFor(result: JobResult): string | null {
		const error = result.error;
		if (!error) return null;
		const { adapter, baseUrl } = this.parts;
		const keySource = this.options.apiKeyFile !== null ? `the key in --api-key-file` : ENV_VARS[adapter.id];
		switch (error.kind) {
			case 'input':
				return 'Check the job ID: give the ID the create call returned.';
			case 'auth':
				return error.httpStatus === 403
					? `Check ${keySource}, and that the job belongs to the same account or team as the key.`
					: `Check ${keySource}: ${adapter.displayName} refused the key.`;
			case 'client':
				return `Check the job ID and the ${adapter.displayName} account behind ${keySource}; HTTP ${error.httpStatus ?? '4xx'} is not retried.`;
			case 'notFound':
				return `Check the job ID and --base-url (now ${baseUrl}).`;
			case 'network':
				return `Check --base-url (now ${baseUrl}) and the network; each request was retried with backoff.`;
			case 'shape':
				return `Check that --base-url (now ${baseUrl}) points at the ${adapter.displayName} API.`;
			case 'timeout':
				return `Raise --max-wait (now ${this.options.maxWaitSeconds} s), or look again later with "video-poller status".`;
			case 'download':
				if (/limit/.test(error.message)) return `Raise --max-size (now ${Math.round(this.options.maxSizeBytes / 1024 / 1024)} MB).`;
				if (error.httpStatus === 401 || error.httpStatus === 403) return `Check ${keySource}.`;
				return error.hint;
			default:
				return error.hint;
		}
	}
}

/** Runs at most `max` of the given tasks at once. */
function limiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
	let active = 0;
	const queue: (() => void)[] = [];
	return async <T>(task: () => Promise<T>): Promise<T> => {
		if (active >= max) await new Promise<void>((go) => queue.push(go));
		active += 1;
		try {
			return await task();
		} finally {
			active -= 1;
			queue.shift()?.();
		}
	};
}
