/**
 * AI Stats / Phaseo (api.phaseo.app), a gateway with an OpenAI-like video API.
 *   GET  /v1/videos/{id}          status queued/processing/completed/failed/cancelled/expired
 *                                 (variant 'legacy': pending/in_progress and `video_id`)
 *   GET  /v1/videos/{id}/content  the bytes (Bearer), when output_access is bytes|both
 *   POST /v1/videos               {model, prompt, duration, size, …}
 * Auth `Authorization: Bearer KEY`. Errors `{status_code, error, error_type, description}`.
 * Provider-wide fault notImplemented: video routes answer 501 not_implemented.
 */
import type { IncomingMessage } from 'node:http';
import { bearerToken } from '../http';
import { between, hex, type Rand } from '../prng';
import { retryAfterValue } from '../rateLimiter';
import type { JobState, SimState } from '../state';
import { unixSeconds, type JobView } from '../timeline';
import { createFromRequest, numberField, signedVideoUrl, stringField, type Answer, type JsonAnswer, type ProviderSpec, type RouteContext } from './common';

/** poll_after_seconds in provider seconds (divided by timeScale). */
export const AISTATS_POLL_AFTER = { queued: 10, processing: 20 } as const;
/** Lifetime of download_url in provider seconds. */
export const AISTATS_URL_LIFETIME = 3600;

const err = (status: number, error: string, errorType: string, description: string, headers?: Record<string, string>): JsonAnswer => ({
	status,
	json: { status_code: status, error, error_type: errorType, description },
	headers,
});

type OutputAccess = 'signed_url' | 'bytes' | 'both';

function outputAccess(sim: SimState, job: JobState): OutputAccess {
	if (sim.has('signed_url', job)) return 'signed_url';
	if (sim.has('bytes', job)) return 'bytes';
	return 'both';
}

function statusWord(job: JobState, view: JobView): string {
	const legacy = job.variant.includes('legacy');
	if (view.status === 'queued') return legacy ? 'pending' : 'queued';
	if (view.status === 'processing') return legacy ? 'in_progress' : 'processing';
	return view.status;
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

function jobBody(sim: SimState, job: JobState, view: JobView, override: string | undefined, now: number): Record<string, unknown> {
	const access = outputAccess(sim, job);
	const completed = view.terminal && view.status === 'completed';
	const outputsOnly = sim.has('outputsOnly', job);
	const base = sim.baseUrl('aiStats');
	const contentUrl = `${base}/v1/videos/${encodeURIComponent(job.id)}/content`;
	const signed = completed && access !== 'bytes' ? signedVideoUrl(sim, job, now, AISTATS_URL_LIFETIME) : undefined;
	const expiresAt = signed ? unixSeconds(signed.expiresAt) : null;

	const body: Record<string, unknown> = {};
	body[sim.has('legacy', job) ? 'video_id' : 'id'] = job.id;
	Object.assign(body, {
		object: 'video',
		status: override ?? statusWord(job, view),
		output_access: access,
		progress: view.progress,
		progress_source: 'provider',
		polling_url: `${base}/v1/videos/${encodeURIComponent(job.id)}`,
		poll_after_seconds: view.terminal ? null : round3(sim.scaled(AISTATS_POLL_AFTER[view.status === 'queued' ? 'queued' : 'processing'])),
		model: job.model,
		request_id: job.extra.requestId,
		session_id: job.extra.sessionId,
		generation_id: job.extra.generationId,
		created_at: unixSeconds(job.createdAt),
		started_at: view.startedAt === null ? null : unixSeconds(view.startedAt),
		completed_at: view.completedAt === null ? null : unixSeconds(view.completedAt),
		provider: 'google-vertex',
		seconds: job.videoSeconds,
		size: '1280x720',
		audio: true,
	});
	if (!outputsOnly) {
		if (access !== 'signed_url') body.content_url = contentUrl;
		if (access !== 'bytes') {
			body.download_url = signed?.url ?? null;
			body.expires_at = expiresAt;
		}
	}
	body.asset = completed
		? {
				id: `asset_${job.extra.generationId}`,
				mime_type: 'video/mp4',
				bytes: job.videoBytes,
				sha256: sim.videoSha256(job),
				width: 1280,
				height: 720,
				duration_seconds: job.videoSeconds,
			}
		: null;
	const output: Record<string, unknown> = { index: 0, mime_type: 'video/mp4', bytes_available: access !== 'signed_url' };
	if (access !== 'signed_url') output.content_url = contentUrl;
	if (access !== 'bytes') {
		output.download_url = signed?.url ?? null;
		output.expires_at = expiresAt;
	}
	body.outputs = completed ? [output] : [];
	body.billing = completed ? { currency: 'USD', amount: 0.4 } : {};
	body.usage = completed ? { cost: 0.4, is_byok: false } : null;
	body.error =
		view.terminal && view.status === 'failed'
			? sim.has('errorString', job)
				? job.errorMessage
				: { code: 'provider_error', message: job.errorMessage }
			: null;
	return body;
}

function content({ sim, job, view }: RouteContext): Answer {
	if (outputAccess(sim, job) === 'signed_url') return err(404, 'not_found', 'invalid_request_error', 'Byte access is not enabled for this video; use download_url');
	if (!(view.terminal && view.status === 'completed')) {
		return err(409, 'video_not_ready', 'invalid_request_error', `Video content is not available while the video is ${statusWord(job, view)}`);
	}
	if (job.faults.expiredUrl === 'gone') return err(410, 'gone', 'invalid_request_error', 'Video content has expired and is no longer available');
	return { status: 200, content: { kind: 'video', jobId: job.id, size: job.videoBytes } };
}

export const aiStats: ProviderSpec = {
	id: 'aiStats',
	limits: { api: { limit: 120, windowMs: 60_000 } },
	authorized: (req: IncomingMessage, key: string) => bearerToken(req) === key,
	errors: {
		unauthorized: () => err(401, 'unauthorized', 'authentication_error', 'Invalid or missing API key'),
		notFound: () => err(404, 'not_found', 'invalid_request_error', 'Video not found'),
		routeNotFound: () => err(404, 'not_found', 'invalid_request_error', 'Route not found'),
		badRequest: (message) => err(400, 'invalid_request', 'invalid_request_error', message),
		rateLimited: (info, sim) =>
			err(429, 'rate_limited', 'rate_limit_error', 'Too many requests. Retry after the time given in Retry-After.', {
				'Retry-After': retryAfterValue(info.retryAfterMs, sim.timeScale),
			}),
		server: (status) =>
			status === 502
				? err(502, 'upstream_error', 'upstream_error', 'The upstream provider returned an invalid response')
				: status === 503
					? err(503, 'service_unavailable', 'server_error', 'Service temporarily unavailable')
					: err(500, 'internal_error', 'server_error', 'Internal server error'),
		notImplemented: () => err(501, 'not_implemented', 'not_implemented', 'Video generation routes are temporarily disabled'),
	},
	routes: [
		{
			// The key's video jobs (the credential test asks for one).
			method: 'GET',
			pattern: /^\/v1\/videos\/?$/,
			kind: 'account',
			bucket: 'api',
			handle: ({ sim, url, now }: RouteContext) => {
				const limit = Math.max(1, Math.min(100, Number(url.searchParams.get('limit')) || 20));
				const jobs = sim.jobsOf('aiStats').slice(-limit);
				return { status: 200, json: { object: 'list', data: jobs.map((job) => jobBody(sim, job, sim.view(job, now), undefined, now)), has_more: false } };
			},
		},
		{
			method: 'POST',
			pattern: /^\/v1\/videos\/?$/,
			kind: 'create',
			bucket: 'api',
			handle: ({ sim, body, now }: RouteContext) => {
				const prompt = stringField(body, 'prompt');
				const model = stringField(body, 'model');
				if (!prompt || !model) return err(400, 'invalid_request', 'invalid_request_error', 'model and prompt are required');
				const job = createFromRequest(sim, 'aiStats', { prompt, model, videoSeconds: numberField(body, 'duration') ?? numberField(body, 'seconds') }, body);
				return { status: 200, json: jobBody(sim, job, sim.view(job, now), undefined, now) };
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
			handle: ({ sim, job, view, statusOverride, now }: RouteContext) => ({ status: 200, json: jobBody(sim, job, view, statusOverride, now) }),
		},
	],
	jobs: {
		newId: (rand: Rand) => `video_${hex(rand, 24)}`,
		defaultModel: 'google/veo-3.1-fast',
		drawTiming: (rand: Rand) => ({ queuedMs: between(rand, 2000, 20_000), processingMs: between(rand, 60_000, 240_000) }),
		videoSeconds: 8,
		errorMessage: 'Upstream provider failed to generate the video',
		outcomes: ['completed', 'failed', 'cancelled', 'expired'],
		statusWord,
		statusPath: (id: string) => `/v1/videos/${encodeURIComponent(id)}`,
		extra: (rand: Rand) => ({ requestId: `req_${hex(rand, 20)}`, sessionId: `sess_${hex(rand, 16)}`, generationId: `gen_${hex(rand, 24)}` }),
	},
};
