/**
 * ReelBot (reelbot.space).
 *   GET  /api/v1/video/status/{projectId}    flat body; outputKey when completed, error when failed
 *   GET  /api/v1/video/download/{projectId}  {success, downloadUrl (fresh signed URL, 1 h), expiresAt}
 *                                            400 VIDEO_NOT_READY before completion
 *   POST /api/v1/video/generate              {videoType, topic, script, …}
 * Auth `X-API-Key: KEY`. Errors `{success:false, message, code, details?}`.
 * Limits: status 60/min, download 30/h, generate 10/h; X-RateLimit-* on every answer.
 */
import type { IncomingMessage } from 'node:http';
import { header } from '../http';
import { between, hex, type Rand } from '../prng';
import { resetEpochValue, retryAfterValue, type LimitInfo } from '../rateLimiter';
import type { JobState, SimState } from '../state';
import { iso, type JobView } from '../timeline';
import { createFromRequest, signedVideoUrl, stringField, type JsonAnswer, type ProviderSpec, type RouteContext } from './common';

/** Lifetime of downloadUrl in provider seconds. */
export const REELBOT_URL_LIFETIME = 3600;

const err = (status: number, message: string, code: string, details?: Record<string, unknown>, headers?: Record<string, string>): JsonAnswer => ({
	status,
	json: details ? { success: false, message, code, details } : { success: false, message, code },
	headers,
});

function statusWord(_job: JobState, view: JobView): string {
	return view.status === 'cancelled' || view.status === 'expired' ? 'failed' : view.status;
}

const MESSAGES: Record<string, string> = {
	queued: 'Video is queued for processing',
	processing: 'Video is being processed',
	completed: 'Video generation completed successfully',
	failed: 'Video generation failed',
};

function statusBody(job: JobState, view: JobView, override: string | undefined): Record<string, unknown> {
	const word = statusWord(job, view);
	const body: Record<string, unknown> = {
		status: override ?? word,
		message: MESSAGES[word] ?? 'Video is being processed',
		createdAt: iso(job.createdAt),
	};
	if (view.status !== 'queued') body.updatedAt = iso(view.updatedAt);
	if (word === 'completed') body.outputKey = `users/${job.extra.userId}/output/video-${job.id}.mp4`;
	if (word === 'failed') body.error = job.errorMessage;
	return body;
}

function limitHeaders(info: LimitInfo, sim: SimState): Record<string, string> {
	return {
		'X-RateLimit-Limit': String(info.limit),
		'X-RateLimit-Remaining': String(info.remaining),
		'X-RateLimit-Reset': resetEpochValue(info.resetAt, sim.timeScale),
	};
}

export const reelBot: ProviderSpec = {
	id: 'reelBot',
	limits: {
		status: { limit: 60, windowMs: 60_000 },
		download: { limit: 30, windowMs: 3_600_000 },
		generate: { limit: 10, windowMs: 3_600_000 },
	},
	limitHeaders,
	authorized: (req: IncomingMessage, key: string) => header(req, 'x-api-key') === key,
	errors: {
		unauthorized: () => err(401, 'Unauthorized. Please provide a valid API key via the X-API-Key header.', 'UNAUTHORIZED'),
		notFound: () => err(404, 'Project not found', 'NOT_FOUND'),
		routeNotFound: () => err(404, 'Route not found', 'NOT_FOUND'),
		badRequest: (message) => err(400, message, 'VALIDATION_ERROR'),
		rateLimited: (info, sim) =>
			err(
				429,
				'Rate limit exceeded. Please reduce polling frequency.',
				'RATE_LIMITED',
				{ resetAt: iso(info.resetAt) },
				{ ...limitHeaders(info, sim), 'Retry-After': retryAfterValue(info.retryAfterMs, sim.timeScale) },
			),
		server: (status) =>
			status === 502
				? err(502, 'Bad gateway', 'BAD_GATEWAY')
				: status === 503
					? err(503, 'Service temporarily unavailable', 'SERVICE_UNAVAILABLE')
					: err(500, 'Internal server error', 'INTERNAL_ERROR'),
	},
	routes: [
		{
			method: 'POST',
			pattern: /^\/api\/v1\/video\/generate\/?$/,
			kind: 'create',
			bucket: 'generate',
			handle: ({ sim, body }: RouteContext) => {
				const topic = stringField(body, 'topic') ?? stringField(body, 'script');
				if (!topic) return err(400, 'Either topic or script is required', 'VALIDATION_ERROR');
				const job = createFromRequest(sim, 'reelBot', { prompt: topic }, body);
				return { status: 200, json: { success: true, projectId: job.id, status: 'queued', message: 'Video generation started' } };
			},
		},
		{
			method: 'GET',
			pattern: /^\/api\/v1\/video\/status\/([^/]+)\/?$/,
			kind: 'status',
			bucket: 'status',
			jobParam: 0,
			handle: ({ job, view, statusOverride }: RouteContext) => ({ status: 200, json: statusBody(job, view, statusOverride) }),
		},
		{
			method: 'GET',
			pattern: /^\/api\/v1\/video\/download\/([^/]+)\/?$/,
			kind: 'content',
			bucket: 'download',
			jobParam: 0,
			handle: ({ sim, job, view, now }: RouteContext) => {
				if (!(view.terminal && view.status === 'completed')) {
					const word = statusWord(job, view);
					return err(400, word === 'failed' ? 'Video generation failed; nothing to download' : `Video is not ready yet (status: ${word})`, 'VIDEO_NOT_READY');
				}
				const signed = signedVideoUrl(sim, job, now, REELBOT_URL_LIFETIME);
				return { status: 200, json: { success: true, downloadUrl: signed.url, expiresAt: iso(signed.expiresAt) } };
			},
		},
	],
	jobs: {
		newId: (rand: Rand) => hex(rand, 24),
		defaultModel: 'reelbot-v1',
		drawTiming: (rand: Rand) => ({ queuedMs: between(rand, 0, 30_000), processingMs: between(rand, 60_000, 300_000) }),
		videoSeconds: 30,
		errorMessage: 'Failed to process B-roll asset: file not found',
		outcomes: ['completed', 'failed'],
		statusWord,
		statusPath: (id: string) => `/api/v1/video/status/${encodeURIComponent(id)}`,
		extra: (rand: Rand) => ({ userId: hex(rand, 12) }),
	},
};
