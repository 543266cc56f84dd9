/** 429s in the wait loop with each provider's own hint format (virtual time, scripted answers). */
import { pollJobs } from '../../../src/engine/pollJobs';
import { BudgetRegistry } from '../../../src/engine/requestBudget';
import { PROVIDERS } from '../../../src/providers';
import type { ProviderAdapter } from '../../../src/providers/types';
import type { HttpResponse } from '../../../src/transport/types';
import { FakeClock } from '../support/fakeClock';
import { FakeTransport, json } from '../support/fakeTransport';

async function run(adapter: ProviderAdapter, answer: (n: number, clock: FakeClock) => HttpResponse, jobIds = ['job-1']) {
	const clock = new FakeClock();
	const transport = new FakeTransport(clock, (_req, n) => answer(n, clock));
	const start = clock.now();
	const outcomes = await clock.run(
		pollJobs(jobIds, { mode: 'wait', pollIntervalSeconds: null, maxWaitSeconds: 600 }, {
			adapter, baseUrl: 'http://127.0.0.1:9', transport, clock, random: () => 0, budgets: new BudgetRegistry(),
		}),
	);
	return { outcomes, transport, start };
}

it("ReelBot 429 with only X-RateLimit-Reset: waits until that moment", async () => {
	const { outcomes, transport, start } = await run(PROVIDERS.reelBot, (n, clock) =>
		n === 1
			? json(429, { success: false, message: 'Rate limit exceeded.', code: 'RATE_LIMITED' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(clock.now() / 1000) + 33) })
			: n === 2
				? json(200, { status: 'failed', message: 'failed', createdAt: '2025-01-21T16:30:00.000Z', error: 'boom' })
				: json(500, {}),
	);
	expect(transport.requests[1].at - start).toBeGreaterThanOrEqual(33_000);
	expect(outcomes[0].job?.status).toBe('failed');
	expect(outcomes[0].job?.polling.rateLimited).toBe(1);
});

it("Poe 429 with x-ratelimit-reset-requests ('1.5s'): waits that long", async () => {
	const { outcomes, transport, start } = await run(PROVIDERS.poe, (n) =>
		n === 1
			? json(429, { error: { message: 'Rate limit exceeded', type: 'rate_limit_error' } }, { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1.5s' })
			: json(200, { id: 'v', object: 'video', status: 'completed', progress: 100, created_at: 1782415166 }),
	);
	expect(transport.requests[1].at - start).toBeGreaterThanOrEqual(1500);
	expect(outcomes[0].job?.status).toBe('completed');
});

it('a 429 for one job holds the whole batch back (the budget is shared)', async () => {
	const { transport, start } = await run(
		PROVIDERS.poe,
		(n) =>
			n === 1
				? json(429, { error: { message: 'slow down', type: 'rate_limit_error' } }, { 'retry-after': '9' })
				: json(200, { id: 'v', object: 'video', status: 'completed', progress: 100, created_at: 1782415166 }),
		['a', 'b', 'c'],
	);
	expect(transport.requests.slice(1).every((r) => r.at - start >= 9000)).toBe(true);
});

it('job IDs that no encoding makes safe ("..") are refused before any request', async () => {
	const { outcomes, transport } = await run(PROVIDERS.geekHub, () => json(200, {}), ['..']);
	expect(outcomes[0].error?.kind).toBe('input');
	expect(outcomes[0].error?.message).toMatch(/Job ID "\.\." cannot be used/);
	expect(transport.requests).toHaveLength(0);
});
