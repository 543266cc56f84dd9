/**
 * What a job ends as, how it is written on stdout (JSON lines or a terminal summary, in input
 * order), and which exit code it stands for.
 */
import type { Writable } from 'node:stream';
import type { PollError, PollErrorKind } from '../engine/errors';
import type { NormalizedJob, ProviderId } from '../providers/types';
import { EXIT } from './args';

export interface JobResult {
	index: number;
	provider: ProviderId;
	jobId: string;
	/** What is known of the job (null when nothing could be learned). */
	job: NormalizedJob | null;
	/** Why the job could not be followed to its end, or its video not saved. */
	error: PollError | null;
	/** What to check, in command-line terms. */
	hint: string | null;
	/** Absolute path of the saved video. */
	file: string | null;
}

const FAILED = new Set(['failed', 'cancelled', 'expired']);

/** The object printed for one job: the normalized job, plus `file`, plus `error` when it could not be followed. */
export function toJsonObject(result: JobResult): Record<string, unknown> {
	const base: Record<string, unknown> = result.job ? { ...result.job } : { provider: result.provider, jobId: result.jobId };
	if (result.file !== null) base.file = result.file;
	if (result.error) {
		base.error = {
			message: result.error.message,
			code: result.error.providerCode ?? result.error.kind,
			description: result.hint ?? result.error.hint,
		};
	}
	return base;
}

/** One line for a person reading a terminal. */
export function toSummaryLine(result: JobResult): string {
	const { job, error } = result;
	const parts = [result.jobId];
	if (error) {
		parts.push(`${error.kind === 'timeout' ? 'timed out' : 'error'}: ${error.message}`);
	} else if (job) {
		parts.push(job.status);
		if (!job.done && job.progress !== null) parts.push(`${Math.round(job.progress)}%`);
		if (job.error?.message) parts.push(job.error.message);
		if (job.videoUrl && !result.file) parts.push(job.videoUrl);
	}
	if (result.file) parts.push(`saved ${result.file}`);
	return parts.join('  ');
}

const KIND_EXIT: Readonly<Record<PollErrorKind, number>> = {
	input: EXIT.usage,
	auth: EXIT.usage,
	client: EXIT.usage,
	network: EXIT.unavailable,
	server: EXIT.unavailable,
	unavailable: EXIT.unavailable,
	shape: EXIT.unavailable,
	timeout: EXIT.deadline,
	notFound: EXIT.jobFailed,
	download: EXIT.jobFailed,
	cancelled: EXIT.sigint,
};

export function exitCodeOf(result: JobResult): number {
	if (result.error) return KIND_EXIT[result.error.kind];
	if (!result.job) return EXIT.jobFailed;
	return FAILED.has(result.job.status) ? EXIT.jobFailed : EXIT.ok;
}

/** Several jobs: the first of 3, 4, 2, 1 that any job calls for, else 0. */
export function combinedExitCode(codes: readonly number[]): number {
	for (const code of [EXIT.usage, EXIT.unavailable, EXIT.deadline, EXIT.jobFailed]) {
		if (codes.includes(code)) return code;
	}
	return EXIT.ok;
}

/**
 * Writes one line per job in input order: line i goes out as soon as jobs 0…i are known.
 * `held` keeps everything until `release()` (stdout shares the terminal with live bars).
 * Every line is one write, so an interrupted run never leaves half a line behind.
 */
export class OrderedPrinter {
	private readonly lines: (string | null)[];
	private next = 0;
	private held: boolean;

	constructor(
		private readonly stream: Writable,
		count: number,
		private readonly format: (result: JobResult) => string,
		private readonly scrub: (text: string) => string,
		held: boolean,
	) {
		this.lines = new Array<string | null>(count).fill(null);
		this.held = held;
	}

	set(result: JobResult): void {
		this.lines[result.index] = this.scrub(this.format(result));
		this.flush();
	}

	/** Stop holding lines back (the bars are gone). */
	release(): void {
		this.held = false;
		this.flush();
	}

	private flush(): void {
		if (this.held) return;
		while (this.next < this.lines.length && this.lines[this.next] !== null) {
			this.stream.write(`${this.lines[this.next]}\n`);
			this.next += 1;
		}
	}
}
