import { poe } from '../../../src/providers/poe';
import { resolveVideoUrl } from '../../../src/providers/normalize';
import type { JobSnapshot } from '../../../src/providers/types';
import { commonShapeChecks, fixture } from './helpers';

describe('Poe adapter', () => {
	it('identity, auth header, request, rate limit', () => {
		expect(poe.id).toBe('poe');
		expect(poe.credentialType).toBe('poeApi');
		expect(poe.defaultBaseUrl).toBe('https://api.poe.com');
		expect(poe.authHeaders('sk_test')).toEqual({ Authorization: 'Bearer sk_test' });
		expect(poe.statusRequest('video_abc')).toEqual({ method: 'GET', path: '/v1/videos/video_abc' });
		expect(poe.statusRateLimit).toEqual({ requests: 500, perSeconds: 60 });
		expect(poe.automaticInterval(null)).toBe(5);
		expect(poe.downloadVariants).toEqual(['video', 'thumbnail', 'spritesheet']);
	});

	it('queued', () => {
		const snap = poe.parseStatus(fixture('poe-variant-queued'), 'video_abc');
		expect(snap.status).toBe('queued');
		expect(snap.progress).toBe(0);
		expect(snap.videoUrl).toBeNull();
		expect(snap.videoUrlRequiresAuth).toBe(false);
	});

	it('in_progress → processing with the provider\'s progress', () => {
		const snap = poe.parseStatus(fixture('poe-variant-in-progress'), 'video_abc');
		expect(snap.status).toBe('processing');
		expect(snap.providerStatus).toBe('in_progress');
		expect(snap.progress).toBe(42);
		expect(snap.createdAt).toBe('2026-01-01T00:00:00.000Z');
		expect(snap.completedAt).toBeNull();
		expect(poe.automaticInterval(snap)).toBe(5);
	});

	it('completed: videoUrl is the content PATH (needs the key), expiry from expires_at', () => {
		const snap = poe.parseStatus(fixture('poe-variant-completed'), 'video_abc');
		expect(snap).toEqual<JobSnapshot>({
			status: 'completed',
			providerStatus: 'completed',
			progress: 100,
			videoUrl: '/v1/videos/video_abc/content',
			videoUrlRequiresAuth: true,
			videoUrlExpiresAt: '2026-01-02T00:03:00.000Z',
			thumbnailUrl: null,
			durationSeconds: 8,
			model: 'Sora-2',
			createdAt: '2026-01-01T00:00:00.000Z',
			updatedAt: null,
			completedAt: '2026-01-01T00:03:00.000Z',
			error: null,
			pollAfterSeconds: null,
			raw: fixture('poe-variant-completed'),
		});
		expect(resolveVideoUrl('https://api.poe.com', snap.videoUrl)).toBe('https://api.poe.com/v1/videos/video_abc/content');
		expect(resolveVideoUrl('http://127.0.0.1:8080/poe/', snap.videoUrl)).toBe(
			'http://127.0.0.1:8080/poe/v1/videos/video_abc/content',
		);
	});

	it('the content path encodes the job ID as one segment', () => {
		const snap = poe.parseStatus({ status: 'completed' }, 'a/b?c');
		expect(snap.videoUrl).toBe('/v1/videos/a%2Fb%3Fc/content');
	});

	it('failed: error object {code, message}', () => {
		const snap = poe.parseStatus(fixture('poe-variant-failed'), 'video_abc');
		expect(snap.status).toBe('failed');
		expect(snap.progress).toBe(35);
		expect(snap.videoUrl).toBeNull();
		expect(snap.error).toEqual({
			message: 'Your request was blocked by our moderation system.',
			code: 'moderation_blocked',
		});
	});

	it('ISO timestamps are accepted too', () => {
		const snap = poe.parseStatus({ status: 'completed', created_at: '2026-01-01T00:00:00+01:00' }, 'v');
		expect(snap.createdAt).toBe('2025-12-31T23:00:00.000Z');
	});

	describe('parseError', () => {
		it('429 rate_limit_error (code null → type)', () => {
			expect(poe.parseError(429, fixture('poe-variant-error-429'))).toEqual({
				code: 'rate_limit_error',
				message: 'Rate limit exceeded (500 requests per minute)',
				resetAt: null,
			});
		});
		it('404', () => {
			expect(poe.parseError(404, fixture('poe-variant-error-404'))).toEqual({
				code: 'not_found',
				message: 'Video not found',
				resetAt: null,
			});
		});
	});

	commonShapeChecks(poe, 'Poe', (status) => ({ id: 'video_abc', object: 'video', status }), 'status');
});
