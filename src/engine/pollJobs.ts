/**
 * The wait loop: every job of a batch is waited on together, in one place.
 *
 * Two schedules:
 *  - `batch` (the node's default): the batch is done only when its slowest job is, so one
 *    "focus" job — the one expected to end last — is polled at the provider's cadence and the
 *    others get one confirming look when the focus ends. Requests per job stay near one.
 *  - `eager`: every job is polled at its own cadence (live progress, e.g. on a terminal).
 */
import type { JobSnapshot, NormalizedJob, ProviderAdapter } from '../providers/types';
import { isTerminal } from '../providers/types';
import type { Transport } from '../transport/types';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { CancelledError, PollError, ResponseShapeError } from './errors';
import { DeadlineReached, ProviderClient } from './providerClient';
import type { BudgetRegistry } from './requestBudget';
import { processBudgets } from './requestBudget';
import { nextPollDelayMs } from './schedule';
import { toNormalizedJob } from './normalizedJob';
import { resolveVideoUrl } from '../providers/normalize';

export type PollMode = 'wait' | 'status';
export type PollSchedule = 'batch' | 'eager';

export interface PollSettings {
	mode: PollMode;
	/** Seconds between polls; null = automatic (the provider's hint or documented cadence). */
	pollIntervalSeconds: number | null;
	/** Deadline for every job, from the start of waiting. */
	maxWaitSeconds: number;
	schedule?: PollSchedule;
	includeRaw?: boolean;
	requestTimeoutSeconds?: number;
	maxRetries?: number;
	/** Requests in flight at once when several jobs need a look. */
	concurrency?: number;
}

export interface PollEnvironment {
	adapter: ProviderAdapter;
	baseUrl: string;
	transport: Transport;
	clock?: Clock;
	random?: () => number;
	signal?: AbortSignal;
	budgets?: BudgetRegistry;
	/** Called whenever a job's known state changes (progress displays). */
	onUpdate?: (index: number, job: NormalizedJob) => void;
}

export interface JobOutcome {
	index: number;
	jobId: string;
	/** What is known of the job (null when nothing could be learned, e.g. an empty ID). */
	job: NormalizedJob | null;
	/** Why the job could not be followed to its end (auth, not found, deadline, …). */
	error: PollError | null;
}

/** How long past the deadline a job never looked at may still get its one look. */
const LAST_LOOK_GRACE_MS = 10_000;

interface JobState {
	index: number;
	jobId: string;
	snapshot: JobSnapshot | null;
	counters: { attempts: number; rateLimited: number };
	lastPolledAt: number;
	finishedAt: number | null;
	timedOut: boolean;
	error: PollError | null;
}

export async function pollJobs(
	jobIds: readonly string[],
	settings: PollSettings,
	environment: PollEnvironment,
): Promise<JobOutcome[]> {
	const run = new PollRun(settings, environment);
	return await run.execute(jobIds);
}

class PollRun {
	private readonly clock: Clock;
	private readonly random: () => number;
	private readonly client: ProviderClient;
	private readonly adapter: ProviderAdapter;
	private readonly concurrency: number;
	private start = 0;
	private deadline = 0;

	constructor(
		private readonly settings: PollSettings,
		private readonly environment: PollEnvironment,
	) {
		this.clock = environment.clock ?? systemClock;
		this.random = environment.random ?? Math.random;
		this.adapter = environment.adapter;
		this.concurrency = Math.max(1, settings.concurrency ?? 8);
		this.client = new ProviderClient({
			adapter: environment.adapter,
			baseUrl: environment.baseUrl,
			transport: environment.transport,
			clock: this.clock,
			random: this.random,
			budgets: environment.budgets ?? processBudgets,
			signal: environment.signal,
			requestTimeoutMs: (settings.requestTimeoutSeconds ?? 60) * 1000,
			maxRetries: settings.maxRetries ?? 4,
		});
	}

	async execute(jobIds: readonly string[]): Promise<JobOutcome[]> {
		this.start = this.clock.now();
		this.deadline = this.start + Math.max(0, this.settings.maxWaitSeconds) * 1000;
		const states: JobState[] = jobIds.map((jobId, index) => ({
			index,
			jobId,
			snapshot: null,
			counters: { attempts: 0, rateLimited: 0 },
			lastPolledAt: -Infinity,
			finishedAt: null,
			timedOut: false,
			error: null,
		}));
		for (const state of states) {
			const problem = this.jobIdProblem(state.jobId);
			if (problem) {
				state.error = new PollError({
					kind: 'input',
					provider: this.adapter.id,
					jobId: String(state.jobId ?? ''),
					message: `${problem} for ${this.adapter.displayName} in item ${state.index}`,
					hint: 'Set "Job ID" to the ID the create call returned, e.g. {{ $json.id }}.',
				});
				state.finishedAt = this.start;
			}
		}
		const open = states.filter((s) => s.finishedAt === null);

		if (this.settings.mode === 'status') {
			await this.lookAtAll(open);
		} else if ((this.settings.schedule ?? 'batch') === 'eager') {
			await Promise.all(open.map((state) => this.followOne(state)));
		} else {
			await this.followBatch(open);
		}
		return states.map((state) => this.outcome(state));
	}

	/** Why a job ID cannot be asked for, checked before any request; null when it can. */
	private jobIdProblem(jobId: unknown): string | null {
		if (typeof jobId !== 'string' || jobId.trim() === '') return 'No job ID';
		try {
			this.adapter.statusRequest(jobId);
			return null;
		} catch (error) {
			return `Job ID "${jobId}" cannot be used (${error instanceof Error ? error.message : String(error)})`;
		}
	}

	/** One look at each job, `concurrency` at a time. */
	private async lookAtAll(states: JobState[]): Promise<void> {
		let next = 0;
		const worker = async () => {
			while (next < states.length) {
				const state = states[next++];
				await this.look(state);
			}
		};
		await Promise.all(Array.from({ length: Math.min(this.concurrency, states.length) }, worker));
	}

	/** Eager: poll this job at its own cadence until it ends. */
	private async followOne(state: JobState): Promise<void> {
		while (!this.isSettled(state)) {
			await this.look(state);
			if (this.isSettled(state)) return;
			await this.sleepUntilNextPoll(state);
		}
	}

	/** Batch: follow the job expected to end last; confirm the rest when it ends. */
	private async followBatch(states: JobState[]): Promise<void> {
		let pending = states.filter((s) => !this.isSettled(s));
		let focus: JobState | undefined = pending[pending.length - 1];
		while (focus) {
			await this.followOne(focus);
			pending = pending.filter((s) => !this.isSettled(s));
			if (pending.length === 0) return;
			// The focus ended: one look at every other job, then follow whichever still runs
			// and is expected to end last.
			await this.lookAtAll(pending.filter((s) => s.lastPolledAt < this.clock.now()));
			pending = pending.filter((s) => !this.isSettled(s));
			focus = this.expectedLast(pending);
		}
	}

	private expectedLast(pending: JobState[]): JobState | undefined {
		let best: JobState | undefined;
		let bestRemaining = -Infinity;
		for (const state of pending) {
			const remaining = this.estimatedRemainingMs(state);
			// Ties (no estimate) go to the later item: jobs are usually created in item order.
			if (remaining >= bestRemaining) {
				best = state;
				bestRemaining = remaining;
			}
		}
		return best;
	}

	/** From the provider's progress figure and the job's age; unknown = very long. */
	private estimatedRemainingMs(state: JobState): number {
		const snapshot = state.snapshot;
		const progress = snapshot?.progress;
		const created = snapshot?.createdAt ? Date.parse(snapshot.createdAt) : NaN;
		if (progress && progress > 0 && progress < 100 && Number.isFinite(created)) {
			const elapsed = Math.max(0, state.lastPolledAt - created);
			return (elapsed * (100 - progress)) / progress;
		}
		if (snapshot?.status === 'queued') return Number.MAX_SAFE_INTEGER;
		return Number.MAX_SAFE_INTEGER / 2;
	}

	private isSettled(state: JobState): boolean {
		return state.finishedAt !== null;
	}

	private async sleepUntilNextPoll(state: JobState): Promise<void> {
		const wait = nextPollDelayMs(this.adapter, state.snapshot, this.settings.pollIntervalSeconds, this.random);
		const now = this.clock.now();
		const due = Math.min(state.lastPolledAt + wait, this.deadline);
		if (due > now) await this.clock.sleep(due - now, this.environment.signal);
		if (this.clock.now() >= this.deadline) this.timeOut(state);
	}

	private timeOut(state: JobState): void {
		if (this.isSettled(state)) return;
		state.timedOut = true;
		state.finishedAt = this.clock.now();
		const minutes = this.settings.maxWaitSeconds / 60;
		const wait = minutes >= 1 ? `${+minutes.toFixed(1)} min` : `${this.settings.maxWaitSeconds} s`;
		state.error = new PollError({
			kind: 'timeout',
			provider: this.adapter.id,
			jobId: state.jobId,
			message: `${this.adapter.displayName} job "${state.jobId}" did not end within ${wait} (last status: ${state.snapshot?.providerStatus ?? 'unknown'})`,
			hint: 'Raise "Max Wait", or set "On Timeout" to "Return Last Status" to go on with the job unfinished.',
		});
	}

	/** One status request for a job (plus the adapter's completion follow-up). */
	private async look(state: JobState): Promise<void> {
		if (this.isSettled(state)) return;
		if (this.clock.now() >= this.deadline && state.snapshot !== null) {
			this.timeOut(state);
			return;
		}
		// A job never looked at gets one look even at the deadline, so its last status is known.
		const deadline =
			state.snapshot === null ? Math.max(this.deadline, this.clock.now() + LAST_LOOK_GRACE_MS) : this.deadline;
		try {
			const request = this.adapter.statusRequest(state.jobId);
			const body = await this.client.getJson(request, state.jobId, state.counters, deadline);
			state.lastPolledAt = this.clock.now();
			let snapshot = this.parse(body, state.jobId);
			if (snapshot.status === 'completed' && this.adapter.completeJob) {
				snapshot = await this.adapter.completeJob(snapshot, state.jobId, {
					getJson: (followUp) => this.client.getJson(followUp, state.jobId, state.counters, deadline),
				});
			}
			state.snapshot = snapshot;
			if (isTerminal(snapshot.status) || this.settings.mode === 'status') state.finishedAt = this.clock.now();
			this.environment.onUpdate?.(state.index, this.normalized(state));
		} catch (error) {
			if (error instanceof CancelledError) throw error;
			if (error instanceof DeadlineReached) {
				this.timeOut(state);
				return;
			}
			if (error instanceof PollError) {
				state.error = error;
				state.finishedAt = this.clock.now();
				return;
			}
			throw error;
		}
	}

	private parse(body: unknown, jobId: string): JobSnapshot {
		try {
			const snapshot = this.adapter.parseStatus(body, jobId);
			// Adapters may give the video as a path on the provider's host (Poe's content endpoint).
			return { ...snapshot, videoUrl: resolveVideoUrl(this.environment.baseUrl, snapshot.videoUrl) };
		} catch (error) {
			if (!(error instanceof ResponseShapeError)) throw error;
			throw new PollError({
				kind: 'shape',
				provider: this.adapter.id,
				jobId,
				message: `${this.adapter.displayName} answered job "${jobId}" with something that is not a video status: ${error.message}`,
				hint: `Check that the credential's base URL (${this.environment.baseUrl}) points at the ${this.adapter.displayName} API. Received: ${error.excerpt}`,
			});
		}
	}

	private normalized(state: JobState): NormalizedJob {
		const end = state.finishedAt ?? this.clock.now();
		return toNormalizedJob(this.adapter.id, state.jobId, state.snapshot!, {
			attempts: state.counters.attempts,
			rateLimited: state.counters.rateLimited,
			waitedSeconds: Math.round((end - this.start) / 100) / 10,
			timedOut: state.timedOut,
		}, this.settings.includeRaw ?? false);
	}

	private outcome(state: JobState): JobOutcome {
		const job = state.snapshot ? this.normalized(state) : null;
		if (state.error) state.error.job = job;
		return { index: state.index, jobId: state.jobId, job, error: state.error };
	}
}
