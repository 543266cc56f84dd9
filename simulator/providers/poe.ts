/**
 * Poe (api.poe.com), OpenAI-style video API.
 *   GET  /v1/videos/{id}                    statuses queued/in_progress/completed/failed; progress
 *   GET  /v1/videos/{id}/content?variant=   video (default) | thumbnail | spritesheet (Bearer)
 *   POST /v1/videos                         {model, prompt, seconds, size}
 * Auth `Authorization: Bearer KEY`. Errors `{error: {message, type, code}}`.
 * 500 requests/min; x-ratelimit-{limit,remaining,reset}-requests on every answer, no Retry-After.
 * Content is kept 24 h after completion (expires_at); after that /content answers 404.
 */
import type { IncomingMessage } from 'node:http';
import { SPRITESHEET_BYTES, THUMBNAIL_BYTES } from '../content';
import { bearerToken } from '../http';
import { between, hex, type Rand } from '../prng';
import { durationValue, type LimitInfo } from '../rateLimiter';
import type { JobState, SimState } from '../state';
import { unixSeconds, type JobView } from '../timeline';
import type { ContentKind } from '../types';
import { createFromRequest, numberField, stringField, type Answer, type JsonAnswer, type ProviderSpec, type RouteContext } from './common';

/** How long content stays available after completion, provider seconds. */
export const POE_CONTENT_LIFETIME = 24 * 3600;

const err = (status: number, message: string, type: string, code: string | null, headers?: Record<string, string>): JsonAnswer => ({
	status,
	json: { error: { message, type, code } },
	headers,
});

function statusWord(_job: JobState, view: JobView): string {
	if (view.status === 'processing') return 'in_progress';
	if (view.status === 'cancelled' || view.status === 'expired') return 'failed';
	return view.status;
}

/** Real epoch ms when the content stops being served, or null before completion. */
function contentExpiresAt(sim: SimState, job: JobState, view: JobView): number | null {
	if (!(view.terminal && view.status === 'completed')) return null;
	if (job.faults.expiredUrl) return job.terminalAt - 1000;
	return job.terminalAt + sim.lifetimeSec(POE_CONTENT_LIFETIME) * 1000;
}

function jobBody(sim: SimState, job: JobState, view: JobView, override: string | undefined): Record<string, unknown> {
	const word = statusWord(job, view);
	const expiresAt = contentExpiresAt(sim, job, view);
	return {
		id: job.id,
		object: 'video',
		status: override ?? word,
		created_at: unixSeconds(job.createdAt),
		completed_at: view.completedAt === null ? null : unixSeconds(view.completedAt),
		expires_at: expiresAt === null ? null : unixSeconds(expiresAt),
		model: job.model,
		seconds: job.videoSeconds,
		size: '1280x720',
		progress: view.progress,
		remixed_from_video_id: null,
		error: word === 'failed' ? { code: 'video_generation_failed', message: job.errorMessage } : null,
		usage: word === 'completed' ? { points: 1200 } : null,
	};
}

const VARIANTS: Record<string, { kind: ContentKind; size: (job: JobState) => number }> = {
	video: { kind: 'video', size: (job) => job.videoBytes },
	thumbnail: { kind: 'thumbnail', size: () => THUMBNAIL_BYTES },
	spritesheet: { kind: 'spritesheet', size: () => SPRITESHEET_BYTES },
};

function content({ sim, job, view, url, now }: RouteContext): Answer {
	const name = url.searchParams.get('variant') ?? 'video';
	const variant = VARIANTS[name];
	if (!variant) return err(400, `Invalid variant '${name}'. Expected one of: video, thumbnail, spritesheet`, 'invalid_request_error', 'invalid_value');
	if (!(view.terminal && view.status === 'completed')) {
		return err(400, `Video content is not available: the video is ${statusWord(job, view)}`, 'invalid_request_error', 'video_not_ready');
	}
	if (job.faults.expiredUrl === 'gone') return err(410, 'Video content is no longer available', 'invalid_request_error', 'video_expired');
	const expiresAt = contentExpiresAt(sim, job, view);
	if (expiresAt !== null && now >= expiresAt) return err(404, 'Video content has expired', 'not_found', 'video_expired');
	return { status: 200, content: { kind: variant.kind, jobId: job.id, size: variant.size(job) } };
}

export const poe: ProviderSpec = {
	id: 'poe',
	limits: { api: { limit: 500, windowMs: 60_000 } },
	limitHeaders: (info: LimitInfo) => ({
		'x-ratelimit-limit-requests': String(info.limit),
		'x-ratelimit-remaining-requests': String(info.remaining),
		'x-ratelimit-reset-requests': durationValue(info.resetAt - Date.now()),
	}),
	authorized: (req: IncomingMessage, key: string) => bearerToken(req) === key,
	errors: {
		unauthorized: () => err(401, 'Invalid API key', 'authentication_error', 'invalid_api_key'),
		notFound: () => err(404, 'Video not found', 'not_found', 'not_found'),
		routeNotFound: () => err(404, 'Not found', 'not_found', 'not_found'),
		badRequest: (message) => err(400, message, 'invalid_request_error', 'invalid_request'),
		rateLimited: () => err(429, 'Rate limit exceeded (500 requests per minute)', 'rate_limit_error', 'rate_limit_exceeded'),
		server: (status) =>
			status === 503
				? err(503, 'The service is temporarily overloaded', 'server_error', 'service_unavailable')
				: err(status, 'Internal server error', 'server_error', 'internal_error'),
	},
	routes: [
		{
			// Poe's balance check (the credential test calls it).
			method: 'GET',
			pattern: /^\/usage\/current_balance\/?$/,
			kind: 'account',
			bucket: 'api',
			handle: () => ({ status: 200, json: { current_point_balance: 1_000_000 } }),
		},
		{
			method: 'POST',
			pattern: /^\/v1\/videos\/?$/,
			kind: 'create',
			bucket: 'api',
			handle: ({ sim, body, now }: RouteContext) => {
				const prompt = stringField(body, 'prompt');
				if (!prompt) return err(400, "Missing required parameter: 'prompt'", 'invalid_request_error', 'missing_required_parameter');
				const job = createFromRequest(sim, 'poe', { prompt, model: stringField(body, 'model'), videoSeconds: numberField(body, 'seconds') }, body);
				return { status: 200, json: jobBody(sim, job, sim.view(job, now), undefined) };
			},
		},
		{
			method: 'GET',
			pattern: /^\/v1\/videos\/([^/]+)\/content\/?$/,
			kind: 'content',
			bucket: 'api',
			jobParam: 0,
			handle: content,
		},
		{
			method: 'GET',
			pattern: /^\/v1\/videos\/([^/]+)\/?$/,
			kind: 'status',
			bucket: 'api',
			jobParam: 0,
			handle: ({ sim, job, view, statusOverride }: RouteContext) => ({ status: 200, json: jobBody(sim, job, view, statusOverride) }),
		},
	],
	jobs: {
		newId: (rand: Rand) => `video_${hex(rand, 32)}`,
		defaultModel: 'Sora-2',
		drawTiming: (rand: Rand) => ({ queuedMs: between(rand, 0, 15_000), processingMs: between(rand, 60_000, 180_000) }),
		videoSeconds: 8,
		errorMessage: 'Video generation failed',
		outcomes: ['completed', 'failed'],
		statusWord,
		statusPath: (id: string) => `/v1/videos/${encodeURIComponent(id)}`,
	},
};
