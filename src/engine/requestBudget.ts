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
	/** The provider's own counters, once it has reported them. */
	private server: { remaining: number; resetAt: number; limit: number | null } | null = null;

	constructor(
		limit: RateLimit,
		private readonly clock: Clock,
	) {
		this.windowMs = limit.perSeconds * 1000;
		this.allowed = Math.max(1, Math.floor(limit.requests * SAFETY));
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
			if (wait === 0) return;
			await this.clock.sleep(wait, signal);
		}
		throw new Error('Request budget: no slot after 100000 waits');
	}

	/** Holds every request back until `until` (a 429's Retry-After, a reset time). */
	pause(until: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, until);
	}

	/** Reads the provider's rate-limit headers from any answer. */
	observe(headers: Record<string, string>): void {
		const now = this.clock.now();
		const state = readRateHeaders(headers, now);
		if (!state || state.remaining === null) return;
		const resetAt = state.resetAt ?? now + this.windowMs;
		if (resetAt <= now) return; // a late answer from a window that has already reset
		if (this.server && Math.abs(this.server.resetAt - resetAt) < 1000) {
			// Same window: answers arrive out of order, keep the lowest count seen.
			this.server.remaining = Math.min(this.server.remaining, state.remaining);
			this.server.limit = state.limit ?? this.server.limit;
		} else if (!this.server || resetAt > this.server.resetAt) {
			this.server = { remaining: state.remaining, resetAt, limit: state.limit };
		}
		if (state.remaining <= 0) this.pause(resetAt);
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
			server.resetAt = now + this.windowMs;
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
