/**
 * A per-provider request budget shared by every job of a batch (and by concurrent executions
 * in the same process): stays under the provider's documented limit, and defers to the
 * provider's own counters and pauses when it reports them.
 */
import type { RateLimit } from '../providers/types';
import type { Clock } from './clock';
import { readRateHeaders } from './rateHeaders';

/** Keep a margin under documented limits: other clients may share the key. */
const SAFETY = 0.9;

export class RequestBudget {
	private readonly windowMs: number;
	private readonly allowed: number;
	/** Send times within the current window (sliding log). */
	private readonly log: number[] = [];
	private pausedUntil = 0;
	/** Requests sent and not yet answered: the provider's next counts may not include them yet. */
	private inFlight = 0;
	/**
	 * The provider's own counters, once it has reported them. `guessed`: the window was started
	 * here when the reported one ran out, with the documented length, until an answer tells the
	 * real one (a provider may count shorter windows than documented, e.g. a test double that
	 * scales time).
	 */
	private server: { remaining: number; resetAt: number; limit: number | null; guessed: boolean } | null = null;
	/** Length of the provider's window as seen from two successive reported resets (else documented). */
	private seenWindowMs: number;

	constructor(
		limit: RateLimit,
		private readonly clock: Clock,
	) {
		this.windowMs = limit.perSeconds * 1000;
		this.allowed = Math.max(1, Math.floor(limit.requests * SAFETY));
		this.seenWindowMs = this.windowMs;
	}

	/** Waits until one more request is within budget, then counts it. */
	async acquire(signal?: AbortSignal): Promise<void> {
		// Bounded: each pass either returns or sleeps until a moment that frees a slot.
		for (let pass = 0; pass < 100_000; pass++) {
			const now = this.clock.now();
			if (now < this.pausedUntil) {
				await this.clock.sleep(this.pausedUntil - now, signal);
				continue;
			}
			const wait = this.server ? this.takeFromServerCounters(now) : this.takeFromLog(now);
			if (wait === 0) {
				this.inFlight += 1;
				return;
			}
			await this.clock.sleep(wait, signal);
		}
		throw new Error('Request budget: no slot after 100000 waits');
	}

	/** Holds every request back until `until` (a 429's Retry-After, a reset time). */
	pause(until: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, until);
	}

	/** A request that acquire() let through has ended: with the answer's headers, or none (no answer). */
	answered(headers: Record<string, string> | null): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (headers) this.observe(headers);
	}

	/** Reads the provider's rate-limit headers from any answer. */
	observe(headers: Record<string, string>): void {
		const now = this.clock.now();
		const reported = readRateHeaders(headers, now);
		if (!reported || reported.remaining === null) return;
		// Requests still on their way were sent after this answer's count, or were not counted
		// yet: either way they come off what is left.
		const state = { ...reported, remaining: reported.remaining - this.inFlight };
		const resetAt = state.resetAt ?? now + this.windowMs;
		if (resetAt <= now) return; // a late answer from a window that has already reset
		const sameWindowSlack = Math.min(1000, this.seenWindowMs / 4);
		if (this.server && !this.server.guessed && Math.abs(this.server.resetAt - resetAt) < sameWindowSlack) {
			// Same window: answers arrive out of order, keep the lowest count seen.
			this.server.remaining = Math.min(this.server.remaining, state.remaining);
			this.server.limit = state.limit ?? this.server.limit;
		} else if (!this.server || this.server.guessed || resetAt > this.server.resetAt) {
			// A newer window (or the first report, or the real one after our guess).
			if (this.server && !this.server.guessed && resetAt > this.server.resetAt) {
				this.seenWindowMs = Math.min(this.windowMs, resetAt - this.server.resetAt);
			}
			this.server = { remaining: state.remaining, resetAt, limit: state.limit, guessed: false };
		}
		if (state.remaining <= 0) this.pause(resetAt);
	}

	/**
	 * About how long until `count` more requests could all have been sent, from what is known
	 * now (the provider's counters, else the documented limit). For planning, not a promise.
	 */
	estimateWaitMs(count: number): number {
		const now = this.clock.now();
		const paused = Math.max(0, this.pausedUntil - now);
		if (count <= 0) return paused;
		const server = this.server;
		if (server && now < server.resetAt) {
			const free = Math.max(0, server.remaining - 1);
			if (count <= free) return paused;
			const perWindow = Math.max(1, (server.limit ?? this.allowed) - 1);
			const windows = Math.ceil((count - free) / perWindow);
			return Math.max(paused, server.resetAt - now) + (windows - 1) * this.seenWindowMs;
		}
		while (this.log.length > 0 && this.log[0] <= now - this.windowMs) this.log.shift();
		const free = this.allowed - this.log.length;
		if (count <= free) return paused;
		const windows = Math.ceil((count - free) / this.allowed);
		const firstSlot = this.log.length > 0 ? this.log[0] + this.windowMs - now : 0;
		return paused + Math.max(0, firstSlot) + (windows - 1) * this.windowMs;
	}

	private takeFromLog(now: number): number {
		while (this.log.length > 0 && this.log[0] <= now - this.windowMs) this.log.shift();
		if (this.log.length < this.allowed) {
			this.log.push(now);
			return 0;
		}
		return this.log[0] + this.windowMs - now;
	}

	private takeFromServerCounters(now: number): number {
		const server = this.server!;
		if (now >= server.resetAt) {
			// A new window: the provider's limit if it told us, else the documented one.
			server.remaining = server.limit ?? this.allowed;
			server.resetAt = now + this.seenWindowMs;
			server.guessed = true;
		}
		// Keep one request in reserve for whoever else uses the key.
		if (server.remaining > 1) {
			server.remaining -= 1;
			this.log.push(now);
			if (this.log.length > 10_000) this.log.shift();
			return 0;
		}
		return Math.max(1, server.resetAt - now);
	}
}

/** Budgets keyed by provider, base URL and kind, so concurrent executions share them. */
export class BudgetRegistry {
	private readonly budgets = new Map<string, RequestBudget>();
	get(key: string, limit: RateLimit, clock: Clock): RequestBudget {
		let budget = this.budgets.get(key);
		if (!budget) {
			budget = new RequestBudget(limit, clock);
			this.budgets.set(key, budget);
		}
		return budget;
	}
}

export const processBudgets = new BudgetRegistry();
