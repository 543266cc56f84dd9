import { ResponseShapeError } from '../../../src/engine/errors';
import { reelBot } from '../../../src/providers/reelBot';
import type { JobSnapshot, ProviderCall, ProviderRequest } from '../../../src/providers/types';
import { commonShapeChecks, fixture } from './helpers';

/** A ProviderCall that records requests and answers with the given body (or rejects). */
function fakeCall(answer: unknown | Error): { call: ProviderCall; requests: ProviderRequest[] } {
	const requests: ProviderRequest[] = [];
	return {
		requests,
		call: {
			getJson: async (request) => {
				requests.push(request);
				if (answer instanceof Error) throw answer;
				return answer;
			},
		},
	};
}

describe('ReelBot adapter', () => {
	it('identity, auth header, request, rate limits', () => {
		expect(reelBot.id).toBe('reelBot');
		expect(reelBot.credentialType).toBe('reelBotApi');
		expect(reelBot.defaultBaseUrl).toBe('https://reelbot.space');
		expect(reelBot.authHeaders('rb_live_x')).toEqual({ 'X-API-Key': 'rb_live_x' });
		expect(reelBot.statusRequest('abc123def456')).toEqual({
			method: 'GET',
			path: '/api/v1/video/status/abc123def456',
		});
		expect(reelBot.statusRateLimit).toEqual({ requests: 60, perSeconds: 60 });
		expect(reelBot.downloadRateLimit).toEqual({ requests: 30, perSeconds: 3600 });
		expect(reelBot.automaticInterval(null)).toBe(4);
	});

	it('seed "queued" example', () => {
		const snap = reelBot.parseStatus(fixture('reelBot-queued'), 'p');
		expect(snap).toEqual<JobSnapshot>({
			status: 'queued',
			providerStatus: 'queued',
			progress: null,
			videoUrl: null,
			videoUrlRequiresAuth: false,
			videoUrlExpiresAt: null,
			thumbnailUrl: null,
			durationSeconds: null,
			model: null,
			createdAt: '2025-01-21T16:30:00.000Z',
			updatedAt: null,
			completedAt: null,
			error: null,
			pollAfterSeconds: null,
			raw: fixture('reelBot-queued'),
		});
		expect(reelBot.automaticInterval(snap)).toBe(4);
	});

	it('seed "processing" example', () => {
		const snap = reelBot.parseStatus(fixture('reelBot-processing'), 'p');
		expect(snap.status).toBe('processing');
		expect(snap.createdAt).toBe('2025-01-21T16:30:00.000Z');
		expect(snap.updatedAt).toBe('2025-01-21T16:30:45.000Z');
		expect(snap.error).toBeNull();
	});

	it('seed "completed" example: only outputKey, so no videoUrl yet', () => {
		const snap = reelBot.parseStatus(fixture('reelBot-completed'), 'p');
		expect(snap.status).toBe('completed');
		expect(snap.progress).toBe(100);
		expect(snap.videoUrl).toBeNull();
		expect(snap.updatedAt).toBe('2025-01-21T16:33:22.000Z');
		expect(snap.error).toBeNull();
		expect((snap.raw as { outputKey: string }).outputKey).toBe('users/abc123/output/video-xyz789.mp4');
	});

	it('seed "failed" example: the error string, code null', () => {
		const snap = reelBot.parseStatus(fixture('reelBot-failed'), 'p');
		expect(snap.status).toBe('failed');
		expect(snap.error).toEqual({ message: 'Failed to process B-roll asset: file not found', code: null });
	});

	it('failed without `error`: the status message stands in', () => {
		const snap = reelBot.parseStatus({ status: 'failed', message: 'Video generation failed' }, 'p');
		expect(snap.error).toEqual({ message: 'Video generation failed', code: null });
	});

	it('unix timestamps are normalized as well', () => {
		const snap = reelBot.parseStatus({ status: 'queued', createdAt: 1737477000, updatedAt: 1737477045000 }, 'p');
		expect(snap.createdAt).toBe('2025-01-21T16:30:00.000Z');
		expect(snap.updatedAt).toBe('2025-01-21T16:30:45.000Z');
	});

	describe('completeJob', () => {
		it('one GET on the download endpoint (download budget) fills videoUrl and expiry', async () => {
			const snap = reelBot.parseStatus(fixture('reelBot-completed'), 'a/b?c');
			const { call, requests } = fakeCall(fixture('reelBot-download'));
			const done = await reelBot.completeJob!(snap, 'a/b?c', call);
			expect(requests).toEqual([{ method: 'GET', path: '/api/v1/video/download/a%2Fb%3Fc', budget: 'download' }]);
			expect(done.videoUrl).toBe(
				'https://reelbot-assets.s3.amazonaws.com/users/abc123/output/video-xyz789.mp4?X-Amz-Algorithm=...',
			);
			expect(done.videoUrlRequiresAuth).toBe(false);
			expect(done.videoUrlExpiresAt).toBe('2025-01-21T17:30:00.000Z');
			expect(done.status).toBe('completed');
			expect(done.updatedAt).toBe('2025-01-21T16:33:22.000Z');
			expect(snap.videoUrl).toBeNull(); // the input snapshot is not mutated
		});

		it('no expiresAt in the body → expiry from the URL\'s X-Amz params', async () => {
			const snap = reelBot.parseStatus(fixture('reelBot-completed'), 'p');
			const { call } = fakeCall({
				success: true,
				downloadUrl:
					'https://reelbot-assets.s3.amazonaws.com/v.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20250121T163322Z&X-Amz-Expires=3600&X-Amz-Signature=aa',
			});
			const done = await reelBot.completeJob!(snap, 'p', call);
			expect(done.videoUrlExpiresAt).toBe('2025-01-21T17:33:22.000Z');
		});

		it('does nothing for a job that did not complete', async () => {
			const snap = reelBot.parseStatus(fixture('reelBot-failed'), 'p');
			const { call, requests } = fakeCall(fixture('reelBot-download'));
			expect(await reelBot.completeJob!(snap, 'p', call)).toBe(snap);
			expect(requests).toEqual([]);
		});

		it('a download body of the wrong shape → ResponseShapeError naming ReelBot', async () => {
			const snap = reelBot.parseStatus(fixture('reelBot-completed'), 'p');
			const { call } = fakeCall({ success: false, message: 'nope' });
			const promise = reelBot.completeJob!(snap, 'p', call);
			await expect(promise).rejects.toBeInstanceOf(ResponseShapeError);
			await expect(promise).rejects.toThrow(/Unexpected download-URL response from ReelBot: .*downloadUrl: Required/);
		});

		it('an engine error (e.g. 400 VIDEO_NOT_READY) propagates unchanged', async () => {
			const snap = reelBot.parseStatus(fixture('reelBot-completed'), 'p');
			const boom = new Error('400 VIDEO_NOT_READY');
			const { call } = fakeCall(boom);
			await expect(reelBot.completeJob!(snap, 'p', call)).rejects.toBe(boom);
		});
	});

	describe('parseError', () => {
		it('401', () => {
			expect(reelBot.parseError(401, fixture('reelBot-error-401'))).toEqual({
				code: 'UNAUTHORIZED',
				message: 'Unauthorized. Please provide a valid API key via the X-API-Key header.',
				resetAt: null,
			});
		});
		it('404', () => {
			expect(reelBot.parseError(404, fixture('reelBot-error-404'))).toEqual({
				code: 'NOT_FOUND',
				message: 'Project not found',
				resetAt: null,
			});
		});
		it('429 with details.resetAt → a Date', () => {
			const info = reelBot.parseError(429, fixture('reelBot-error-429'));
			expect(info.code).toBe('RATE_LIMITED');
			expect(info.message).toBe('Rate limit exceeded. Please reduce polling frequency.');
			expect(info.resetAt).toBeInstanceOf(Date);
			expect(info.resetAt!.toISOString()).toBe('2025-01-21T16:35:00.000Z');
		});
		it('400 VIDEO_NOT_READY', () => {
			expect(reelBot.parseError(400, fixture('reelBot-variant-error-400-not-ready')).code).toBe('VIDEO_NOT_READY');
		});
		it('an unreadable resetAt → null, not a throw', () => {
			expect(reelBot.parseError(429, { success: false, code: 'RATE_LIMITED', details: { resetAt: 'soon' } }).resetAt).toBeNull();
		});
	});

	commonShapeChecks(reelBot, 'ReelBot', (status) => ({ status, createdAt: '2025-01-21T16:30:00.000Z' }), 'status');
});
