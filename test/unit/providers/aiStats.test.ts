import { aiStats } from '../../../src/providers/aiStats';
import type { JobSnapshot } from '../../../src/providers/types';
import { commonShapeChecks, fixture, shapeError } from './helpers';

describe('AI Stats adapter', () => {
	it('identity, auth header, request, rate limit', () => {
		expect(aiStats.id).toBe('aiStats');
		expect(aiStats.credentialType).toBe('aiStatsApi');
		expect(aiStats.defaultBaseUrl).toBe('https://api.phaseo.app');
		expect(aiStats.authHeaders('k')).toEqual({ Authorization: 'Bearer k' });
		expect(aiStats.statusRequest('vid_01HZX')).toEqual({ method: 'GET', path: '/v1/videos/vid_01HZX' });
		expect(aiStats.statusRateLimit).toEqual({ requests: 120, perSeconds: 60 });
	});

	it('the seed example has no "status" field: a shape error that says so', () => {
		const err = shapeError(() => aiStats.parseStatus(fixture('aiStats-example'), 'x'));
		expect(err.message).toContain('AI Stats');
		expect(err.message).toContain('status: Required');
		expect(err.excerpt.startsWith('{"id":"<string>","polling_url":"<string>"')).toBe(true);
	});

	it('the seed example with a status added reads every field', () => {
		const body = { ...(fixture('aiStats-example') as object), status: 'processing' };
		const snap = aiStats.parseStatus(body, 'x');
		expect(snap).toEqual<JobSnapshot>({
			status: 'processing',
			providerStatus: 'processing',
			progress: 100, // 123 clamped
			videoUrl: '<string>', // download_url wins over content_url
			videoUrlRequiresAuth: false,
			videoUrlExpiresAt: '1970-01-01T00:02:03.000Z', // expires_at 123
			thumbnailUrl: null,
			durationSeconds: 123,
			model: '<string>',
			createdAt: '1970-01-01T00:02:03.000Z',
			updatedAt: null,
			completedAt: '1970-01-01T00:02:03.000Z',
			error: null,
			pollAfterSeconds: 20,
			raw: body,
		});
		expect(aiStats.automaticInterval(snap)).toBe(20);
	});

	it('completed with `video_id` (not `id`): signed download_url + expires_at, asset duration', () => {
		const snap = aiStats.parseStatus(fixture('aiStats-variant-completed-signed'), 'vid_01HZX');
		expect(snap.status).toBe('completed');
		expect(snap.progress).toBe(100);
		expect(snap.videoUrl).toBe('https://cdn.phaseo.app/v/vid_01HZX.mp4?sig=abc');
		expect(snap.videoUrlRequiresAuth).toBe(false);
		expect(snap.videoUrlExpiresAt).toBe('2026-01-01T01:02:00.000Z');
		expect(snap.durationSeconds).toBe(8.04);
		expect(snap.model).toBe('google/veo-3');
		expect(snap.createdAt).toBe('2026-01-01T00:00:00.000Z');
		expect(snap.completedAt).toBe('2026-01-01T00:02:00.000Z');
		expect(snap.pollAfterSeconds).toBe(20);
		expect(snap.error).toBeNull();
	});

	it('content_url only → requiresAuth true, no expiry; ISO timestamps; `seconds` as duration', () => {
		const snap = aiStats.parseStatus(fixture('aiStats-variant-completed-content-only'), 'vid_02');
		expect(snap.videoUrl).toBe('https://api.phaseo.app/v1/videos/vid_02/content');
		expect(snap.videoUrlRequiresAuth).toBe(true);
		expect(snap.videoUrlExpiresAt).toBeNull();
		expect(snap.durationSeconds).toBe(4);
		expect(snap.createdAt).toBe('2026-01-01T00:00:00.000Z');
		expect(snap.completedAt).toBe('2026-01-01T00:03:00.000Z');
		expect(snap.pollAfterSeconds).toBeNull();
		expect(aiStats.automaticInterval(snap)).toBe(5);
	});

	it('outputs[0] only: its signed download_url, expiry from X-Amz params', () => {
		const snap = aiStats.parseStatus(fixture('aiStats-variant-completed-outputs-only'), 'vid_03');
		expect(snap.videoUrl).toMatch(/^https:\/\/bucket\.s3\.amazonaws\.com\/vid_03\.mp4\?/);
		expect(snap.videoUrlRequiresAuth).toBe(false);
		expect(snap.videoUrlExpiresAt).toBe('2026-01-01T00:17:00.000Z'); // 00:02:00 + 900 s
	});

	it('outputs[0] content_url only → requiresAuth true', () => {
		const snap = aiStats.parseStatus(
			{ status: 'completed', outputs: [{ index: 0, content_url: '/v1/videos/v/content?index=0' }] },
			'v',
		);
		expect(snap.videoUrl).toBe('/v1/videos/v/content?index=0');
		expect(snap.videoUrlRequiresAuth).toBe(true);
	});

	it('older statuses: pending → queued, in_progress → processing; progress clamped', () => {
		const pending = aiStats.parseStatus(fixture('aiStats-variant-older-pending'), 'vid_04');
		expect(pending.status).toBe('queued');
		expect(pending.providerStatus).toBe('pending');
		expect(pending.progress).toBeNull();
		const running = aiStats.parseStatus(fixture('aiStats-variant-older-in-progress'), 'vid_04');
		expect(running.status).toBe('processing');
		expect(running.providerStatus).toBe('in_progress');
		expect(running.progress).toBe(100);
		expect(aiStats.automaticInterval(running)).toBe(12);
	});

	it.each([
		['queued', 'queued'],
		['processing', 'processing'],
		['completed', 'completed'],
		['failed', 'failed'],
		['cancelled', 'cancelled'],
		['expired', 'expired'],
	])('status %s → %s', (word, status) => {
		expect(aiStats.parseStatus({ id: 'v', status: word }, 'v').status).toBe(status);
	});

	it('failed with an error object → {message, code}', () => {
		const snap = aiStats.parseStatus(fixture('aiStats-variant-failed-error-object'), 'vid_05');
		expect(snap.status).toBe('failed');
		expect(snap.error).toEqual({
			message: "The prompt was rejected by the provider's safety system",
			code: 'content_policy_violation',
		});
		expect(snap.completedAt).toBe('2026-01-01T00:01:40.000Z');
	});

	it('failed with an error string → {message, code: null}', () => {
		const snap = aiStats.parseStatus(fixture('aiStats-variant-failed-error-string'), 'vid_06');
		expect(snap.error).toEqual({ message: 'Upstream provider timed out', code: null });
	});

	it('cancelled without an error → a message naming the status', () => {
		const snap = aiStats.parseStatus(fixture('aiStats-variant-cancelled'), 'vid_07');
		expect(snap.status).toBe('cancelled');
		expect(snap.error).toEqual({ message: 'AI Stats reported the job as "cancelled" without a message', code: null });
	});

	it('poll_after_seconds of 0 or absent → the 5 s default', () => {
		expect(aiStats.automaticInterval(aiStats.parseStatus({ status: 'queued', poll_after_seconds: 0 }, 'v'))).toBe(5);
		expect(aiStats.automaticInterval(null)).toBe(5);
	});

	describe('parseError', () => {
		it('current shape: error = code, description = message', () => {
			expect(aiStats.parseError(401, fixture('aiStats-error-current'))).toEqual({
				code: 'validation_error',
				message: 'Input validation failed',
				resetAt: null,
			});
		});
		it('older shape: error = message, reason = code', () => {
			expect(aiStats.parseError(401, fixture('aiStats-error-older'))).toEqual({
				code: 'error_type',
				message: 'Detailed human-readable message',
				resetAt: null,
			});
		});
		it('501 while video routes are disabled → code not_implemented', () => {
			expect(aiStats.parseError(501, fixture('aiStats-variant-error-501'))).toEqual({
				code: 'not_implemented',
				message: 'Video generation routes are temporarily disabled.',
				resetAt: null,
			});
		});
		it('a bare code word or a bare sentence in `error`', () => {
			expect(aiStats.parseError(501, { error: 'not_implemented' })).toEqual({
				code: 'not_implemented',
				message: null,
				resetAt: null,
			});
			expect(aiStats.parseError(500, { error: 'Something broke upstream' })).toEqual({
				code: null,
				message: 'Something broke upstream',
				resetAt: null,
			});
		});
		it('{error:{message, code}}', () => {
			expect(aiStats.parseError(429, { error: { message: 'slow down', code: 'rate_limit_error' } })).toEqual({
				code: 'rate_limit_error',
				message: 'slow down',
				resetAt: null,
			});
		});
	});

	commonShapeChecks(aiStats, 'AI Stats', (status) => ({ id: 'v', status }), 'status');
});
