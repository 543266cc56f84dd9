/**
 * Hooked (api.hooked.so). Docs say /v1/…, its MCP server calls /api/v1/…: both are served.
 *   GET  /v1/video/{videoId}                       envelope {success, message, data}
 *   POST /v1/project/create/script-to-video        {script, …}
 * Auth `x-api-key: KEY`. Errors `{success:false, message}`; 403 for a bad key AND for another
 * team's video (fault otherTeam). data.url is a signed storage URL valid 24 h, signed per request.
 */
import type { IncomingMessage } from 'node:http';
import { header } from '../http';
import { between, hex, type Rand } from '../prng';
import { retryAfterValue } from '../rateLimiter';
import type { JobState, SimState } from '../state';
import { iso, type JobView } from '../timeline';
import { createFromRequest, numberField, publicThumbnailPath, signedVideoUrl, stringField, type JsonAnswer, type ProviderSpec, type RouteContext } from './common';

/** Lifetime of data.url in provider seconds (the status page says 24 h; the webhook page says 7 days). */
export const HOOKED_URL_LIFETIME = 24 * 3600;
const FPS = 25;

const err = (status: number, message: string, headers?: Record<string, string>): JsonAnswer => ({ status, json: { success: false, message }, headers });

function statusWord(_job: JobState, view: JobView): string {
	if (!view.terminal) return 'STARTED';
	return view.status === 'completed' ? 'COMPLETED' : 'FAILED';
}

function data(sim: SimState, job: JobState, view: JobView, override: string | undefined, now: number): Record<string, unknown> {
	const word = statusWord(job, view);
	const completed = word === 'COMPLETED';
	const message =
		word === 'COMPLETED'
			? 'Video completed successfully'
			: word === 'FAILED'
				? job.errorMessage
				: view.status === 'queued'
					? 'Video is queued for rendering'
					: 'Video is rendering';
	return {
		id: job.id,
		name: `Simulated video ${job.id}`,
		type: 'script_to_video',
		status: override ?? word,
		url: completed ? signedVideoUrl(sim, job, now, HOOKED_URL_LIFETIME).url : null,
		thumbnail: completed ? `${sim.storageUrl}${publicThumbnailPath(job)}` : null,
		progress: view.progress,
		message,
		durationInFrames: Math.round(job.videoSeconds * FPS),
		durationInSeconds: job.videoSeconds,
		avatarId: 'avatar_sarah_01',
		voiceId: 'tzX5paJ07p5hyWFcU3uG',
		musicId: '1',
		videoSettings: { aspectRatio: 'ratio_9_16', caption: { disabled: false, preset: 'classic' } },
		script: job.prompt,
		projectId: job.extra.projectId,
		teamId: 'team_simulator',
		size: completed ? job.videoBytes : null,
		createdAt: iso(job.createdAt),
		updatedAt: iso(view.updatedAt),
		usedCredits: completed ? 5 : 0,
		webhook: null,
	};
}

export const hooked: ProviderSpec = {
	id: 'hooked',
	limits: { api: { limit: 60, windowMs: 60_000 } },
	authorized: (req: IncomingMessage, key: string) => header(req, 'x-api-key') === key,
	errors: {
		unauthorized: () => err(403, 'Not authenticated'),
		notFound: () => err(404, 'Video not found'),
		routeNotFound: () => err(404, 'Route not found'),
		badRequest: (message) => err(400, message),
		rateLimited: (info, sim) => err(429, 'Too many requests, please try again later.', { 'Retry-After': retryAfterValue(info.retryAfterMs, sim.timeScale) }),
		server: (status) => err(status, status === 500 ? 'Internal server error' : status === 502 ? 'Bad gateway' : 'Service unavailable'),
		otherTeam: () => err(403, 'Video does not belong to the user'),
	},
	routes: [
		{
			// The team's videos (the credential test asks for one); before /v1/video/{id}.
			method: 'GET',
			pattern: /^\/(?:api\/)?v1\/video\/list\/?$/,
			kind: 'account',
			bucket: 'api',
			handle: ({ sim, now }: RouteContext) => ({
				status: 200,
				json: { success: true, message: 'Videos fetched successfully', data: sim.jobsOf('hooked').slice(-1).map((job) => ({ id: job.id, status: sim.view(job, now).status })) },
			}),
		},
		{
			method: 'POST',
			pattern: /^\/(?:api\/)?v1\/project\/create\/script-to-video\/?$/,
			kind: 'create',
			bucket: 'api',
			handle: ({ sim, body }: RouteContext) => {
				const script = stringField(body, 'script');
				if (!script) return err(400, 'script is required');
				const job = createFromRequest(sim, 'hooked', { prompt: script, videoSeconds: numberField(body, 'duration') }, body);
				return {
					status: 200,
					json: { success: true, message: 'Video creation started', data: { id: job.id, videoId: job.id, projectId: job.extra.projectId, status: 'STARTED' } },
				};
			},
		},
		{
			method: 'GET',
			pattern: /^\/(?:api\/)?v1\/video\/([^/]+)\/?$/,
			kind: 'status',
			bucket: 'api',
			jobParam: 0,
			handle: ({ sim, job, view, statusOverride, now }: RouteContext) => ({
				status: 200,
				json: { success: true, message: 'Video details fetched successfully', data: data(sim, job, view, statusOverride, now) },
			}),
		},
	],
	jobs: {
		newId: (rand: Rand) => `vid_${hex(rand, 16)}`,
		defaultModel: 'hooked-script-to-video',
		drawTiming: (rand: Rand) => ({ queuedMs: between(rand, 0, 10_000), processingMs: between(rand, 60_000, 300_000) }),
		videoSeconds: 30,
		errorMessage: 'Video rendering failed: avatar generation error',
		outcomes: ['completed', 'failed'],
		statusWord,
		statusPath: (id: string) => `/v1/video/${encodeURIComponent(id)}`,
		extra: (rand: Rand) => ({ projectId: `proj_${hex(rand, 16)}` }),
	},
};
