/**
 * The provider simulator (simulator/): timelines, shapes, auth, storage rules, faults, limits.
 */
import { createHash } from 'node:crypto';
import { startSimulator, videoBytesFor, type ProviderId, type Simulator } from '../../simulator';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Sleep until an absolute time (epoch ms): timeline checks aim at the job's own schedule. */
const until = (t: number): Promise<void> => sleep(Math.max(0, t - Date.now()));

function auth(sim: Simulator, provider: ProviderId, key = sim.keys[provider]): Record<string, string> {
	if (provider === 'reelBot') return { 'X-API-Key': key };
	if (provider === 'hooked') return { 'x-api-key': key };
	return { Authorization: `Bearer ${key}` };
}

async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: any }> {
	const res = await fetch(url, { headers });
	const text = await res.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		/* not JSON */
	}
	return { status: res.status, headers: res.headers, body };
}

async function getBytes(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
	const res = await fetch(url, { headers });
	return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const status = (sim: Simulator, provider: ProviderId, id: string): Promise<{ status: number; headers: Headers; body: any }> =>
	getJson(sim.job(id).statusUrl, auth(sim, provider));

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('simulator', () => {
	let sim: Simulator;
	beforeEach(async () => {
		sim = await startSimulator({ seed: 7 });
	});
	afterEach(async () => {
		await sim.close();
	});

	// Phases last seconds, not hundreds of ms: the first look must land in "queued" and the second
	// in "processing" even on a busy machine.
	describe('happy path timelines', () => {
		test('GeekHub: pending → processing → completed, public non-expiring video_url', async () => {
			const job = sim.createJob({ provider: 'geekHub', durationMs: 5000, queuedMs: 2000, model: 'google/veo-3.1', videoBytes: 5000 });
			expect(job.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
			let r = await status(sim, 'geekHub', job.id);
			expect(r.status).toBe(200);
			expect(r.body).toMatchObject({ id: job.id, object: 'video.job', status: 'pending', model: 'google/veo-3.1', video_url: null, error: null, completed: null });
			expect(r.body.created).toBe(Math.floor(job.createdAt / 1000));
			await until(job.startedAt + 50);
			r = await status(sim, 'geekHub', job.id);
			expect(r.body.status).toBe('processing');
			expect(r.body).not.toHaveProperty('progress');
			await until(job.terminalAt + 10);
			r = await status(sim, 'geekHub', job.id);
			expect(r.body.status).toBe('completed');
			expect(typeof r.body.completed).toBe('number');
			expect(r.body.video_url).toBe(`${sim.storageUrl}/public/generated-videos/sim-org/${job.id}/video.mp4`);
			const file = await getBytes(r.body.video_url);
			expect(file.status).toBe(200);
			expect(file.headers.get('content-type')).toBe('video/mp4');
			expect(file.bytes.equals(videoBytesFor(job.id, 5000))).toBe(true);
			const rec = sim.job(job.id);
			expect(rec.statusRequests).toBe(3);
			expect(rec.finishedAt).toBe(rec.terminalAt);
			expect(rec.firstTerminalServedAt).not.toBeNull();
			expect(rec.firstTerminalServedAt!).toBeGreaterThanOrEqual(rec.terminalAt);
			expect(rec.storageRequests).toBe(1);
			expect(rec.videoSha256).toBe(sha(file.bytes));
		});

		test('GeekHub failure and fallbackUrl variant', async () => {
			const failed = sim.createJob({ provider: 'geekHub', durationMs: 0, outcome: 'failed' });
			expect((await status(sim, 'geekHub', failed.id)).body).toMatchObject({ status: 'failed', video_url: null, error: 'fal status: ERROR' });
			const cancelled = sim.createJob({ provider: 'geekHub', durationMs: 0, outcome: 'cancelled' });
			expect((await status(sim, 'geekHub', cancelled.id)).body.status).toBe('failed');

			const fb = sim.createJob({ provider: 'geekHub', durationMs: 0, variant: 'fallbackUrl' });
			const url = new URL((await status(sim, 'geekHub', fb.id)).body.video_url);
			expect(url.origin).toBe(sim.storageUrl);
			expect(url.pathname).toBe(`/bucket/geekhub/${fb.id}.mp4`);
			expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
			expect((await getBytes(url.toString())).status).toBe(200);
		});

		test('AI Stats: queued → processing (progress, poll_after_seconds) → completed with signed and byte access', async () => {
			const job = sim.createJob({ provider: 'aiStats', durationMs: 5000, queuedMs: 2000, videoBytes: 3000 });
			let r = await status(sim, 'aiStats', job.id);
			expect(r.body).toMatchObject({ id: job.id, object: 'video', status: 'queued', progress: 0, started_at: null, completed_at: null, poll_after_seconds: 10, output_access: 'both', outputs: [], error: null });
			await until(job.startedAt + 200);
			r = await status(sim, 'aiStats', job.id);
			expect(r.body.status).toBe('processing');
			expect(r.body.progress).toBeGreaterThan(0);
			expect(r.body.progress).toBeLessThan(100);
			expect(r.body.poll_after_seconds).toBe(20);
			expect(typeof r.body.started_at).toBe('number');
			await until(job.terminalAt + 10);
			r = await status(sim, 'aiStats', job.id);
			expect(r.body).toMatchObject({ status: 'completed', progress: 100, poll_after_seconds: null });
			expect(r.body.asset).toMatchObject({ mime_type: 'video/mp4', bytes: 3000, sha256: sha(videoBytesFor(job.id, 3000)) });
			expect(r.body.outputs).toHaveLength(1);
			const dl = new URL(r.body.download_url);
			expect(dl.origin).toBe(sim.storageUrl);
			expect(r.body.expires_at).toBe(Math.floor(Date.parse(iso8601(dl.searchParams.get('X-Amz-Date')!)) / 1000) + 3600);
			expect((await getBytes(r.body.download_url)).bytes.equals(videoBytesFor(job.id, 3000))).toBe(true);
			expect(r.body.content_url).toBe(`${sim.baseUrls.aiStats}/v1/videos/${job.id}/content`);
			expect((await getBytes(r.body.content_url)).status).toBe(401);
			const content = await getBytes(r.body.content_url, auth(sim, 'aiStats'));
			expect(content.status).toBe(200);
			expect(content.bytes.equals(videoBytesFor(job.id, 3000))).toBe(true);
			expect(sim.job(job.id).otherRequests).toBe(2);
		});

		test('AI Stats variants: legacy, bytes-only, outputsOnly, error string, cancelled/expired', async () => {
			const legacy = sim.createJob({ provider: 'aiStats', durationMs: 10_000, queuedMs: 5000, variant: 'legacy' });
			let body = (await status(sim, 'aiStats', legacy.id)).body;
			expect(body.video_id).toBe(legacy.id);
			expect(body).not.toHaveProperty('id');
			expect(body.status).toBe('pending');
			const legacy2 = sim.createJob({ provider: 'aiStats', durationMs: 10_000, queuedMs: 0, variant: ['legacy'] });
			expect((await status(sim, 'aiStats', legacy2.id)).body.status).toBe('in_progress');

			const bytes = sim.createJob({ provider: 'aiStats', durationMs: 0, variant: 'bytes' });
			body = (await status(sim, 'aiStats', bytes.id)).body;
			expect(body.output_access).toBe('bytes');
			expect(body).not.toHaveProperty('download_url');
			expect(body.content_url).toBeDefined();

			const signed = sim.createJob({ provider: 'aiStats', durationMs: 0, variant: ['signed_url', 'outputsOnly'] });
			body = (await status(sim, 'aiStats', signed.id)).body;
			expect(body).not.toHaveProperty('download_url');
			expect(body).not.toHaveProperty('content_url');
			expect(body.outputs[0].download_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/bucket\/aistats\//);
			expect(body.outputs[0]).not.toHaveProperty('content_url');
			expect((await getBytes(`${sim.baseUrls.aiStats}/v1/videos/${signed.id}/content`, auth(sim, 'aiStats'))).status).toBe(404);

			const failed = sim.createJob({ provider: 'aiStats', durationMs: 0, outcome: 'failed' });
			expect((await status(sim, 'aiStats', failed.id)).body.error).toEqual({ code: 'provider_error', message: expect.any(String) });
			const failedStr = sim.createJob({ provider: 'aiStats', durationMs: 0, outcome: 'failed', variant: 'errorString', errorMessage: 'boom' });
			expect((await status(sim, 'aiStats', failedStr.id)).body.error).toBe('boom');
			for (const outcome of ['cancelled', 'expired'] as const) {
				const j = sim.createJob({ provider: 'aiStats', durationMs: 0, outcome });
				expect((await status(sim, 'aiStats', j.id)).body.status).toBe(outcome);
			}
			const notReady = sim.createJob({ provider: 'aiStats', durationMs: 60_000 });
			const early = await getJson(`${sim.baseUrls.aiStats}/v1/videos/${notReady.id}/content`, auth(sim, 'aiStats'));
			expect(early.status).toBe(409);
			expect(early.body.error).toBe('video_not_ready');
		});

		test('ReelBot: queued (no updatedAt) → processing → completed (outputKey), download gives fresh signed URLs', async () => {
			const job = sim.createJob({ provider: 'reelBot', durationMs: 5000, queuedMs: 2000, videoBytes: 4096 });
			expect(job.id).toMatch(/^[0-9a-f]{24}$/);
			let r = await status(sim, 'reelBot', job.id);
			expect(r.body).toEqual({ status: 'queued', message: 'Video is queued for processing', createdAt: new Date(job.createdAt).toISOString() });
			expect(r.headers.get('x-ratelimit-limit')).toBe('60');
			expect(r.headers.get('x-ratelimit-remaining')).toBe('59');
			expect(Number(r.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
			const dlUrl = `${sim.baseUrls.reelBot}/api/v1/video/download/${job.id}`;
			const notReady = await getJson(dlUrl, auth(sim, 'reelBot'));
			expect(notReady.status).toBe(400);
			expect(notReady.body).toMatchObject({ success: false, code: 'VIDEO_NOT_READY' });
			expect(notReady.headers.get('x-ratelimit-limit')).toBe('30');
			await until(job.startedAt + 50);
			r = await status(sim, 'reelBot', job.id);
			expect(r.body.status).toBe('processing');
			expect(r.body.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
			await until(job.terminalAt + 10);
			r = await status(sim, 'reelBot', job.id);
			expect(r.body.status).toBe('completed');
			expect(r.body.outputKey).toMatch(new RegExp(`video-${job.id}\\.mp4$`));
			expect(r.body).not.toHaveProperty('error');
			const dl1 = await getJson(dlUrl, auth(sim, 'reelBot'));
			expect(dl1.status).toBe(200);
			expect(dl1.body).toMatchObject({ success: true, downloadUrl: expect.stringContaining(sim.storageUrl), expiresAt: expect.any(String) });
			expect(Date.parse(dl1.body.expiresAt) - Date.now()).toBeGreaterThan(3_590_000);
			await sleep(1000);
			const dl2 = await getJson(dlUrl, auth(sim, 'reelBot'));
			expect(dl2.body.downloadUrl).not.toBe(dl1.body.downloadUrl);
			const file = await getBytes(dl2.body.downloadUrl);
			expect(file.bytes.equals(videoBytesFor(job.id, 4096))).toBe(true);

			const failed = sim.createJob({ provider: 'reelBot', durationMs: 0, outcome: 'failed', errorMessage: 'Failed to render' });
			expect((await status(sim, 'reelBot', failed.id)).body).toMatchObject({ status: 'failed', error: 'Failed to render' });
		});

		test('Poe: queued → in_progress → completed, content variants', async () => {
			const job = sim.createJob({ provider: 'poe', durationMs: 5000, queuedMs: 2000, videoBytes: 2048 });
			let r = await status(sim, 'poe', job.id);
			expect(r.body).toMatchObject({ id: job.id, object: 'video', status: 'queued', progress: 0, completed_at: null, expires_at: null, error: null });
			expect(r.headers.get('x-ratelimit-limit-requests')).toBe('500');
			expect(r.headers.get('x-ratelimit-remaining-requests')).toBe('499');
			expect(r.headers.get('x-ratelimit-reset-requests')).toMatch(/^(\d+ms|[\d.]+s|\d+m[\d.]+s)$/);
			await until(job.startedAt + 50);
			r = await status(sim, 'poe', job.id);
			expect(r.body.status).toBe('in_progress');
			await until(job.terminalAt + 10);
			r = await status(sim, 'poe', job.id);
			expect(r.body).toMatchObject({ status: 'completed', progress: 100 });
			expect(r.body.expires_at).toBe(Math.floor(sim.job(job.id).terminalAt / 1000) + 86400);
			const base = `${sim.baseUrls.poe}/v1/videos/${job.id}/content`;
			expect((await getBytes(base)).status).toBe(401);
			const video = await getBytes(base, auth(sim, 'poe'));
			expect(video.headers.get('content-type')).toBe('video/mp4');
			expect(video.bytes.equals(videoBytesFor(job.id, 2048))).toBe(true);
			const thumb = await getBytes(`${base}?variant=thumbnail`, auth(sim, 'poe'));
			expect(thumb.headers.get('content-type')).toBe('image/jpeg');
			expect(thumb.bytes.subarray(0, 3).toString('hex')).toBe('ffd8ff');
			expect((await getBytes(`${base}?variant=spritesheet`, auth(sim, 'poe'))).status).toBe(200);
			const bad = await getJson(`${base}?variant=gif`, auth(sim, 'poe'));
			expect(bad.status).toBe(400);
			expect(bad.body.error.type).toBe('invalid_request_error');

			const failed = sim.createJob({ provider: 'poe', durationMs: 0, outcome: 'failed' });
			expect((await status(sim, 'poe', failed.id)).body.error).toEqual({ code: expect.any(String), message: expect.any(String) });
		});

		test('Hooked: STARTED (progress) → COMPLETED under /v1 and /api/v1, signed url + thumbnail', async () => {
			const job = sim.createJob({ provider: 'hooked', durationMs: 5000, queuedMs: 100, videoBytes: 1500 });
			let r = await status(sim, 'hooked', job.id);
			expect(r.body).toMatchObject({ success: true, message: 'Video details fetched successfully', data: { id: job.id, status: 'STARTED', url: null } });
			await until(job.startedAt + 300);
			r = await getJson(`${sim.baseUrls.hooked}/api/v1/video/${job.id}`, auth(sim, 'hooked'));
			expect(r.body.data.status).toBe('STARTED');
			expect(r.body.data.progress).toBeGreaterThan(0);
			await until(job.terminalAt + 10);
			r = await status(sim, 'hooked', job.id);
			expect(r.body.data).toMatchObject({ status: 'COMPLETED', progress: 100, durationInSeconds: 30, durationInFrames: 750 });
			const url = new URL(r.body.data.url);
			expect(url.searchParams.get('X-Amz-Expires')).toBe('86400');
			expect((await getBytes(url.toString())).bytes.equals(videoBytesFor(job.id, 1500))).toBe(true);
			const thumb = await getBytes(r.body.data.thumbnail);
			expect(thumb.headers.get('content-type')).toBe('image/jpeg');
			expect(sim.job(job.id).statusRequests).toBe(3);

			const failed = sim.createJob({ provider: 'hooked', durationMs: 0, outcome: 'failed', errorMessage: 'Rendering failed' });
			expect((await status(sim, 'hooked', failed.id)).body.data).toMatchObject({ status: 'FAILED', message: 'Rendering failed', url: null });
		});
	});

	describe('auth and not found', () => {
		const cases: Array<[ProviderId, number, (b: any) => void]> = [
			['geekHub', 401, (b) => expect(b.error).toMatchObject({ message: expect.any(String), type: expect.any(String), code: expect.any(String) })],
			['aiStats', 401, (b) => expect(b).toMatchObject({ status_code: 401, error: expect.any(String), error_type: expect.any(String), description: expect.any(String) })],
			['reelBot', 401, (b) => expect(b).toMatchObject({ success: false, code: 'UNAUTHORIZED' })],
			['poe', 401, (b) => expect(b.error).toMatchObject({ type: 'authentication_error' })],
			['hooked', 403, (b) => expect(b).toEqual({ success: false, message: 'Not authenticated' })],
		];
		test.each(cases)('%s rejects a wrong key, a missing key and the wrong header', async (provider, code, check) => {
			const job = sim.createJob({ provider, durationMs: 0 });
			const wrong = await getJson(job.statusUrl, auth(sim, provider, 'nope'));
			expect(wrong.status).toBe(code);
			check(wrong.body);
			expect((await getJson(job.statusUrl)).status).toBe(code);
			const otherHeader: Record<string, string> = provider === 'reelBot' || provider === 'hooked' ? { Authorization: `Bearer ${sim.keys[provider]}` } : { 'x-api-key': sim.keys[provider] };
			expect((await getJson(job.statusUrl, otherHeader)).status).toBe(code);
			expect(sim.stats().providers[provider].authFailures).toBe(3);
			expect((await getJson(job.statusUrl, auth(sim, provider))).status).toBe(200);
		});

		test('Bearer without the scheme is refused', async () => {
			const job = sim.createJob({ provider: 'poe', durationMs: 0 });
			expect((await getJson(job.statusUrl, { Authorization: sim.keys.poe })).status).toBe(401);
		});

		test.each([
			['geekHub', '/v1/videos/missing', (b: any) => expect(b.error.code).toBe('not_found')],
			['aiStats', '/v1/videos/missing', (b: any) => expect(b).toMatchObject({ status_code: 404, error: 'not_found' })],
			['reelBot', '/api/v1/video/status/missing', (b: any) => expect(b).toEqual({ success: false, message: 'Project not found', code: 'NOT_FOUND' })],
			['poe', '/v1/videos/missing', (b: any) => expect(b.error.type).toBe('not_found')],
			['hooked', '/v1/video/missing', (b: any) => expect(b).toEqual({ success: false, message: 'Video not found' })],
		] as Array<[ProviderId, string, (b: any) => void]>)('%s: unknown id → its own 404', async (provider, path, check) => {
			const r = await getJson(`${sim.baseUrls[provider]}${path}`, auth(sim, provider));
			expect(r.status).toBe(404);
			check(r.body);
		});

		test("a job of another provider is not found; Hooked: another team's video is 403", async () => {
			const poeJob = sim.createJob({ provider: 'poe', durationMs: 0 });
			expect((await getJson(`${sim.baseUrls.aiStats}/v1/videos/${poeJob.id}`, auth(sim, 'aiStats'))).status).toBe(404);
			const h = sim.createJob({ provider: 'hooked', durationMs: 0, faults: { otherTeam: true } });
			const r = await status(sim, 'hooked', h.id);
			expect(r.status).toBe(403);
			expect(r.body).toEqual({ success: false, message: 'Video does not belong to the user' });
		});
	});

	describe('storage host', () => {
		async function completedHookedUrl(): Promise<{ id: string; url: string }> {
			const job = sim.createJob({ provider: 'hooked', durationMs: 0, videoBytes: 1000 });
			return { id: job.id, url: (await status(sim, 'hooked', job.id)).body.data.url };
		}

		test('refuses requests carrying Authorization or x-api-key, and logs header names only', async () => {
			const { url } = await completedHookedUrl();
			const withAuth = await fetch(url, { headers: { Authorization: `Bearer ${sim.keys.hooked}` } });
			expect(withAuth.status).toBe(400);
			const xml = await withAuth.text();
			expect(xml).toContain('<Code>InvalidArgument</Code>');
			expect(xml).toContain('Only one auth mechanism allowed');
			expect(xml).not.toContain(sim.keys.hooked);
			expect((await fetch(url, { headers: { 'x-api-key': sim.keys.hooked } })).status).toBe(400);
			expect((await fetch(url, { headers: { 'X-Custom': 'fine' } })).status).toBe(200);
			const st = sim.stats().storage;
			expect(st.refusedAuth).toBe(2);
			expect(st.log.map((e) => e.status)).toEqual([400, 400, 200]);
			expect(st.log[0]!.headerNames).toContain('authorization');
			expect(st.log[1]!.headerNames).toContain('x-api-key');
			expect(st.log[2]!.headerNames).toContain('x-custom');
			expect(st.log[2]!.headerNames).not.toContain('authorization');
			expect(JSON.stringify(st)).not.toContain(sim.keys.hooked);
		});

		test('HEAD, Range and a tampered signature', async () => {
			const { id, url } = await completedHookedUrl();
			const head = await fetch(url, { method: 'HEAD' });
			expect(head.status).toBe(200);
			expect(head.headers.get('content-length')).toBe('1000');
			expect(head.headers.get('content-type')).toBe('video/mp4');
			const part = await getBytes(url, { Range: 'bytes=100-199' });
			expect(part.status).toBe(206);
			expect(part.headers.get('content-range')).toBe('bytes 100-199/1000');
			expect(part.bytes.equals(videoBytesFor(id, 1000).subarray(100, 200))).toBe(true);
			const tampered = new URL(url);
			tampered.searchParams.set('X-Amz-Expires', '999999');
			const bad = await fetch(tampered);
			expect(bad.status).toBe(403);
			expect(await bad.text()).toContain('SignatureDoesNotMatch');
			const unsigned = await fetch(url.split('?')[0]!);
			expect(unsigned.status).toBe(403);
		});

		test('a signed URL stops working at its expiry (scaled lifetime)', async () => {
			await sim.close();
			sim = await startSimulator({ timeScale: 3600 }); // ReelBot's 1 h → 1 s
			const job = sim.createJob({ provider: 'reelBot', durationMs: 0 });
			const dl = await getJson(`${sim.baseUrls.reelBot}/api/v1/video/download/${job.id}`, auth(sim, 'reelBot'));
			const url = new URL(dl.body.downloadUrl);
			expect(url.searchParams.get('X-Amz-Expires')).toBe('1');
			const expiresAt = Date.parse(dl.body.expiresAt);
			if (Date.now() < expiresAt - 50) expect((await fetch(url)).status).toBe(200);
			await sleep(Math.max(0, expiresAt - Date.now()) + 20);
			const late = await fetch(url);
			expect(late.status).toBe(403);
			const xml = await late.text();
			expect(xml).toContain('<Code>AccessDenied</Code>');
			expect(xml).toContain('Request has expired');
			expect(sim.stats().storage.expired).toBe(1);
		});

		test('linkTimeScale keeps real link lifetimes while jobs run fast', async () => {
			await sim.close();
			sim = await startSimulator({ timeScale: 20_000, linkTimeScale: 1 });
			const reel = sim.createJob({ provider: 'reelBot', durationMs: 0 });
			const dl = await getJson(`${sim.baseUrls.reelBot}/api/v1/video/download/${reel.id}`, auth(sim, 'reelBot'));
			expect(new URL(dl.body.downloadUrl).searchParams.get('X-Amz-Expires')).toBe('3600');
			const poeJob = sim.createJob({ provider: 'poe', durationMs: 0 });
			const pb = (await status(sim, 'poe', poeJob.id)).body;
			// Poe keeps content 24 h after completion
			expect(pb.expires_at - pb.completed_at).toBeGreaterThanOrEqual(86_399);
			await expect(startSimulator({ linkTimeScale: 0 })).rejects.toThrow(/linkTimeScale must be a positive number/);
		});

		test('expiredUrl fault: links already expired, or 410 Gone', async () => {
			const job = sim.createJob({ provider: 'hooked', durationMs: 0, faults: { expiredUrl: true } });
			const url = (await status(sim, 'hooked', job.id)).body.data.url;
			const r = await fetch(url);
			expect(r.status).toBe(403);
			expect(await r.text()).toContain('Request has expired');
			const gone = sim.createJob({ provider: 'aiStats', durationMs: 0, faults: { expiredUrl: 'gone' } });
			const body = (await status(sim, 'aiStats', gone.id)).body;
			expect((await fetch(body.download_url)).status).toBe(410);
			expect((await fetch(body.content_url, { headers: auth(sim, 'aiStats') })).status).toBe(410);
			const poeJob = sim.createJob({ provider: 'poe', durationMs: 0, faults: { expiredUrl: true } });
			const pb = (await status(sim, 'poe', poeJob.id)).body;
			expect(pb.expires_at * 1000).toBeLessThan(Date.now());
			expect((await fetch(`${sim.baseUrls.poe}/v1/videos/${poeJob.id}/content`, { headers: auth(sim, 'poe') })).status).toBe(404);
		});

		test('streams a large video without corruption', async () => {
			const size = 20 * 1024 * 1024 + 3;
			const job = sim.createJob({ provider: 'geekHub', durationMs: 0, videoBytes: size });
			const url = (await status(sim, 'geekHub', job.id)).body.video_url;
			const res = await fetch(url);
			expect(res.headers.get('content-length')).toBe(String(size));
			const hash = createHash('sha256');
			let n = 0;
			for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
				hash.update(chunk);
				n += chunk.length;
			}
			expect(n).toBe(size);
			expect(hash.digest('hex')).toBe(sim.job(job.id).videoSha256);
			const head = videoBytesFor(job.id, 64);
			expect(head.subarray(4, 8).toString('latin1')).toBe('ftyp');
		}, 30_000);
	});

	describe('faults', () => {
		test('rateLimit: each provider answers 429 with its own body and retry hint', async () => {
			const checks: Record<ProviderId, (r: { body: any; headers: Headers }) => void> = {
				geekHub: (r) => {
					expect(r.body.error.code).toBe('rate_limit_exceeded');
					expect(r.headers.get('retry-after')).toBe('2');
				},
				aiStats: (r) => {
					expect(r.body.status_code).toBe(429);
					expect(r.headers.get('retry-after')).toBe('2');
				},
				reelBot: (r) => {
					expect(r.body).toMatchObject({ success: false, code: 'RATE_LIMITED', details: { resetAt: expect.any(String) } });
					expect(r.headers.get('retry-after')).toBe('2');
					expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
				},
				poe: (r) => {
					expect(r.body.error.type).toBe('rate_limit_error');
					expect(r.headers.get('x-ratelimit-remaining-requests')).toBe('0');
					expect(r.headers.get('x-ratelimit-reset-requests')).toMatch(/^(2s|1\.\d+s|\d+ms)$/);
				},
				hooked: (r) => {
					expect(r.body.success).toBe(false);
					expect(r.headers.get('retry-after')).toBe('2');
				},
			};
			for (const provider of Object.keys(checks) as ProviderId[]) {
				const job = sim.createJob({ provider, durationMs: 0, faults: { rateLimit: { count: 1, retryAfterSeconds: 2 } } });
				const r = await status(sim, provider, job.id);
				expect(r.status).toBe(429);
				checks[provider](r);
				expect((await status(sim, provider, job.id)).status).toBe(200);
				expect(sim.job(job.id).rateLimited).toBe(1);
				expect(sim.stats().providers[provider].rateLimited).toBe(1);
			}
		});

		test('serverErrors, html, unknownStatus, drop, slowMs', async () => {
			const job = sim.createJob({
				provider: 'geekHub',
				durationMs: 0,
				faults: { serverErrors: { count: 1, status: 502 }, html: 1, unknownStatus: { count: 1, word: 'rendering' } },
			});
			let r = await status(sim, 'geekHub', job.id);
			expect(r.status).toBe(502);
			expect(r.body.error).toMatchObject({ code: expect.any(String) });
			r = await status(sim, 'geekHub', job.id);
			expect(r.status).toBe(502);
			expect(r.headers.get('content-type')).toContain('text/html');
			expect(String(r.body)).toContain('<html>');
			r = await status(sim, 'geekHub', job.id);
			expect(r.status).toBe(200);
			expect(r.body.status).toBe('rendering');
			expect(sim.job(job.id).firstTerminalServedAt).toBeNull();
			r = await status(sim, 'geekHub', job.id);
			expect(r.body.status).toBe('completed');
			expect(sim.job(job.id).firstTerminalServedAt).not.toBeNull();

			const page200 = sim.createJob({ provider: 'poe', durationMs: 0, faults: { html: { count: 1, status: 200 } } });
			r = await status(sim, 'poe', page200.id);
			expect(r.status).toBe(200);
			expect(r.headers.get('content-type')).toContain('text/html');

			const dropped = sim.createJob({ provider: 'reelBot', durationMs: 0, faults: { drop: 1 } });
			await expect(fetch(sim.job(dropped.id).statusUrl, { headers: auth(sim, 'reelBot') })).rejects.toThrow();
			expect((await status(sim, 'reelBot', dropped.id)).status).toBe(200);
			expect(sim.stats().providers.reelBot.dropped).toBe(1);

			const slow = sim.createJob({ provider: 'hooked', durationMs: 0, faults: { slowMs: { count: 1, ms: 300 } } });
			const t0 = Date.now();
			expect((await status(sim, 'hooked', slow.id)).status).toBe(200);
			expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
			// the fault was used up: the next answer is not held back
			expect(sim.job(slow.id).faults).toEqual({});
			expect((await status(sim, 'hooked', slow.id)).status).toBe(200);
		});

		test('provider-wide faults (setFaults), AI Stats notImplemented, scope any', async () => {
			sim.setFaults('aiStats', { notImplemented: true });
			const a = sim.createJob({ provider: 'aiStats', durationMs: 0 });
			let r = await status(sim, 'aiStats', a.id);
			expect(r.status).toBe(501);
			expect(r.body).toMatchObject({ status_code: 501, error: 'not_implemented' });
			r = await getJson(`${sim.baseUrls.aiStats}/v1/videos/whatever`, auth(sim, 'aiStats'));
			expect(r.status).toBe(501);
			sim.setFaults('aiStats', {});
			expect((await status(sim, 'aiStats', a.id)).status).toBe(200);

			sim.setFaults('poe', { serverErrors: { count: 2, status: 503 } });
			const p1 = sim.createJob({ provider: 'poe', durationMs: 0 });
			const p2 = sim.createJob({ provider: 'poe', durationMs: 0 });
			expect((await status(sim, 'poe', p1.id)).status).toBe(503);
			expect((await status(sim, 'poe', p2.id)).status).toBe(503);
			expect((await status(sim, 'poe', p1.id)).status).toBe(200);

			const rb = sim.createJob({ provider: 'reelBot', durationMs: 0, faults: { scope: 'any', serverErrors: 1 } });
			const dl = await getJson(`${sim.baseUrls.reelBot}/api/v1/video/download/${rb.id}`, auth(sim, 'reelBot'));
			expect(dl.status).toBe(500);
			expect(dl.body.code).toBe('INTERNAL_ERROR');
			expect((await getJson(`${sim.baseUrls.reelBot}/api/v1/video/download/${rb.id}`, auth(sim, 'reelBot'))).status).toBe(200);

			expect(() => sim.setFaults('poe', { bogus: 1 } as never)).toThrow(/unknown fault/);
		});
	});

	describe('rate limits', () => {
		test('ReelBot status 60/min: 61st is 429, window scaled by timeScale', async () => {
			await sim.close();
			sim = await startSimulator({ timeScale: 12 }); // 1 min → 5 s: room for 61 looks on a busy machine
			const job = sim.createJob({ provider: 'reelBot', durationMs: 0 });
			const codes: number[] = [];
			let last: { status: number; headers: Headers; body: any } | undefined;
			for (let i = 0; i < 61; i++) {
				last = await status(sim, 'reelBot', job.id);
				codes.push(last.status);
			}
			expect(codes.filter((c) => c === 200)).toHaveLength(60);
			expect(last!.status).toBe(429);
			expect(last!.body).toMatchObject({ code: 'RATE_LIMITED', details: { resetAt: expect.any(String) } });
			const retryAfter = Number(last!.headers.get('retry-after'));
			expect(retryAfter).toBeGreaterThan(0);
			expect(retryAfter).toBeLessThanOrEqual(5);
			expect(sim.stats().providers.reelBot.rateLimited).toBe(1);
			await sleep(retryAfter * 1000 + 20);
			expect((await status(sim, 'reelBot', job.id)).status).toBe(200);
		});

		test('Hooked 60/min at timeScale 1, Retry-After an integer; enforceRateLimits: false turns 429s off', async () => {
			const job = sim.createJob({ provider: 'hooked', durationMs: 0 });
			for (let i = 0; i < 60; i++) await status(sim, 'hooked', job.id);
			const r = await status(sim, 'hooked', job.id);
			expect(r.status).toBe(429);
			expect(r.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);

			await sim.close();
			sim = await startSimulator({ enforceRateLimits: false });
			const j2 = sim.createJob({ provider: 'reelBot', durationMs: 0 });
			for (let i = 0; i < 65; i++) expect((await status(sim, 'reelBot', j2.id)).status).toBe(200);
			expect((await status(sim, 'reelBot', j2.id)).headers.get('x-ratelimit-remaining')).toBe('0');
		});
	});

	describe('creation, control API, determinism', () => {
		test('provider create endpoints make jobs (with _sim overrides)', async () => {
			const post = (provider: ProviderId, path: string, body: unknown): Promise<{ status: number; body: any }> =>
				fetch(`${sim.baseUrls[provider]}${path}`, {
					method: 'POST',
					headers: { ...auth(sim, provider), 'Content-Type': 'application/json' },
					body: JSON.stringify(body),
				}).then(async (r) => ({ status: r.status, body: await r.json() }));
			const g = await post('geekHub', '/v1/videos/generations', { model: 'runway/gen-4', prompt: 'cat', duration: 5, _sim: { durationMs: 0 } });
			expect(g.body).toMatchObject({ object: 'video.job', model: 'runway/gen-4' });
			expect((await status(sim, 'geekHub', g.body.id)).body.status).toBe('completed');
			const a = await post('aiStats', '/v1/videos', { model: 'veo', prompt: 'dog' });
			expect(a.body.status).toBe('queued');
			const rb = await post('reelBot', '/api/v1/video/generate', { videoType: 'short', topic: 'bees' });
			expect(rb.body).toMatchObject({ success: true, projectId: expect.any(String) });
			const p = await post('poe', '/v1/videos', { model: 'Sora-2', prompt: 'x', seconds: 4 });
			expect(p.body).toMatchObject({ object: 'video', status: 'queued', seconds: 4 });
			const h = await post('hooked', '/api/v1/project/create/script-to-video', { script: 'Hello' });
			expect(h.body).toMatchObject({ success: true, data: { videoId: expect.stringMatching(/^vid_/) } });
			expect((await post('geekHub', '/v1/videos/generations', { prompt: 'no model' })).status).toBe(400);
			expect(sim.stats().jobs.total).toBe(5);
		});

		test('control HTTP API', async () => {
			const root = sim.rootUrl;
			const created = await fetch(`${root}/_sim/jobs`, { method: 'POST', body: JSON.stringify({ provider: 'poe', durationMs: 0, id: 'video_fixed' }) });
			expect(created.status).toBe(201);
			expect(await created.json()).toMatchObject({ id: 'video_fixed', provider: 'poe', videoSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
			const dup = await fetch(`${root}/_sim/jobs`, { method: 'POST', body: JSON.stringify({ provider: 'poe', id: 'video_fixed' }) });
			expect(dup.status).toBe(400);
			expect((await fetch(`${root}/_sim/jobs`, { method: 'POST', body: JSON.stringify({ provider: 'nope' }) })).status).toBe(400);
			await fetch(`${root}/_sim/faults`, { method: 'POST', body: JSON.stringify({ jobId: 'video_fixed', faults: { rateLimit: 1 } }) });
			expect((await status(sim, 'poe', 'video_fixed')).status).toBe(429);
			await fetch(`${root}/_sim/faults`, { method: 'POST', body: JSON.stringify({ provider: 'poe', faults: { serverErrors: 1 } }) });
			expect((await status(sim, 'poe', 'video_fixed')).status).toBe(500);
			const rec = await (await fetch(`${root}/_sim/jobs/video_fixed`)).json();
			expect(rec).toMatchObject({ statusRequests: 2, rateLimited: 1, status: 'completed', providerStatus: 'completed' });
			const stats = (await (await fetch(`${root}/_sim/stats`)).json()) as any;
			expect(stats.providers.poe).toMatchObject({ requests: 2, rateLimited: 1, serverErrors: 1 });
			expect((await fetch(`${root}/_sim/reset`, { method: 'POST' })).status).toBe(200);
			expect((await fetch(`${root}/_sim/jobs/video_fixed`)).status).toBe(404);
			expect(sim.stats().jobs.total).toBe(0);
		});

		test('the same seed gives the same ids and durations; timeScale divides drawn durations', async () => {
			const a = await startSimulator({ seed: 42 });
			const b = await startSimulator({ seed: 42, timeScale: 10 });
			try {
				const ja = a.createJob({ provider: 'geekHub', model: 'fal/kling-2' });
				const jb = b.createJob({ provider: 'geekHub', model: 'fal/kling-2' });
				expect(jb.id).toBe(ja.id);
				expect(ja.durationMs).toBeGreaterThanOrEqual(120_000);
				expect(ja.durationMs).toBeLessThan(300_000);
				expect(jb.durationMs).toBeCloseTo(ja.durationMs / 10, 5);
				const rb = a.createJob({ provider: 'reelBot' });
				expect(rb.queuedMs).toBeLessThan(30_000);
				expect(rb.durationMs - rb.queuedMs).toBeGreaterThanOrEqual(60_000);
				expect(rb.durationMs - rb.queuedMs).toBeLessThan(300_000);
			} finally {
				await Promise.all([a.close(), b.close()]);
			}
		});

		test('close() ends kept-alive connections and in-flight slow answers promptly', async () => {
			const job = sim.createJob({ provider: 'poe', durationMs: 0, faults: { slowMs: { count: 1, ms: 60_000 } } });
			await status(sim, 'poe', sim.createJob({ provider: 'poe', durationMs: 0 }).id); // opens a keep-alive socket
			const pending = fetch(sim.job(job.id).statusUrl, { headers: auth(sim, 'poe') }).catch(() => 'aborted');
			await sleep(50);
			const t0 = Date.now();
			await sim.close();
			// the held answer (60 s) is cut short, not waited out
			expect(Date.now() - t0).toBeLessThan(10_000);
			expect(await pending).toBe('aborted');
		});
	});
});

/** 20261129T030352Z → 2026-11-29T03:03:52Z */
function iso8601(amz: string): string {
	return `${amz.slice(0, 4)}-${amz.slice(4, 6)}-${amz.slice(6, 8)}T${amz.slice(9, 11)}:${amz.slice(11, 13)}:${amz.slice(13, 15)}Z`;
}
