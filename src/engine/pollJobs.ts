/**
 * The wait loop: every job of a batch is waited on together, in one place.
 *
 * Two schedules:
 *  - `batch` (the node's default): the batch is done only when its slowest job is, and that is
 *    the only moment the node's output depends on. So requests go where they tell something:
 *    - one "focus" job (the last item) is looked at first; while nothing better is known it is
 *      polled at the provider's cadence;
 *    - where the provider reports progress (Poe, AI Stats, Hooked), a job's end is predicted
 *      from it (from two readings once there are two). The job expected to end last is then
 *      looked at half the predicted remaining time later each time, and in the last two
 *      intervals just after its predicted end (at most one interval, at least half an interval
 *      after the previous look), so its end is seen within one interval; every other job gets one look at its own predicted end, and never later than
 *      one interval before the last one's, so nothing is left to confirm when the last ends;
 *    - a few jobs spread over the batch get an early look once the first prediction is in, so
 *      the job that ends last is likely among those followed;
 *    - jobs never looked at get their first look together just before the predicted last end
 *      (early enough for the rate budget to let them all through first, at the latest at 90 %
 *      of the way) — by then most have ended and cost one request — or at once when the focus
 *      ends with nothing predicted;
 *    - without progress figures (GeekHub, ReelBot): the focus is polled at the cadence and the
 *      others get one confirming look when it ends; a job still running then becomes the focus.
 *    Looks run concurrently (bounded) and independently of one another, so a long first sweep
 *    under a tight rate limit never delays the job that is about to end.
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
/** Batch: jobs never looked at get their first look at the latest at this share of the predicted batch length. */
const SWEEP_AT_SHARE_MAX = 0.9;
/** Batch: at most this many jobs (and about half the square root of the batch) are looked at early, to find the one that ends last. */
const MAX_SAMPLE = 8;
/** Batch: looks at the job expected to end last may exceed the concurrency bound by this many. */
const URGENT_EXTRA = 2;
/** Batch: the last job's final look comes this share of an interval after its predicted end. */
const FINAL_LOOK_DELAY = 0.05;
/** Batch: a hard stop for the planning loop, whatever the deadline. */
const MAX_PASSES = 1_000_000;

interface ProgressReading {
	at: number;
	progress: number;
}

interface JobState {
	index: number;
	jobId: string;
	snapshot: JobSnapshot | null;
	counters: { attempts: number; rateLimited: number };
	lastPolledAt: number;
	finishedAt: number | null;
	timedOut: boolean;
	error: PollError | null;
	// batch schedule bookkeeping
	/** When the next look is due (ms); Infinity = not planned yet. */
	dueAt: number;
	/** The delay to the next poll at the job's cadence, drawn (with jitter) after each look. */
	cadenceMs: number;
	/** First and latest progress readings while processing (0 < progress < 100). */
	firstReading: ProgressReading | null;
	lastReading: ProgressReading | null;
	/** Looks in a row that told nothing about the end (queued, no progress yet, stalled). */
	blindLooks: number;
	/** The prediction made after the latest look (see predictEnd). */
	prediction: { end: number; reliable: boolean } | null;
	/** Predicted end (ms), from the readings; null when unknown. */
	predictedEnd: number | null;
	/** The prediction comes from two readings (a rate), not from one reading and the job's age. */
	reliable: boolean;
	/** A look is due now whatever the plan says (sample, or the sweep after the focus ended). */
	lookNow: boolean;
	inFlight: boolean;
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
	private states: JobState[] = [];
	/** The provider's 401: the key is wrong for every job, so the rest of the batch is not asked. */
	private keyRefused: PollError | null = null;

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
		const states: JobState[] = (this.states = jobIds.map((jobId, index) => ({
			index,
			jobId,
			snapshot: null,
			counters: { attempts: 0, rateLimited: 0 },
			lastPolledAt: -Infinity,
			finishedAt: null,
			timedOut: false,
			error: null,
			dueAt: Infinity,
			cadenceMs: 0,
			firstReading: null,
			lastReading: null,
			blindLooks: 0,
			prediction: null,
			predictedEnd: null,
			reliable: false,
			lookNow: false,
			inFlight: false,
		})));
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

	/** Batch: see the header of this file. */
	private async followBatch(states: JobState[]): Promise<void> {
		const all = states.filter((s) => !this.isSettled(s));
		if (all.length === 0) return;
		const signal = this.environment.signal;
		let focus: JobState | null = all[all.length - 1];
		focus.lookNow = true;
		let sampled = false;
		let sweepNow = false;
		let failure: unknown = null;
		const running = new Set<Promise<void>>();
		let wake: (() => void) | null = null;
		let finishedSinceWait = false;
		let lookMs = 50;
		// One timer for the next due moment, re-armed only when something is due sooner.
		let alarm: { at: number; fired: Promise<void>; controller: AbortController } | null = null;
		const disarm = () => {
			alarm?.controller.abort();
			alarm = null;
		};
		const onAbort = () => {
			disarm();
			wake?.();
		};
		signal?.addEventListener('abort', onAbort, { once: true });
		try {

			for (let pass = 0; pass < MAX_PASSES; pass++) {
				if (failure) break;
				const pending = all.filter((s) => !this.isSettled(s));
				if (pending.length === 0) break;
				const now = this.clock.now();
				if (now >= this.deadline) {
					await Promise.allSettled(running);
					if (failure) break;
					// look() times out the jobs it has seen and gives the others their one last look
					const left = all.filter((s) => !this.isSettled(s));
					await this.lookAtAll(left);
					for (const state of left) this.timeOut(state);
					return;
				}

				// What is known: predicted ends, and the latest of them. (A prediction from a single
				// reading errs late; the job holding the latest one gets a second reading soon.)
				let latest = -Infinity;
				for (const state of pending) {
					const prediction = state.prediction;
					state.predictedEnd = prediction?.end ?? null;
					state.reliable = prediction?.reliable ?? false;
					if (prediction) latest = Math.max(latest, prediction.end);
				}
				if (focus && this.isSettled(focus)) {
					// The focus ended. Without a prediction to go by, everything never looked at, and
					// every job that gives no progress figure, gets one look now.
					focus = null;
					if (latest === -Infinity) sweepNow = true;
					for (const state of pending) if (state.snapshot && state.predictedEnd === null && state.snapshot.progress === null) state.lookNow = true;
				}
				const unlooked = pending.filter((s) => s.snapshot === null && !s.inFlight);
				if (!sampled && latest > -Infinity && unlooked.length > 0) {
					// First prediction: look early at a few jobs spread over the batch, so the one
					// that ends last is likely among those followed.
					sampled = true;
					const k = Math.min(MAX_SAMPLE, Math.floor(Math.sqrt(all.length) / 2), unlooked.length);
					for (let i = 0; i < k; i++) unlooked[Math.floor(((i + 0.5) * unlooked.length) / k)].lookNow = true;
				}
				// Jobs never looked at: all together, late enough that most have ended, early enough
				// that the rate budget lets every one be seen before the last predicted end.
				let sweepAt = Infinity;
				if (sweepNow) sweepAt = now;
				else if (latest > -Infinity && unlooked.length > 0) {
					const cadence = focus?.cadenceMs || this.baseIntervalMs(null);
					// How long the sweep may take: the budget's wait for that many requests (with room
					// left for the looks at the job that ends last) plus the looks themselves, doubled
					// (looks slow down when many run at once, and the last job may be among the last seen).
					const budgetMs = this.client.statusBudgetWaitMs(Math.ceil(unlooked.length * 1.1) + 5);
					const sweepMs = 2 * (budgetMs + (unlooked.length * lookMs) / this.concurrency);
					sweepAt = Math.min(latest - 2 * cadence - sweepMs, this.start + SWEEP_AT_SHARE_MAX * (latest - this.start));
				}
				if (!focus && latest === -Infinity && unlooked.length === 0 && running.size === 0 && pending.every((s) => !s.lookNow)) {
					// Nothing predictable and nobody followed (no progress figures): follow the job
					// expected to end last; the others wait for its end.
					focus = this.expectedLast(pending) ?? null;
				}

				for (const state of pending) {
					if (state.inFlight) continue;
					state.dueAt = this.dueAt(state, state === focus, sweepAt, latest, now);
				}

				// Start what is due (the job expected to end last first), a bounded number at once.
				const due = pending
					.filter((s) => !s.inFlight && s.dueAt <= now)
					.sort((a, b) => this.urgency(a, latest) - this.urgency(b, latest) || a.dueAt - b.dueAt);
				for (const state of due) {
					// the job expected to end last may go beyond the bound a little: it must not
					// queue behind a sweep
					const bound = this.urgency(state, latest) === 0 ? this.concurrency + URGENT_EXTRA : this.concurrency;
					if (running.size >= bound) continue;
					state.inFlight = true;
					state.lookNow = false;
					const lookStart = this.clock.now();
					const look: Promise<void> = this.look(state)
						.catch((error: unknown) => {
							failure ??= error;
						})
						.finally(() => {
							// a running mean of how long one look takes (request, budget waits included)
							lookMs = 0.8 * lookMs + 0.2 * (this.clock.now() - lookStart);
							state.inFlight = false;
							running.delete(look);
							finishedSinceWait = true;
							wake?.();
						});
					running.add(look);
				}

				// Wait for a look to finish or the next due moment, whichever comes first.
				let nextDue = this.deadline;
				for (const state of pending) {
					if (state.inFlight || state.dueAt >= nextDue) continue;
					const bound = this.urgency(state, latest) === 0 ? this.concurrency + URGENT_EXTRA : this.concurrency;
					if (running.size < bound) nextDue = state.dueAt;
				}
				if (finishedSinceWait) {
					finishedSinceWait = false;
					continue;
				}
				if (signal?.aborted) {
					failure ??= new CancelledError();
					break;
				}
				if (!alarm || nextDue < alarm.at - 1) {
					disarm();
					const controller = new AbortController();
					const armed = {
						at: nextDue,
						controller,
						fired: this.clock.sleep(Math.max(0, nextDue - now), controller.signal).then(
							() => {
								if (alarm === armed) alarm = null;
							},
							() => undefined,
						),
					};
					alarm = armed;
				}
				const woken = new Promise<void>((resolve) => (wake = resolve));
				await Promise.race([woken, alarm.fired]);
				wake = null;
				finishedSinceWait = false;
				if (signal?.aborted) failure ??= new CancelledError();
			}
		} finally {
			disarm();
			signal?.removeEventListener('abort', onAbort);
		}
		await Promise.allSettled(running);
		if (failure) throw failure;
	}

	/** When a job's next look is due under the batch schedule. */
	private dueAt(state: JobState, isFocus: boolean, sweepAt: number, latest: number, now: number): number {
		if (state.lookNow) return now;
		const cadence = state.cadenceMs;
		if (state.snapshot === null) return isFocus ? now : sweepAt;
		const end = state.predictedEnd;
		if (end !== null) {
			if (!state.reliable && end >= latest - 2 * cadence) {
				// Might be the last one, from a single reading: a second one soon gives its rate.
				const age = state.lastPolledAt - this.origin(state.snapshot, state.lastPolledAt);
				const remaining = end - state.lastPolledAt;
				return state.lastPolledAt + Math.max(cadence, Math.min(0.5 * age, 0.5 * remaining));
			}
			if (end >= latest - cadence) {
				// Expected to end last: halve the remaining time until it is within two intervals,
				// then poll at the interval itself (no jitter: this one job sets the batch's end).
				const interval = Math.min(cadence, this.baseIntervalMs(state.snapshot));
				const remaining = end - state.lastPolledAt;
				if (remaining > 2 * interval) return state.lastPolledAt + remaining / 2;
				// Close: aim just after the predicted end, at most one interval and (unless the
				// provider set the pace) at least half an interval after the last look, so the end
				// is seen well within one interval even when the prediction is a little off.
				const floor = state.snapshot.pollAfterSeconds ? interval : interval / 2;
				const aim = remaining + FINAL_LOOK_DELAY * interval;
				return state.lastPolledAt + Math.min(interval, Math.max(floor, aim));
			}
			// Ends earlier: one look just after its predicted end, before the last one ends.
			const margin = cadence + 0.05 * Math.max(0, end - state.lastPolledAt);
			return Math.max(state.lastPolledAt + cadence, Math.min(end + margin, latest - cadence));
		}
		if (isFocus) return state.lastPolledAt + cadence;
		// No progress figures at all: wait for the focus to end.
		if (state.snapshot.progress === null) return Infinity;
		// Queued, or no progress yet: look again soon, then less often.
		return state.lastPolledAt + cadence * 2 ** Math.min(2, Math.max(0, state.blindLooks - 1));
	}

	/** The poll interval without jitter. */
	private baseIntervalMs(snapshot: JobSnapshot | null): number {
		return nextPollDelayMs(this.adapter, snapshot, this.settings.pollIntervalSeconds, () => 0);
	}

	/** Sort key: the job expected to end last goes first when several looks are due. */
	private urgency(state: JobState, latest: number): number {
		return state.predictedEnd !== null && state.predictedEnd >= latest - 2 * state.cadenceMs ? 0 : 1;
	}

	/**
	 * The moment a running job is expected to end, from its progress readings: the rate between
	 * the first and the latest reading once there are two, else the time since creation.
	 */
	private predictEnd(state: JobState): { end: number; reliable: boolean } | null {
		const snapshot = state.snapshot;
		const last = state.lastReading;
		const first = state.firstReading;
		if (!snapshot || !last || !first || isTerminal(snapshot.status)) return null;
		if (last.at !== state.lastPolledAt) return null; // the latest look had no usable figure
		if (last.at > first.at) {
			if (last.progress <= first.progress) return null; // stalled: no idea
			const rate = (last.progress - first.progress) / (last.at - first.at);
			return { end: last.at + (100 - last.progress) / rate, reliable: true };
		}
		// One reading: the age includes time in the queue, so this errs late.
		const elapsed = last.at - this.origin(snapshot, last.at);
		if (elapsed <= 0) return null;
		return { end: last.at + (elapsed * (100 - last.progress)) / last.progress, reliable: false };
	}

	/** When the job started, as well as it is known: its creation time, else the start of waiting. */
	private origin(snapshot: JobSnapshot, notAfter: number): number {
		const created = snapshot.createdAt ? Date.parse(snapshot.createdAt) : NaN;
		if (!Number.isFinite(created) || created > notAfter) return Math.min(this.start, notAfter);
		// Whole-second timestamps (unix seconds) are cut down: take the middle of that second.
		return created % 1000 === 0 ? Math.min(created + 500, notAfter) : created;
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

	/** Settles a job not asked for after the provider refused the key (401) for another one. */
	private failForRefusedKey(state: JobState): void {
		const refused = this.keyRefused!;
		state.finishedAt = this.clock.now();
		state.error = new PollError({
			kind: 'auth',
			provider: refused.provider,
			jobId: state.jobId,
			httpStatus: refused.httpStatus,
			providerCode: refused.providerCode,
			message: `${this.adapter.displayName} job "${state.jobId}" was not checked: the provider refused the API key for job "${refused.jobId}" in the same batch (HTTP ${refused.httpStatus})`,
			hint: refused.hint,
		});
	}

	/** One status request for a job (plus the adapter's completion follow-up). */
	private async look(state: JobState): Promise<void> {
		if (this.isSettled(state)) return;
		if (this.keyRefused) {
			this.failForRefusedKey(state);
			return;
		}
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
			this.noteReading(state, snapshot);
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
				// Not 403: Hooked answers 403 both for a bad key and for another team's job.
				if (error.kind === 'auth' && error.httpStatus === 401 && !this.keyRefused) {
					this.keyRefused = error;
					for (const other of this.states) if (!other.inFlight && !this.isSettled(other)) this.failForRefusedKey(other);
				}
				return;
			}
			throw error;
		}
	}

	/** Keeps what the batch schedule predicts from: progress readings, and the next cadence. */
	private noteReading(state: JobState, snapshot: JobSnapshot): void {
		const progress = snapshot.progress;
		if (snapshot.status === 'processing' && progress !== null && progress > 0 && progress < 100) {
			const reading = { at: state.lastPolledAt, progress };
			state.firstReading ??= reading;
			state.lastReading = reading;
		}
		if (this.settings.mode !== 'wait' || (this.settings.schedule ?? 'batch') !== 'batch') return;
		state.prediction = this.predictEnd(state);
		state.blindLooks = state.prediction === null ? state.blindLooks + 1 : 0;
		state.cadenceMs = nextPollDelayMs(this.adapter, snapshot, this.settings.pollIntervalSeconds, this.random);
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
