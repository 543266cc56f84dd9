import { hooked } from '../../../src/providers/hooked';
import type { JobSnapshot } from '../../../src/providers/types';
import { commonShapeChecks, fixture, shapeError } from './helpers';

describe('Hooked adapter', () => {
	it('identity, auth header, request, rate limit', () => {
		expect(hooked.id).toBe('hooked');
		expect(hooked.credentialType).toBe('hookedApi');
		expect(hooked.defaultBaseUrl).toBe('https://api.hooked.so');
		expect(hooked.authHeaders('hk')).toEqual({ 'x-api-key': 'hk' });
		expect(hooked.statusRequest('vid_abc123')).toEqual({ method: 'GET', path: '/v1/video/vid_abc123' });
		expect(hooked.statusRateLimit).toEqual({ requests: 60, perSeconds: 60 });
		expect(hooked.automaticInterval(null)).toBe(5);
	});

	it('seed "COMPLETED" example (unsigned URL: no expiry known)', () => {
		const snap = hooked.parseStatus(fixture('hooked-completed'), 'vid_abc123');
		expect(snap).toEqual<JobSnapshot>({
			status: 'completed',
			providerStatus: 'COMPLETED',
			progress: 100,
			videoUrl: 'https://s3.amazonaws.com/hooked-videos/vid_abc123.mp4',
			videoUrlRequiresAuth: false,
			videoUrlExpiresAt: null,
			thumbnailUrl: 'https://cdn.hooked.so/thumbnails/abc123.jpg',
			durationSeconds: 300,
			model: null,
			createdAt: '2024-01-15T10:00:00.000Z',
			updatedAt: '2024-01-15T10:05:00.000Z',
			completedAt: null,
			error: null,
			pollAfterSeconds: null,
			raw: fixture('hooked-completed'),
		});
	});

	it('signed S3 URL → expiry from X-Amz-Date + X-Amz-Expires; duration from frames / 25', () => {
		const snap = hooked.parseStatus(fixture('hooked-variant-completed-signed'), 'vid_abc123');
		expect(snap.videoUrlExpiresAt).toBe('2024-01-16T10:05:00.000Z');
		expect(snap.durationSeconds).toBe(30); // 750 frames
		expect(snap.videoUrlRequiresAuth).toBe(false);
	});

	it('STARTED → processing with progress; its status message is not an error', () => {
		const snap = hooked.parseStatus(fixture('hooked-variant-started'), 'vid_abc123');
		expect(snap.status).toBe('processing');
		expect(snap.providerStatus).toBe('STARTED');
		expect(snap.progress).toBe(37);
		expect(snap.videoUrl).toBeNull();
		expect(snap.thumbnailUrl).toBeNull();
		expect(snap.durationSeconds).toBe(300); // 7500 frames
		expect(snap.error).toBeNull();
	});

	it('draft → queued', () => {
		const snap = hooked.parseStatus(fixture('hooked-variant-draft'), 'vid_abc123');
		expect(snap.status).toBe('queued');
		expect(snap.providerStatus).toBe('draft');
	});

	it('FAILED → the data.message as error', () => {
		const snap = hooked.parseStatus(fixture('hooked-variant-failed'), 'vid_abc123');
		expect(snap.status).toBe('failed');
		expect(snap.progress).toBe(60);
		expect(snap.error).toEqual({ message: 'Avatar rendering failed: voice track missing', code: null });
	});

	it('FAILED without a message → a message naming the status', () => {
		const snap = hooked.parseStatus({ success: true, data: { status: 'FAILED', message: null } }, 'v');
		expect(snap.error).toEqual({ message: 'Hooked reported the job as "FAILED" without a message', code: null });
	});

	it('the envelope is required: a flat video object is a shape error', () => {
		const flat = (fixture('hooked-completed') as { data: object }).data;
		const err = shapeError(() => hooked.parseStatus(flat, 'v'));
		expect(err.message).toContain('Hooked');
		expect(err.message).toContain('success: Invalid literal value, expected true');
		expect(err.message).toContain('data: Required');
	});

	it('a 2xx {success:false, message} is a shape error carrying the message', () => {
		const err = shapeError(() => hooked.parseStatus(fixture('hooked-error-not-found'), 'v'));
		expect(err.message).toContain('Hooked');
		expect(err.excerpt).toBe('{"success":false,"message":"Video not found"}');
	});

	describe('parseError', () => {
		it.each([
			['hooked-error-not-found', 404, 'Video not found'],
			['hooked-error-other-team', 403, 'Video does not belong to the user'],
			['hooked-error-unauthorized', 403, 'Not authenticated'],
		])('%s', (name, status, message) => {
			expect(hooked.parseError(status, fixture(name))).toEqual({ code: null, message, resetAt: null });
		});
	});

	commonShapeChecks(hooked, 'Hooked', (status) => ({ success: true, message: 'ok', data: { id: 'v', status } }), 'data');
});
