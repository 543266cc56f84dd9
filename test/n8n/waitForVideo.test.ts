/**
 * The built node inside real n8n (n8n-core's WorkflowExecute), against the provider simulator
 * on 127.0.0.1: each provider's happy path and failure, errors and "On Error", deadline,
 * rate limits, retries and cancel.
 */
import { startSimulator, type Simulator } from '../../simulator';
import { COMPLETED_WORD, FAILED_WORD, PROVIDERS, everything, jsonOf, runPoller } from './support';

jest.setTimeout(60_000);

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ seed: 7 });
	// Warm up: the first run loads n8n-core; later runs start polling at once.
	await runPoller(sim, { provider: 'geekHub', jobIds: [sim.createJob({ provider: 'geekHub', durationMs: 1 }).id] });
});
afterAll(async () => {
	await sim.close();
});

const near = (iso: string | null, ms: number) => iso !== null && Math.abs(Date.parse(iso) - ms) < 1000;

describe.each(PROVIDERS)('%s', (provider) => {
	it('waits for a job that goes queued → processing → completed and outputs the contract fields', async () => {
		const job = sim.createJob({ provider, durationMs: 4000, queuedMs: 500, videoSeconds: 8 });
		const result = await runPoller(sim, { provider, jobIds: [job.id] });
		expect(result.error).toBeUndefined();
		const [out] = jsonOf(result.items);
		const record = sim.job(job.id);
		expect(out).toMatchObject({
			provider,
			jobId: job.id,
			status: 'completed',
			providerStatus: COMPLETED_WORD[provider],
			done: true,
			progress: 100,
			error: null,
		});
		expect(Object.keys(out)).toEqual([
			'provider', 'jobId', 'status', 'providerStatus', 'done', 'progress', 'videoUrl', 'videoUrlRequiresAuth',
			'videoUrlExpiresAt', 'thumbnailUrl', 'durationSeconds', 'model', 'createdAt', 'updatedAt', 'completedAt', 'error', 'polling',
		]);
		expect(typeof out.videoUrl).toBe('string');
		expect(out.videoUrlRequiresAuth).toBe(provider === 'poe');
		// ReelBot's status body carries no length.
		expect(out.durationSeconds).toBe(provider === 'reelBot' ? null : 8);
		expect(near(out.createdAt, record.createdAt)).toBe(true);
		// More than one look was needed: the job was still running at first.
		expect(record.statusRequests).toBeGreaterThanOrEqual(2);
		expect(out.polling.attempts).toBeGreaterThanOrEqual(2);
		expect(out.polling).toMatchObject({ rateLimited: 0, timedOut: false });
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		if (provider === 'geekHub' || provider === 'aiStats' || provider === 'poe') {
			expect(out.model).toBe(record.model);
			expect(near(out.completedAt, record.terminalAt)).toBe(true);
		}
		if (provider === 'reelBot') {
			// One call to the download endpoint filled the URL and its expiry.
			expect(record.otherRequests).toBe(1);
			expect(out.videoUrl.startsWith(sim.storageUrl)).toBe(true);
			expect(out.videoUrlExpiresAt).not.toBeNull();
		}
		if (provider === 'hooked') {
			expect(out.videoUrl.startsWith(sim.storageUrl)).toBe(true);
			// Signed URL: the expiry comes from its own X-Amz-Date + X-Amz-Expires.
			const url = new URL(out.videoUrl);
			const date = url.searchParams.get('X-Amz-Date')!;
			const start = Date.parse(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
			expect(Date.parse(out.videoUrlExpiresAt)).toBe(start + Number(url.searchParams.get('X-Amz-Expires')) * 1000);
		}
		if (provider === 'poe') expect(out.videoUrl).toBe(`${sim.baseUrls.poe}/v1/videos/${job.id}/content`);
	});

	it('a failed job is an item error by default, and a normal item with "On Job Failure: Output Item"', async () => {
		const job = sim.createJob({ provider, durationMs: 800, outcome: 'failed', errorMessage: `render broke for ${provider}` });
		const failing = await runPoller(sim, { provider, jobIds: [job.id] });
		expect(failing.status).toBe('error');
		expect(failing.error?.message).toContain(job.id);
		expect(failing.error?.message).toContain(`render broke for ${provider}`);

		const output = await runPoller(sim, { provider, jobIds: [job.id], options: { onJobFailure: 'output' } });
		const [out] = jsonOf(output.items);
		expect(out).toMatchObject({ status: 'failed', providerStatus: FAILED_WORD[provider], done: true, videoUrl: null });
		expect(out.error.message).toContain(`render broke for ${provider}`);
	});
});

describe('a batch', () => {
	it('waits for every item together and keeps item order and pairing', async () => {
		const durations = [2500, 600, 1800, 300, 1200];
		const jobs = durations.map((durationMs) => sim.createJob({ provider: 'poe', durationMs }));
		const result = await runPoller(sim, { provider: 'poe', jobIds: jobs.map((j) => j.id) });
		const out = jsonOf(result.items);
		expect(out.map((o) => o.jobId)).toEqual(jobs.map((j) => j.id));
		expect(out.every((o) => o.status === 'completed')).toBe(true);
		expect(result.items.map((i) => i.pairedItem)).toEqual(jobs.map((_j, item) => ({ item })));
		// Waited together: the jobs that ended early were confirmed with one or two looks each.
		const requests = jobs.map((j) => sim.job(j.id).statusRequests);
		expect(requests.reduce((a, b) => a + b, 0)).toBeLessThan(jobs.length * 6);
	});

	it('with n8n\'s "Retry On Fail" on, a finished batch costs one look per job per run', async () => {
		const jobs = [0, 0].map((durationMs) => sim.createJob({ provider: 'aiStats', durationMs }));
		const result = await runPoller(sim, {
			provider: 'aiStats',
			jobIds: jobs.map((j) => j.id),
			nodeSettings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 },
		});
		expect(jsonOf(result.items).map((o) => [o.status, o.error])).toEqual([['completed', null], ['completed', null]]);
		// n8n 2.8 treats the contract's `error: null` on the first item as a failure and runs the node
		// maxTries times (README, "Retry On Fail"); later n8n runs it once.
		const runs = result.versions.n8nWorkflow.startsWith('2.8.') ? 3 : 1;
		expect(jobs.map((j) => sim.job(j.id).statusRequests)).toEqual([runs, runs]);
	});

	it('reads the credential once per execution, however many requests it authenticates', async () => {
		const jobs = [1500, 400, 900].map((durationMs) => sim.createJob({ provider: 'hooked', durationMs }));
		const result = await runPoller(sim, { provider: 'hooked', jobIds: jobs.map((j) => j.id) });
		expect(jsonOf(result.items).every((o) => o.status === 'completed')).toBe(true);
		const count = (method: string) => result.credentialCalls.filter((c) => c.method === method && c.type === 'hookedApi').length;
		const requests = jobs.reduce((sum, j) => sum + sim.job(j.id).statusRequests, 0);
		expect(requests).toBeGreaterThan(jobs.length);
		// n8n adds the key to every request, but decrypts the stored credential only once
		expect(count('authenticate')).toBe(requests);
		expect(count('getDecrypted')).toBe(1);
	});
});

describe('errors', () => {
	it('a wrong key fails at once, names provider and job, and never shows the key', async () => {
		const job = sim.createJob({ provider: 'geekHub', durationMs: 500 });
		const key = 'sk-WRONG-KEY-0123456789-secret';
		const result = await runPoller(sim, { provider: 'geekHub', jobIds: [job.id], apiKey: key });
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('GeekHub refused the request');
		expect(result.error?.message).toContain(job.id);
		expect(result.error?.description).toContain('API key');
		expect(sim.job(job.id).statusRequests).toBe(1);
		expect(everything(result)).not.toContain(key);
	});

	it('with "On Error: Continue", bad items carry the error and the good ones are not lost', async () => {
		const good = sim.createJob({ provider: 'hooked', durationMs: 400 });
		const result = await runPoller(sim, { provider: 'hooked', jobIds: [good.id, '', 'no-such-video'], onError: 'continueRegularOutput' });
		const out = jsonOf(result.items);
		expect(out).toHaveLength(3);
		expect(out[0]).toMatchObject({ jobId: good.id, status: 'completed' });
		expect(out[1].error.message).toMatch(/No job ID for Hooked in item 1/);
		expect(out[2].error.message).toMatch(/Hooked has no job "no-such-video"/);
		expect(out[2].error.code).toBeTruthy();
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('with "On Error: Continue (using error output)", failed jobs go to the error output', async () => {
		const ok = sim.createJob({ provider: 'reelBot', durationMs: 400 });
		const bad = sim.createJob({ provider: 'reelBot', durationMs: 400, outcome: 'failed' });
		const result = await runPoller(sim, { provider: 'reelBot', jobIds: [ok.id, bad.id], onError: 'continueErrorOutput' });
		expect(jsonOf(result.items).map((o) => o.jobId)).toEqual([ok.id]);
		// n8n keeps only the message on the error output.
		const errors = result.errorItems ?? [];
		expect(errors).toHaveLength(1);
		expect(errors[0].json.error).toContain(`ReelBot job "${bad.id}" ended failed`);
		expect(errors[0].pairedItem).toEqual({ item: 1 });
	});

	it('AI Stats with video routes disabled (501) says so without retrying', async () => {
		const job = sim.createJob({ provider: 'aiStats', durationMs: 400 });
		sim.setFaults('aiStats', { notImplemented: true });
		try {
			const result = await runPoller(sim, { provider: 'aiStats', jobIds: [job.id] });
			expect(result.error?.message).toMatch(/AI Stats has video status switched off \(HTTP 501/);
			expect(sim.job(job.id).statusRequests).toBe(1);
		} finally {
			sim.setFaults('aiStats', {});
		}
	});

	it("Hooked's 403 for another team's video is an auth error that says what to check", async () => {
		const job = sim.createJob({ provider: 'hooked', durationMs: 400, faults: { otherTeam: true } });
		const result = await runPoller(sim, { provider: 'hooked', jobIds: [job.id] });
		expect(result.error?.message).toContain('HTTP 403');
		expect(result.error?.description).toMatch(/same account or team/);
	});

	it('an HTML page instead of JSON is a clear error with an excerpt', async () => {
		const job = sim.createJob({ provider: 'poe', durationMs: 400, faults: { html: { count: 1, status: 200 } } });
		const result = await runPoller(sim, { provider: 'poe', jobIds: [job.id] });
		expect(result.error?.message).toMatch(/Poe answered job ".*" with something that is not a video status/);
		expect(result.error?.description).toMatch(/<html|<!DOCTYPE/i);
	});
});

describe('polite waiting', () => {
	it('429s are waited out and counted, then the job completes', async () => {
		const job = sim.createJob({ provider: 'reelBot', durationMs: 600, faults: { rateLimit: { count: 2, retryAfterSeconds: 1 } } });
		const result = await runPoller(sim, { provider: 'reelBot', jobIds: [job.id] });
		const [out] = jsonOf(result.items);
		expect(out.status).toBe('completed');
		expect(out.polling.rateLimited).toBe(2);
	});

	it('5xx bursts and dropped connections are retried, then the job completes', async () => {
		const job = sim.createJob({ provider: 'geekHub', durationMs: 600, faults: { serverErrors: { count: 2, status: 502 }, drop: 1 } });
		const result = await runPoller(sim, { provider: 'geekHub', jobIds: [job.id] });
		const [out] = jsonOf(result.items);
		expect(out.status).toBe('completed');
		expect(out.polling.attempts).toBeGreaterThanOrEqual(4);
	});

	it('an unknown status word is reported verbatim and waited through', async () => {
		const job = sim.createJob({ provider: 'aiStats', durationMs: 60_000 });
		sim.setJobFaults(job.id, { unknownStatus: { count: 1000, word: 'rendering' } });
		const result = await runPoller(sim, { provider: 'aiStats', jobIds: [job.id], options: { maxWait: 1, onTimeout: 'returnLastStatus' } });
		const [out] = jsonOf(result.items);
		expect(out).toMatchObject({ status: 'processing', providerStatus: 'rendering', done: false });
		expect(out.polling.timedOut).toBe(true);
	});

	it('at the deadline: an item error by default, or the last status with "Return Last Status"', async () => {
		const job = sim.createJob({ provider: 'poe', durationMs: 120_000, queuedMs: 100 });
		const failing = await runPoller(sim, { provider: 'poe', jobIds: [job.id], options: { maxWait: 1 } });
		expect(failing.error?.message).toMatch(/did not end within 1 s \(last status: in_progress\)/);
		const result = await runPoller(sim, { provider: 'poe', jobIds: [job.id], options: { maxWait: 1, onTimeout: 'returnLastStatus' } });
		const [out] = jsonOf(result.items);
		expect(out).toMatchObject({ status: 'processing', providerStatus: 'in_progress', done: false });
		expect(out.polling.timedOut).toBe(true);
		expect(out.progress).toBeGreaterThanOrEqual(0);
	});

	it('stopping the execution ends the wait at once and no more requests are made', async () => {
		const job = sim.createJob({ provider: 'geekHub', durationMs: 600_000 });
		const controller = new AbortController();
		const running = runPoller(sim, { provider: 'geekHub', jobIds: [job.id], signal: controller.signal, options: { pollInterval: 0.5 } });
		await waitFor(() => sim.job(job.id).statusRequests >= 2);
		controller.abort();
		const result = await running;
		expect(result.cancel?.nodeReturnedWithinGrace).toBe(true);
		const after = sim.job(job.id).statusRequests;
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(sim.job(job.id).statusRequests).toBe(after);
	});
});

describe('get status and raw', () => {
	it('Get Status looks once and reports the job as it is now', async () => {
		const job = sim.createJob({ provider: 'hooked', durationMs: 60_000, queuedMs: 100 });
		await new Promise((resolve) => setTimeout(resolve, 300));
		const result = await runPoller(sim, { provider: 'hooked', jobIds: [job.id], operation: 'getStatus', options: { includeRaw: true } });
		const [out] = jsonOf(result.items);
		expect(out).toMatchObject({ status: 'processing', providerStatus: 'STARTED', done: false, videoUrl: null });
		expect(out.polling.attempts).toBe(1);
		expect(out.raw.data.id).toBe(job.id);
		expect(sim.job(job.id).statusRequests).toBe(1);
	});
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
