/**
 * Reading the providers' rate-limit hints: `Retry-After`, `X-RateLimit-*` (ReelBot),
 * `x-ratelimit-*-requests` (Poe), in the formats seen in the wild.
 */

/** `Retry-After`: delta seconds (fractions tolerated) or an HTTP date. Returns ms from now. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
	if (value === undefined || value.trim() === '') return null;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/** A reset moment: epoch seconds, epoch ms, delta seconds, a duration ("1s", "6m0s", "250ms") or ISO. */
export function parseResetAt(value: string | undefined, now: number): number | null {
	if (value === undefined || value.trim() === '') return null;
	const text = value.trim();
	const number = Number(text);
	if (Number.isFinite(number)) {
		if (number > 1e12) return number; // epoch ms
		if (number > 1e9) return number * 1000; // epoch s
		return now + number * 1000; // delta s
	}
	const duration = parseDuration(text);
	if (duration !== null) return now + duration;
	const date = Date.parse(text);
	return Number.isFinite(date) ? date : null;
}

/** Go-style durations as OpenAI-compatible APIs send them: "1s", "6m0s", "20ms", "1h2m3.5s". */
export function parseDuration(text: string): number | null {
	const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
	let total = 0;
	let consumed = 0;
	for (const match of text.matchAll(re)) {
		const value = Number(match[1]);
		const unit = match[2];
		total += value * (unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : unit === 's' ? 1000 : 1);
		consumed += match[0].length;
	}
	return consumed > 0 && consumed === text.length ? total : null;
}

export interface ServerRateState {
	remaining: number | null;
	limit: number | null;
	resetAt: number | null;
}

/** The counters a provider reports on any answer, under either naming scheme. */
export function readRateHeaders(headers: Record<string, string>, now: number): ServerRateState | null {
	const pick = (...names: string[]) => names.map((n) => headers[n]).find((v) => v !== undefined);
	const remainingText = pick('x-ratelimit-remaining', 'x-ratelimit-remaining-requests');
	const limitText = pick('x-ratelimit-limit', 'x-ratelimit-limit-requests');
	const resetText = pick('x-ratelimit-reset', 'x-ratelimit-reset-requests');
	if (remainingText === undefined && resetText === undefined) return null;
	const remaining = remainingText === undefined ? null : Number(remainingText);
	const limit = limitText === undefined ? null : Number(limitText);
	return {
		remaining: remaining !== null && Number.isFinite(remaining) ? remaining : null,
		limit: limit !== null && Number.isFinite(limit) ? limit : null,
		resetAt: parseResetAt(resetText, now),
	};
}
