/**
 * Fixed-window rate limiting (windows divided by timeScale) and the header value formats the
 * providers use for it.
 */

export interface LimitInfo {
	allowed: boolean;
	limit: number;
	remaining: number;
	/** Real epoch ms when the window resets. */
	resetAt: number;
	/** ms until a retry may succeed (0 when allowed). */
	retryAfterMs: number;
}

export class FixedWindowLimiter {
	private windowStart = -Infinity;
	private used = 0;

	constructor(
		readonly limit: number,
		readonly windowMs: number,
	) {}

	hit(now: number): LimitInfo {
		if (now >= this.windowStart + this.windowMs) {
			this.windowStart = now;
			this.used = 0;
		}
		const allowed = this.used < this.limit;
		if (allowed) this.used++;
		const resetAt = this.windowStart + this.windowMs;
		return { allowed, limit: this.limit, remaining: Math.max(0, this.limit - this.used), resetAt, retryAfterMs: allowed ? 0 : resetAt - now };
	}
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** Retry-After in seconds: an integer ≥ 1 at timeScale ≤ 1, else fractional (≥ 0.001). */
export function retryAfterValue(ms: number, timeScale: number): string {
	if (timeScale <= 1) return String(Math.max(1, Math.ceil(ms / 1000)));
	return String(Math.max(0.001, round3(ms / 1000)));
}

/** A reset moment as unix seconds: integer at timeScale ≤ 1, else with 3 decimals. */
export function resetEpochValue(resetAtMs: number, timeScale: number): string {
	if (timeScale <= 1) return String(Math.ceil(resetAtMs / 1000));
	return String(round3(resetAtMs / 1000));
}

/** OpenAI-style duration ("250ms", "1s", "1.5s", "6m0s") as in x-ratelimit-reset-requests. */
export function durationValue(ms: number): string {
	const t = Math.max(0, ms);
	if (t < 1000) return `${Math.max(1, Math.ceil(t))}ms`;
	if (t < 60_000) return `${round3(t / 1000)}s`;
	const minutes = Math.floor(t / 60_000);
	return `${minutes}m${round3((t - minutes * 60_000) / 1000)}s`;
}
