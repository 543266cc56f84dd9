/** Reading rate-limit hints, and the request budget that follows them (virtual time). */
import { parseDuration, parseResetAt, parseRetryAfter, readRateHeaders } from '../../../src/engine/rateHeaders';
import { RequestBudget } from '../../../src/engine/requestBudget';
import { FakeClock } from '../support/fakeClock';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('hint formats', () => {
	it('Retry-After: seconds, fractions, HTTP dates', () => {
		expect(parseRetryAfter('7', NOW)).toBe(7000);
		expect(parseRetryAfter('0.25', NOW)).toBe(250);
		expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', NOW)).toBe(30_000);
		expect(parseRetryAfter('soon', NOW)).toBeNull();
		expect(parseRetryAfter(undefined, NOW)).toBeNull();
	});

	it('reset moments: epoch seconds, epoch ms, delta seconds, Go durations, ISO', () => {
		expect(parseResetAt(String(NOW / 1000 + 42), NOW)).toBe(NOW + 42_000);
		expect(parseResetAt(String(NOW + 5000), NOW)).toBe(NOW + 5000);
		expect(parseResetAt('12', NOW)).toBe(NOW + 12_000);
		expect(parseResetAt('6m0s', NOW)).toBe(NOW + 360_000);
		expect(parseResetAt('2026-01-01T00:01:00.000Z', NOW)).toBe(NOW + 60_000);
		expect(parseDuration('1h2m3.5s')).toBe(3_723_500);
		expect(parseDuration('250ms')).toBe(250);
		expect(parseDuration('abc')).toBeNull();
	});

	it("reads ReelBot's and Poe's header names alike", () => {
		expect(readRateHeaders({ 'x-ratelimit-remaining': '3', 'x-ratelimit-limit': '60', 'x-ratelimit-reset': String(NOW / 1000 + 10) }, NOW)).toEqual({
			remaining: 3, limit: 60, resetAt: NOW + 10_000,
		});
		expect(readRateHeaders({ 'x-ratelimit-remaining-requests': '499', 'x-ratelimit-limit-requests': '500', 'x-ratelimit-reset-requests': '1s' }, NOW)).toEqual({
			remaining: 499, limit: 500, resetAt: NOW + 1000,
		});
		expect(readRateHeaders({ 'content-type': 'application/json' }, NOW)).toBeNull();
	});
});

describe('request budget', () => {
	async function sendTimes(budget: RequestBudget, clock: FakeClock, count: number): Promise<number[]> {
		const times: number[] = [];
		await clock.run(
			(async () => {
				for (let i = 0; i < count; i++) {
					await budget.acquire();
					times.push(clock.now());
				}
			})(),
		);
		return times;
	}

	it('stays under 90% of the documented limit in any window', async () => {
		const clock = new FakeClock(NOW);
		const budget = new RequestBudget({ requests: 60, perSeconds: 60 }, clock);
		const times = await sendTimes(budget, clock, 120);
		expect(times.filter((t) => t < NOW + 60_000)).toHaveLength(54);
		for (const t of times) expect(times.filter((u) => u >= t && u < t + 60_000).length).toBeLessThanOrEqual(54);
	});

	it("follows the provider's own counters when it reports them", async () => {
		const clock = new FakeClock(NOW);
		const budget = new RequestBudget({ requests: 60, perSeconds: 60 }, clock);
		// The provider says: 600 per 6 s window (e.g. a faster tier), 500 left, resets in 6 s.
		budget.observe({ 'x-ratelimit-limit': '600', 'x-ratelimit-remaining': '500', 'x-ratelimit-reset': String(NOW / 1000 + 6) });
		const times = await sendTimes(budget, clock, 200);
		expect(times[199]).toBe(NOW); // far beyond the documented 54/min, as the provider allows
	});

	it('holds every request until the reset when the provider says none are left', async () => {
		const clock = new FakeClock(NOW);
		const budget = new RequestBudget({ requests: 60, perSeconds: 60 }, clock);
		budget.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 20) });
		const [first] = await sendTimes(budget, clock, 1);
		expect(first).toBeGreaterThanOrEqual(NOW + 20_000);
	});

	it('a pause (a 429) holds everyone sharing the budget', async () => {
		const clock = new FakeClock(NOW);
		const budget = new RequestBudget({ requests: 500, perSeconds: 60 }, clock);
		budget.pause(NOW + 7000);
		const times = await sendTimes(budget, clock, 3);
		expect(times.every((t) => t >= NOW + 7000)).toBe(true);
	});
});
