/**
 * GeekHub (api.geekhub.mx): a gateway in front of fal/Runway/Google… models.
 *   GET  /v1/videos/{id}          flat job body, statuses pending/processing/completed/failed
 *   POST /v1/videos/generations   {model, prompt, duration, aspect_ratio}
 * Auth `Authorization: Bearer KEY`. Errors `{error: {message, type, code}}`.
 * video_url is GeekHub's own public, non-expiring storage URL; variant 'fallbackUrl' gives the
 * upstream provider's signed URL instead (expires 1 h after completion).
 */
import type { IncomingMessage } from 'node:http';
import { bearerToken } from '../http';
import { between, uuid, type Rand } from '../prng';
import { retryAfterValue } from '../rateLimiter';
import type { JobState, SimState } from '../state';
import { unixSeconds, type JobView } from '../timeline';
import { createFromRequest, numberField, publicVideoPath, signedVideoUrl, stringField, type JsonAnswer, type ProviderSpec, type RouteContext } from './common';

/** The seed's table: poll hint (s) and typical total time (s) per model. */
export const GEEKHUB_MODELS: ReadonlyArray<{ match: RegExp; model: string; pollSeconds: number; totalSeconds: [number, number] }> = [
	{ match: /kling/i, model: 'fal/kling-2', pollSeconds: 15, totalSeconds: [120, 300] },
	{ match: /hailuo/i, model: 'fal/hailuo-02', pollSeconds: 15, totalSeconds: [120, 240] },
	{ match: /runway|gen-?4/i, model: 'runway/gen-4', pollSeconds: 10, totalSeconds: [30, 120] },
	{ match: /luma|ray/i, model: 'luma/ray-2', pollSeconds: 10, totalSeconds: [60, 180] },
	{ match: /veo-?3[.-]1/i, model: 'google/veo-3.1', pollSeconds: 30, totalSeconds: [180, 300] },
	{ match: /veo/i, model: 'google/veo-3', pollSeconds: 20, totalSeconds: [120, 240] },
];

function modelRow(model: string): (typeof GEEKHUB_MODELS)[number] {
	return GEEKHUB_MODELS.find((m) => m.match.test(model)) ?? (GEEKHUB_MODELS[0] as (typeof GEEKHUB_MODELS)[number]);
}

const err = (status: number, message: string, type: string, code: string, headers?: Record<string, string>): JsonAnswer => ({
	status,
	json: { error: { message, type, code } },
	headers,
});

function statusWord(_job: JobState, view: JobView): string {
	switch (view.status) {
		case 'queued':
			return 'pending';
		case 'processing':
			return 'processing';
		case 'completed':
			return 'completed';
		default:
			return 'failed';
	}
}

function jobBody(sim: SimState, job: JobState, view: JobView, override: string | undefined): Record<string, unknown> {
	const completed = view.terminal && view.status === 'completed';
	let videoUrl: string | null = null;
	if (completed) {
		videoUrl = sim.has('fallbackUrl', job)
			? signedVideoUrl(sim, job, job.terminalAt, 3600).url
			: `${sim.storageUrl}${publicVideoPath(job)}`;
	}
	return {
		id: job.id,
		object: 'video.job',
		status: override ?? statusWord(job, view),
		model: job.model,
		prompt: job.prompt,
		video_url: videoUrl,
		duration: job.videoSeconds,
		error: view.terminal && view.status !== 'completed' ? job.errorMessage : null,
		created: unixSeconds(job.createdAt),
		completed: view.completedAt === null ? null : unixSeconds(view.completedAt),
	};
}

export const geekHub: ProviderSpec = {
	id: 'geekHub',
	limits: { api: { limit: 120, windowMs: 60_000 } },
	authorized: (req: IncomingMessage, key: string) => bearerToken(req) === key,
	errors: {
		unauthorized: () => err(401, 'Invalid API key provided', 'authentication_error', 'invalid_api_key'),
		notFound: () => err(404, 'Video job not found', 'invalid_request_error', 'not_found'),
		routeNotFound: () => err(404, 'Unknown endpoint', 'invalid_request_error', 'not_found'),
		badRequest: (message) => err(400, message, 'invalid_request_error', 'invalid_request'),
		rateLimited: (info, sim) =>
			err(429, 'Rate limit exceeded. Please slow down your requests.', 'rate_limit_error', 'rate_limit_exceeded', {
				'Retry-After': retryAfterValue(info.retryAfterMs, sim.timeScale),
			}),
		server: (status) =>
			status === 502
				? err(502, 'Upstream provider error', 'provider_error', 'provider_error')
				: status === 503
					? err(503, 'Service temporarily unavailable', 'server_error', 'service_unavailable')
					: err(500, 'Internal server error', 'server_error', 'internal_error'),
	},
	routes: [
		{
			// The call GeekHub's auth docs use to show a key in use; the credential test calls it.
			method: 'GET',
			pattern: /^\/v1\/models\/?$/,
			kind: 'account',
			bucket: 'api',
			handle: () => ({
				status: 200,
				json: { object: 'list', data: ['fal/kling-2', 'fal/hailuo-02', 'runway/gen4-turbo', 'luma/ray-2', 'google/veo-3', 'google/veo-3.1'].map((id) => ({ id, object: 'model' })) },
			}),
		},
		{
			method: 'POST',
			pattern: /^\/v1\/videos\/generations\/?$/,
			kind: 'create',
			bucket: 'api',
			handle: ({ sim, body, now }: RouteContext) => {
				const prompt = stringField(body, 'prompt');
				const model = stringField(body, 'model');
				if (!prompt || !model) return err(400, 'model and prompt are required', 'invalid_request_error', 'invalid_request');
				const job = createFromRequest(sim, 'geekHub', { prompt, model, videoSeconds: numberField(body, 'duration') }, body);
				return { status: 200, json: jobBody(sim, job, sim.view(job, now), undefined) };
			},
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
		newId: (rand: Rand) => uuid(rand),
		defaultModel: 'fal/kling-2',
		drawTiming: (rand: Rand, model: string) => {
			const [lo, hi] = modelRow(model).totalSeconds;
			const total = between(rand, lo, hi) * 1000;
			const queued = Math.min(total * 0.2, between(rand, 2000, 15_000));
			return { queuedMs: queued, processingMs: total - queued };
		},
		videoSeconds: 5,
		errorMessage: 'fal status: ERROR',
		outcomes: ['completed', 'failed'],
		statusWord,
		statusPath: (id: string) => `/v1/videos/${encodeURIComponent(id)}`,
	},
};
