import { geekHub, geekHubIntervalForModel } from '../../../src/providers/geekHub';
import type { JobSnapshot } from '../../../src/providers/types';
import { commonShapeChecks, fixture } from './helpers';

describe('GeekHub adapter', () => {
	it('identity, auth header, request, rate limit', () => {
		expect(geekHub.id).toBe('geekHub');
		expect(geekHub.credentialType).toBe('geekHubApi');
		expect(geekHub.defaultBaseUrl).toBe('https://api.geekhub.mx');
		expect(geekHub.authHeaders('sk-1')).toEqual({ Authorization: 'Bearer sk-1' });
		expect(geekHub.statusRequest('e8c96506-72a1-429f-a7ed-4bb0a42541be')).toEqual({
			method: 'GET',
			path: '/v1/videos/e8c96506-72a1-429f-a7ed-4bb0a42541be',
		});
		expect(geekHub.statusRateLimit).toEqual({ requests: 120, perSeconds: 60 });
		expect(geekHub.downloadRateLimit).toBeUndefined();
		expect(geekHub.completeJob).toBeUndefined();
	});

	it('seed "processing" example', () => {
		const body = fixture('geekHub-processing');
		const snap = geekHub.parseStatus(body, 'e8c96506-72a1-429f-a7ed-4bb0a42541be');
		expect(snap).toEqual<JobSnapshot>({
			status: 'processing',
			providerStatus: 'processing',
			progress: null,
			videoUrl: null,
			videoUrlRequiresAuth: false,
			videoUrlExpiresAt: null,
			thumbnailUrl: null,
			durationSeconds: 5,
			model: 'fal/kling-2',
			createdAt: '2026-06-25T19:19:26.000Z',
			updatedAt: null,
			completedAt: null,
			error: null,
			pollAfterSeconds: null,
			raw: fixture('geekHub-processing'),
		});
	});

	it('seed "completed" example: own storage URL, no expiry, progress 100', () => {
		const snap = geekHub.parseStatus(fixture('geekHub-completed'), 'x');
		expect(snap.status).toBe('completed');
		expect(snap.progress).toBe(100);
		expect(snap.videoUrl).toBe(
			'https://supabase.geekhub.mx/storage/v1/object/public/generated-videos/<org>/<job>/video.mp4',
		);
		expect(snap.videoUrlRequiresAuth).toBe(false);
		expect(snap.videoUrlExpiresAt).toBeNull();
		expect(snap.createdAt).toBe('2026-06-25T19:19:26.000Z');
		expect(snap.completedAt).toBe('2026-06-25T19:32:34.000Z');
		expect(snap.error).toBeNull();
	});

	it('seed "failed" example (sparse body): error string, code null', () => {
		const snap = geekHub.parseStatus(fixture('geekHub-failed'), 'x');
		expect(snap.status).toBe('failed');
		expect(snap.providerStatus).toBe('failed');
		expect(snap.error).toEqual({ message: 'fal status: ERROR', code: null });
		expect(snap.model).toBeNull();
		expect(snap.durationSeconds).toBeNull();
		expect(snap.createdAt).toBeNull();
		expect(snap.completedAt).toBe('2026-06-25T19:32:34.000Z');
		expect(snap.progress).toBeNull();
	});

	it('fallback: the provider\'s signed URL gets its X-Amz expiry', () => {
		const snap = geekHub.parseStatus(fixture('geekHub-variant-completed-fallback-signed-url'), 'x');
		expect(snap.videoUrl).toMatch(/^https:\/\/provider-bucket\.s3/);
		// X-Amz-Date 20260625T193234Z + 3600 s
		expect(snap.videoUrlExpiresAt).toBe('2026-06-25T20:32:34.000Z');
		expect(snap.videoUrlRequiresAuth).toBe(false);
	});

	it('pending → queued; a failed job without error text gets a message', () => {
		const snap = geekHub.parseStatus({ status: 'pending', created: 1782415166 }, 'x');
		expect(snap.status).toBe('queued');
		expect(snap.providerStatus).toBe('pending');
		const failed = geekHub.parseStatus({ status: 'failed', error: null }, 'x');
		expect(failed.error).toEqual({ message: 'GeekHub reported the job as "failed" without a message', code: null });
	});

	it('timestamps: unix ms and ISO strings are normalized too', () => {
		const snap = geekHub.parseStatus(
			{ status: 'completed', created: 1782415166000, completed: '2026-06-25T19:32:34Z' },
			'x',
		);
		expect(snap.createdAt).toBe('2026-06-25T19:19:26.000Z');
		expect(snap.completedAt).toBe('2026-06-25T19:32:34.000Z');
	});

	it('a video_url of the wrong type is a shape error with its path', () => {
		expect(() => geekHub.parseStatus({ status: 'completed', video_url: 42 }, 'x')).toThrow(
			'Unexpected status response from GeekHub: JSON of an unexpected shape (video_url: Expected string, received number). Received: {"status":"completed","video_url":42}',
		);
	});

	describe('automaticInterval from the per-model table', () => {
		it.each([
			['fal/kling-2', 15],
			['Kling 2.1 Master', 15],
			['fal/hailuo-02', 15],
			['minimax/hailuo-02', 15],
			['runway/gen4-turbo', 10],
			['Runway Gen-4', 10],
			['luma/ray-2', 10],
			['fal/veo-3.1', 30],
			['Veo 3.1 (with audio)', 30],
			['google/veo3.1-fast', 30],
			['fal/veo-3', 20],
			['veo3', 20],
			['some/new-model', 15],
		])('%s → %i s', (model, seconds) => {
			expect(geekHubIntervalForModel(model)).toBe(seconds);
			const snap = geekHub.parseStatus({ status: 'processing', model }, 'x');
			expect(geekHub.automaticInterval(snap)).toBe(seconds);
		});
		it('no snapshot yet / no model → 15', () => {
			expect(geekHub.automaticInterval(null)).toBe(15);
			expect(geekHub.automaticInterval(geekHub.parseStatus({ status: 'processing' }, 'x'))).toBe(15);
		});
	});

	describe('parseError', () => {
		it('429 {error:{message,type,code}}', () => {
			expect(geekHub.parseError(429, fixture('geekHub-variant-error-429'))).toEqual({
				code: 'rate_limit_exceeded',
				message: 'Rate limit exceeded, slow down',
				resetAt: null,
			});
		});
		it('code null falls back to type', () => {
			expect(geekHub.parseError(402, fixture('geekHub-variant-error-402'))).toEqual({
				code: 'billing_error',
				message: 'Insufficient balance',
				resetAt: null,
			});
		});
	});

	commonShapeChecks(geekHub, 'GeekHub', (status) => ({ status, model: 'fal/kling-2' }), 'status');
});
