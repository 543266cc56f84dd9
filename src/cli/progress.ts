/**
 * Progress on stderr: live bars (cli-progress MultiBar, one per job) when stderr is a terminal,
 * otherwise plain lines such as `geekHub job abc: processing 40%`, written only on change.
 */
import { MultiBar, type SingleBar } from 'cli-progress';
import type { Writable } from 'node:stream';
import type { NormalizedJob, ProviderId } from '../providers/types';
import type { JobResult } from './output';

export interface Progress {
	/** True for the live bars: the engine then polls every job at its own cadence so they move. */
	readonly live: boolean;
	/** The job's known state changed. */
	update(index: number, job: NormalizedJob): void;
	/** The job's video is being fetched. */
	downloading(index: number): void;
	/** The job's final result. */
	finish(result: JobResult): void;
	/** Ends the display (restores the cursor, clears timers). Safe to call more than once. */
	stop(): void;
}

export interface ProgressOptions {
	stream: Writable & { isTTY?: boolean; columns?: number };
	tty: boolean;
	provider: ProviderId;
	jobIds: readonly string[];
	scrub: (text: string) => string;
}

export function createProgress(options: ProgressOptions): Progress {
	return options.tty ? new BarProgress(options) : new LineProgress(options);
}

/** `processing 40%`, `queued`, `failed: out of credits`. */
export function describeJob(job: NormalizedJob): string {
	let text = job.status;
	if (!job.done && job.progress !== null) text += ` ${Math.round(job.progress)}%`;
	if (job.error?.message) text += `: ${job.error.message}`;
	return text;
}

function describeError(result: JobResult): string {
	const error = result.error!;
	return `${error.kind === 'timeout' ? 'timed out' : 'error'}: ${error.message}`;
}

/** Plain lines, one per change, for logs and pipes. */
class LineProgress implements Progress {
	readonly live = false;
	/** The last status line written per job, so an unchanged status is not repeated. */
	private readonly lastStatus: (string | null)[];

	constructor(private readonly options: ProgressOptions) {
		this.lastStatus = options.jobIds.map(() => null);
	}

	update(index: number, job: NormalizedJob): void {
		const text = describeJob(job);
		if (this.lastStatus[index] === text) return;
		this.lastStatus[index] = text;
		this.say(index, text);
	}

	downloading(index: number): void {
		this.say(index, 'downloading');
	}

	finish(result: JobResult): void {
		if (result.job) this.update(result.index, result.job);
		if (result.error) {
			this.say(result.index, describeError(result));
			if (result.hint) this.say(result.index, `hint: ${result.hint}`);
		}
		if (result.file) this.say(result.index, `saved ${result.file}`);
	}

	stop(): void {}

	private say(index: number, text: string): void {
		const { provider, jobIds, scrub, stream } = this.options;
		stream.write(`${scrub(`${provider} job ${jobIds[index]}: ${text}`)}\n`);
	}
}

/** Room the rest of a bar line takes: ` [bar] 100% | downloading | 10m 3s`. */
const REST_OF_LINE = 56;

/** One bar per job: id, bar, percentage, status, elapsed. Details of errors follow the bars. */
class BarProgress implements Progress {
	readonly live = true;
	private readonly multibar: MultiBar;
	private readonly bars: SingleBar[];
	private readonly after: string[] = [];
	private stopped = false;

	constructor(private readonly options: ProgressOptions) {
		const columns = options.stream.columns || 80;
		const width = Math.max(8, Math.min(columns - REST_OF_LINE, ...options.jobIds.map((id) => id.length)));
		this.multibar = new MultiBar({
			stream: options.stream,
			format: '{jobId} [{bar}] {pct} | {status} | {duration_formatted}',
			barsize: 20,
			hideCursor: true,
			clearOnComplete: false,
			stopOnComplete: false,
			gracefulExit: false,
			linewrap: false,
			fps: 10,
			barCompleteChar: '█',
			barIncompleteChar: '░',
		});
		this.bars = options.jobIds.map((id) =>
			this.multibar.create(100, 0, { jobId: fit(options.scrub(id), width), pct: ' --%', status: 'waiting' }),
		);
	}

	update(index: number, job: NormalizedJob): void {
		this.bars[index]?.update(job.progress ?? 0, {
			pct: job.progress === null ? ' --%' : `${String(Math.round(job.progress)).padStart(3)}%`,
			status: this.options.scrub(job.status),
		});
	}

	downloading(index: number): void {
		this.bars[index]?.update({ status: 'downloading' });
	}

	finish(result: JobResult): void {
		const bar = this.bars[result.index];
		if (!bar) return;
		if (result.job) this.update(result.index, result.job);
		let status = result.job?.status ?? 'unknown';
		if (result.error) status = result.error.kind === 'timeout' ? 'timed out' : `error (${result.error.kind})`;
		else if (result.file) status = 'saved';
		bar.update({ status });
		bar.stop();
		const label = `${this.options.provider} job ${result.jobId}`;
		if (result.error) {
			this.after.push(`${label}: ${describeError(result)}`);
			if (result.hint) this.after.push(`${label}: hint: ${result.hint}`);
		} else if (result.job?.error?.message) {
			this.after.push(`${label}: ${describeJob(result.job)}`);
		}
		if (result.file) this.after.push(`${label}: saved ${result.file}`);
	}

	stop(): void {
		if (this.stopped) return;
		this.stopped = true;
		this.multibar.stop();
		for (const line of this.after) this.options.stream.write(`${this.options.scrub(line)}\n`);
	}
}

function fit(text: string, width: number): string {
	return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}
