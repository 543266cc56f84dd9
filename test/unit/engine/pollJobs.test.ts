/**
 * The polling engine with a scripted transport and virtual time: schedule, budget, 429s,
 * retries, deadline, cancel, unknown statuses and bad bodies — no network, no n8n.
 */
import { BudgetRegistry } from '../../../src/engine/requestBudget';
import { pollJobs, type PollSettings } from '../../../src/engine/pollJobs';
import { CancelledError } from '../../../src/engine/errors';
import { PROVIDERS } from '../../../src/providers';
import type { ProviderAdapter } from '../../../src/providers/types';
import type { HttpRequest, HttpResponse } from '../../../src/transport/types';
import { TransportError } from '../../../src/transport/types';
import { FakeClock } from '../support/fakeClock';
import { FakeTransport, json } from '../support/fakeTransport';

const BASE = 'http://127.0.0.1:9/api';

function setup(adapter: ProviderAdapter, handler: (req: HttpRequest, n: number, clock: FakeClock) => HttpResponse | Promise<HttpResponse>) {
	const clock = new FakeClock();
	const transport = new FakeTransport(clock, (req, n) => handler(req, n, clock));
	const run = (jobIds: string[], settings: Partial<PollSettings> = {}, signal?: AbortSignal) =>
		clock.run(
			pollJobs(
				jobIds,
				{ mode: 'wait', pollIntervalSeconds: null, maxWaitSeconds: 900, ...settings },
				{ adapter, baseUrl: BASE, transport, clock, random: () => 0.5, budgets: new BudgetRegistry(), signal },
			),
		);
	return { clock, transport, run };
}

/** GeekHub body for a job that ends at `endsAt` (virtual ms). */
function geekHubBody(id: string, done: boolean, failed = false) {
	return {
		id,
		object: 'video.job',
		status: done ? (failed ? 'failed' : 'completed') : 'processing',
		model: 'fal/kling-2',
		video_url: done && !failed ? `https://cdn.example/${id}.mp4` : null,
		duration: 5,
		error: failed ? 'fal status: ERROR' : null,
		created: 1782415166,
		completed: done ? 1782415954 : null,
	};
}

function idOf(req: HttpRequest): string {
	return decodeURIComponent(req.url.split('/').pop()!.split('?')[0]);
}

describe('waiting for a batch', () => {
	it('waits for all jobs together: the batch ends when its slowest job does, not after the sum', async () => {
		const ends: Record<string, number> = { a: 60_000, b: 120_000, c: 180_000 };
		const { clock, transport, run } = setup(PROVIDERS.geekHub, (req, _n, c) => {
			const id = idOf(req);
			return json(200, geekHubBody(id, c.now() - start >= ends[id]));
		});
		const start = clock.now();
		const outcomes = await run(['a', 'b', 'c']);
		expect(outcomes.map((o) => o.job?.status)).toEqual(['completed', 'completed', 'completed']);
		const elapsed = clock.now() - start;
		// Kling cadence is 15 s (+ ≤10% jitter): done within one interval of the slowest job.
		expect(elapsed).toBeGreaterThanOrEqual(180_000);
		expect(elapsed).toBeLessThan(180_000 + 16_500 + 1000);
		// One confirming look at the jobs that ended first, not a poll loop each.
		expect(transport.forJob('a').length).toBe(1);
		expect(transport.forJob('b').length).toBe(1);
		expect(outcomes[0].job!.polling.attempts).toBe(1);
	});

	it('follows a job that is still running after the focus ends, then confirms it', async () => {
		const ends: Record<string, number> = { a: 300_000, b: 30_000 };
		const { clock, transport, run } = setup(PROVIDERS.geekHub, (req, _n, c) => json(200, geekHubBody(idOf(req), c.now() - start >= ends[idOf(req)])));
		const start = clock.now();
		const outcomes = await run(['a', 'b']);
		expect(outcomes.every((o) => o.job?.done)).toBe(true);
		expect(clock.now() - start).toBeLessThan(300_000 + 16_500 + 1000);
		expect(transport.forJob('b').length).toBe(3); // focus first: 0 s, 15.75 s, 31.5 s (ended at 30 s)
		expect(transport.forJob('a').length).toBeGreaterThan(10); // then followed until 300 s
	});

	it('eager schedule polls every job at its own cadence', async () => {
		const { clock, transport, run } = setup(PROVIDERS.geekHub, (req, _n, c) => json(200, geekHubBody(idOf(req), c.now() - start >= 60_000)));
		const start = clock.now();
		await run(['a', 'b'], { schedule: 'eager' });
		expect(transport.forJob('a').length).toBeGreaterThanOrEqual(4);
		expect(transport.forJob('b').length).toBeGreaterThanOrEqual(4);
	});

	it('keeps a batch under the provider budget (ReelBot: 60 status calls a minute)', async () => {
		const { transport, run } = setup(PROVIDERS.reelBot, () =>
			json(200, { status: 'processing', message: 'Video is being processed', createdAt: '2025-01-21T16:30:00.000Z' }),
		);
		const ids = Array.from({ length: 40 }, (_, i) => `p${i}`);
		await run(ids, { schedule: 'eager', pollIntervalSeconds: 1, maxWaitSeconds: 180 });
		const times = transport.requests.map((r) => r.at).sort((a, b) => a - b);
		expect(times.length).toBeGreaterThan(100);
		for (let i = 0; i < times.length; i++) {
			const inWindow = times.filter((t) => t >= times[i] && t < times[i] + 60_000).length;
			expect(inWindow).toBeLessThanOrEqual(60);
		}
	});
});

describe('interval', () => {
	const aiStatsBody = (done: boolean, pollAfter: number) => ({
		id: 'v1',
		object: 'video',
		status: done ? 'completed' : 'processing',
		poll_after_seconds: pollAfter,
		created_at: 1782415166,
		download_url: done ? 'https://storage.example/v1.mp4' : null,
	});

	it("follows the provider's hint (AI Stats poll_after_seconds) when the user sets none", async () => {
		const { clock, transport, run } = setup(PROVIDERS.aiStats, (_r, _n, c) => json(200, aiStatsBody(c.now() - start >= 100_000, 20)));
		const start = clock.now();
		await run(['v1']);
		const gaps = transport.requests.slice(1).map((r, i) => r.at - transport.requests[i].at);
		expect(gaps.length).toBeGreaterThan(3);
		for (const gap of gaps) {
			expect(gap).toBeGreaterThanOrEqual(20_000);
			expect(gap).toBeLessThanOrEqual(22_000); // ≤ 10% jitter
		}
	});

	it("the user's interval wins over the hint", async () => {
		const { clock, transport, run } = setup(PROVIDERS.aiStats, (_r, _n, c) => json(200, aiStatsBody(c.now() - start >= 30_000, 20)));
		const start = clock.now();
		await run(['v1'], { pollIntervalSeconds: 2.5 });
		const gap = transport.requests[1].at - transport.requests[0].at;
		expect(gap).toBeGreaterThanOrEqual(2500);
		expect(gap).toBeLessThanOrEqual(2750);
	});

	it('adds jitter so polls of a batch do not march in step', async () => {
		const clock = new FakeClock();
		let r = 0;
		const randoms = [0, 0.99];
		const transport = new FakeTransport(clock, () => json(200, geekHubBody('x', false)));
		await clock.run(
			pollJobs(['x'], { mode: 'wait', pollIntervalSeconds: 10, maxWaitSeconds: 25 }, {
				adapter: PROVIDERS.geekHub, baseUrl: BASE, transport, clock, random: () => randoms[r++ % 2], budgets: new BudgetRegistry(),
			}),
		);
		const gaps = transport.requests.slice(1).map((q, i) => q.at - transport.requests[i].at);
		expect(gaps[0]).toBe(10_000);
		expect(gaps[1]).toBe(10_990);
	});
});

describe('429 rate limited', () => {
	it('waits as Retry-After says, counts it, and does not fail', async () => {
		const { transport, run } = setup(PROVIDERS.poe, (_r, n) =>
			n <= 2
				? json(429, { error: { message: 'Rate limit exceeded', type: 'rate_limit_error', code: 'rate_limit_exceeded' } }, { 'retry-after': '7' })
				: json(200, { id: 'v', object: 'video', status: 'completed', progress: 100, created_at: 1782415166, completed_at: 1782415200 }),
		);
		const [outcome] = await run(['v']);
		expect(outcome.error).toBeNull();
		expect(outcome.job!.status).toBe('completed');
		expect(outcome.job!.polling.rateLimited).toBe(2);
		expect(outcome.job!.polling.attempts).toBe(3);
		expect(transport.requests[1].at - transport.requests[0].at).toBeGreaterThanOrEqual(7000);
		expect(transport.requests[2].at - transport.requests[1].at).toBeGreaterThanOrEqual(7000);
	});

	it("waits until ReelBot's details.resetAt when there is no Retry-After", async () => {
		const { clock, transport, run } = setup(PROVIDERS.reelBot, (_r, n, c) =>
			n === 1
				? json(429, { success: false, message: 'Rate limit exceeded.', code: 'RATE_LIMITED', details: { resetAt: new Date(c.now() + 42_000).toISOString() } })
				: n === 2
					? json(200, { status: 'completed', message: 'done', createdAt: '2025-01-21T16:30:00.000Z', outputKey: 'k.mp4' })
					: json(200, { success: true, downloadUrl: 'https://s3.example/k.mp4?X-Amz-Date=20250121T163000Z&X-Amz-Expires=3600', expiresAt: '2025-01-21T17:30:00.000Z' }),
		);
		const start = clock.now();
		const [outcome] = await run(['p1']);
		expect(transport.requests[1].at - start).toBeGreaterThanOrEqual(42_000);
		expect(outcome.job!.polling.rateLimited).toBe(1);
	});

	it('keeps waiting through 429s until the deadline, then reports a timeout rather than a rate-limit failure', async () => {
		const { run } = setup(PROVIDERS.poe, () => json(429, { error: { message: 'slow down', type: 'rate_limit_error' } }, { 'retry-after': '30' }));
		const [outcome] = await run(['v'], { maxWaitSeconds: 120 });
		expect(outcome.error?.kind).toBe('timeout');
		expect(outcome.job).toBeNull();
	});
});

describe('transient failures', () => {
	it('retries 5xx with growing backoff, then succeeds', async () => {
		const { transport, run } = setup(PROVIDERS.geekHub, (_r, n) =>
			n <= 3 ? json(502, { error: { message: 'provider error', type: 'upstream', code: 'provider_error' } }) : json(200, geekHubBody('a', true)),
		);
		const [outcome] = await run(['a']);
		expect(outcome.job!.status).toBe('completed');
		expect(outcome.job!.polling.attempts).toBe(4);
		const gaps = transport.requests.slice(1).map((r, i) => r.at - transport.requests[i].at);
		expect(gaps[1]).toBeGreaterThan(gaps[0]);
		expect(gaps[2]).toBeGreaterThan(gaps[1]);
	});

	it('gives up after a bounded number of retries with a clear error', async () => {
		const { transport, run } = setup(PROVIDERS.geekHub, () => json(503, '<html><body>Service Unavailable</body></html>'));
		const [outcome] = await run(['a']);
		expect(outcome.error?.kind).toBe('server');
		expect(outcome.error?.message).toMatch(/GeekHub kept failing for job "a": HTTP 503/);
		expect(transport.requests.length).toBe(5);
	});

	it('retries refused connections and timeouts, then names the base URL', async () => {
		const { transport, run } = setup(PROVIDERS.hooked, (_r, n) => {
			throw new TransportError(n % 2 ? 'connect ECONNREFUSED' : 'request timed out', n % 2 ? 'ECONNREFUSED' : 'ETIMEDOUT');
		});
		const [outcome] = await run(['v']);
		expect(outcome.error?.kind).toBe('network');
		expect(outcome.error?.hint).toContain(BASE);
		expect(transport.requests.length).toBe(5);
	});
});

describe('errors that are not retried', () => {
	it.each([
		[401, 'auth', /API key/],
		[403, 'auth', /API key/],
		[404, 'notFound', /job ID/],
		[402, 'client', /not retried/],
	])('HTTP %i fails the item at once (%s)', async (status, kind, hint) => {
		const { transport, run } = setup(PROVIDERS.geekHub, () => json(status, { error: { message: 'nope', type: 'x', code: 'some_code' } }));
		const [outcome] = await run(['job-1']);
		expect(transport.requests.length).toBe(1);
		expect(outcome.error?.kind).toBe(kind);
		expect(outcome.error?.message).toContain('GeekHub');
		expect(outcome.error?.message).toContain('"job-1"');
		expect(outcome.error?.hint).toMatch(hint);
	});

	it.each(['batch', 'status'] as const)('a 401 in a batch (%s) stops asking about the other jobs: the key is wrong for all', async (schedule) => {
		const { transport, run } = setup(PROVIDERS.poe, () =>
			json(401, { error: { message: 'Invalid API key', type: 'authentication_error', code: 'invalid_api_key' } }),
		);
		const ids = Array.from({ length: 20 }, (_v, i) => `video_${i}`);
		const outcomes = await run(ids, schedule === 'status' ? { mode: 'status', concurrency: 4 } : { schedule, concurrency: 4 });
		// only the looks already in flight when the first 401 came back were sent
		expect(transport.requests.length).toBeGreaterThanOrEqual(1);
		expect(transport.requests.length).toBeLessThanOrEqual(4);
		expect(outcomes.every((o) => o.error?.kind === 'auth' && o.error.httpStatus === 401)).toBe(true);
		const asked = new Set(transport.requests.map(idOf));
		const first = outcomes.find((o) => asked.has(o.jobId))!;
		for (const outcome of outcomes.filter((o) => !asked.has(o.jobId))) {
			expect(outcome.error!.message).toBe(`Poe job "${outcome.jobId}" was not checked: the provider refused the API key for job "${first.error!.jobId}" in the same batch (HTTP 401)`);
			expect(outcome.error!.hint).toMatch(/API key/);
		}
	});

	it('a 403 does not stop the batch: Hooked also answers 403 for another team\'s job', async () => {
		const { transport, run } = setup(PROVIDERS.hooked, (req) =>
			idOf(req) === 'theirs'
				? json(403, { success: false, message: 'Forbidden' })
				: json(200, { success: true, data: { id: idOf(req), status: 'COMPLETED', url: 'https://cdn.example/v.mp4', progress: 100 } }),
		);
		const outcomes = await run(['theirs', 'mine']);
		expect(outcomes.map((o) => o.error?.kind ?? o.job?.status)).toEqual(['auth', 'completed']);
		expect(new Set(transport.requests.map(idOf))).toEqual(new Set(['theirs', 'mine']));
	});

	it('AI Stats 501 not_implemented says the capability is off, without retrying', async () => {
		const { transport, run } = setup(PROVIDERS.aiStats, () =>
			json(501, { status_code: 501, error: 'not_implemented', error_type: 'not_implemented', description: 'Video routes are temporarily disabled' }),
		);
		const [outcome] = await run(['v1']);
		expect(transport.requests.length).toBe(1);
		expect(outcome.error?.kind).toBe('unavailable');
		expect(outcome.error?.message).toMatch(/AI Stats has video status switched off \(HTTP 501/);
	});
});

describe('odd bodies', () => {
	it('an unknown status word keeps the wait going at the normal cadence, reported verbatim', async () => {
		const { clock, transport } = setup(PROVIDERS.poe, (_r, _n, c) =>
			json(200, { id: 'v', object: 'video', status: c.now() - start < 60_000 ? 'rendering' : 'completed', progress: 50, created_at: 1782415166 }),
		);
		const start = clock.now();
		const seen: string[] = [];
		const outcomes = await clock.run(
			pollJobs(['v'], { mode: 'wait', pollIntervalSeconds: null, maxWaitSeconds: 900 }, {
				adapter: PROVIDERS.poe, baseUrl: BASE, transport, clock, random: () => 0, budgets: new BudgetRegistry(),
				onUpdate: (_i, job) => seen.push(job.providerStatus),
			}),
		);
		expect(seen[0]).toBe('rendering');
		expect(outcomes[0].job!.status).toBe('completed');
		// 5 s cadence over 60 s: about 13 requests, not a spin.
		expect(transport.requests.length).toBeGreaterThanOrEqual(12);
		expect(transport.requests.length).toBeLessThanOrEqual(14);
	});

	it('an HTML body is a clear error with an excerpt', async () => {
		const { run } = setup(PROVIDERS.hooked, () => json(200, '<!DOCTYPE html><html><head><title>Login</title></head></html>'));
		const [outcome] = await run(['v']);
		expect(outcome.error?.kind).toBe('shape');
		expect(outcome.error?.message).toContain('Hooked');
		expect(outcome.error?.hint).toContain('<!DOCTYPE html>');
	});
});

describe('deadline', () => {
	it('at maxWait the job is reported timed out with its last status', async () => {
		const { clock, run } = setup(PROVIDERS.geekHub, () => json(200, geekHubBody('a', false)));
		const start = clock.now();
		const [outcome] = await run(['a'], { maxWaitSeconds: 100 });
		expect(clock.now() - start).toBeLessThanOrEqual(100_000);
		expect(outcome.error?.kind).toBe('timeout');
		expect(outcome.job!.providerStatus).toBe('processing');
		expect(outcome.job!.polling.timedOut).toBe(true);
		expect(outcome.job!.done).toBe(false);
	});

	it('no request may outlive the deadline: its timeout shrinks to the time left (at least 1 s)', async () => {
		const { clock, transport, run } = setup(PROVIDERS.geekHub, () => json(200, geekHubBody('a', false)));
		const start = clock.now();
		await run(['a'], { maxWaitSeconds: 100, requestTimeoutSeconds: 60 });
		expect(transport.requests.length).toBeGreaterThan(2);
		for (const request of transport.requests) {
			const left = start + 100_000 - request.at;
			expect(request.timeoutMs).toBe(Math.max(1000, Math.min(60_000, left)));
		}
		// the first looks get the full 60 s; the last one only what was left of the 100 s
		expect(transport.requests[0].timeoutMs).toBe(60_000);
		expect(transport.requests.at(-1)!.timeoutMs).toBeLessThan(60_000);
	});

	it('a job that ends failed is reported with the provider text, not as a request error', async () => {
		const { run } = setup(PROVIDERS.geekHub, () => json(200, geekHubBody('a', true, true)));
		const [outcome] = await run(['a']);
		expect(outcome.error).toBeNull();
		expect(outcome.job!.status).toBe('failed');
		expect(outcome.job!.error?.message).toContain('fal status: ERROR');
	});
});

describe('cancel', () => {
	it('stopping ends the wait at once and leaves no timer behind', async () => {
		const clock = new FakeClock();
		const controller = new AbortController();
		const transport = new FakeTransport(clock, () => json(200, geekHubBody('a', false)));
		const promise = pollJobs(['a', 'b'], { mode: 'wait', pollIntervalSeconds: null, maxWaitSeconds: 900, schedule: 'eager' }, {
			adapter: PROVIDERS.geekHub, baseUrl: BASE, transport, clock, random: () => 0, budgets: new BudgetRegistry(), signal: controller.signal,
		});
		const settled = promise.catch((e) => e);
		await clock.advanceTo(clock.now() + 20_000);
		expect(clock.pendingTimers).toBeGreaterThan(0);
		const requestsBefore = transport.requests.length;
		controller.abort();
		const error = await settled;
		expect(error).toBeInstanceOf(CancelledError);
		expect(clock.pendingTimers).toBe(0);
		expect(transport.requests.length).toBe(requestsBefore);
		expect(transport.requests.every((r) => r.signal === controller.signal)).toBe(true);
	});
});

describe('job IDs', () => {
	it('encodes the ID as one path segment', async () => {
		const { transport, run } = setup(PROVIDERS.geekHub, () => json(200, geekHubBody('x', true)));
		await run(['a/b?c=d#e f']);
		expect(transport.requests[0].url).toBe(`${BASE}/v1/videos/a%2Fb%3Fc%3Dd%23e%20f`);
	});

	it('an empty ID is an error before any request', async () => {
		const { transport, run } = setup(PROVIDERS.geekHub, () => json(200, geekHubBody('x', true)));
		const outcomes = await run(['', '  ', 'ok']);
		expect(outcomes[0].error?.kind).toBe('input');
		expect(outcomes[1].error?.kind).toBe('input');
		expect(outcomes[0].error?.message).toMatch(/No job ID for GeekHub in item 0/);
		expect(outcomes[2].job?.status).toBe('completed');
		expect(transport.requests.map((r) => r.url)).toEqual([`${BASE}/v1/videos/ok`]);
	});
});

describe('ReelBot completion', () => {
	it('one download-endpoint call fills videoUrl and its expiry', async () => {
		const { transport, run } = setup(PROVIDERS.reelBot, (req) =>
			req.url.includes('/download/')
				? json(200, { success: true, downloadUrl: 'https://s3.example/v.mp4?sig=1', expiresAt: '2025-01-21T17:33:22.000Z' })
				: json(200, { status: 'completed', message: 'ok', createdAt: '2025-01-21T16:30:00.000Z', updatedAt: '2025-01-21T16:33:22.000Z', outputKey: 'users/abc/v.mp4' }),
		);
		const [outcome] = await run(['proj1']);
		expect(transport.to('/api/v1/video/download/proj1').length).toBe(1);
		expect(outcome.job!.videoUrl).toBe('https://s3.example/v.mp4?sig=1');
		expect(outcome.job!.videoUrlExpiresAt).toBe('2025-01-21T17:33:22.000Z');
		expect(outcome.job!.polling.attempts).toBe(2);
	});
});
