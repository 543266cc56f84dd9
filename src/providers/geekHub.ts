/**
 * GeekHub — `GET /v1/videos/{id}`, flat body, unix-second timestamps, no progress figure.
 * Facts: /work/shared/seeds/geekhub-get-video-job.md and PROVIDERS.md.
 */
import { z } from 'zod';
import type { JobSnapshot, JobStatus, ProviderAdapter } from './types';
import {
	encodeJobId,
	bodyAsValue,
	finalJobError,
	jobErrorFrom,
	mapStatus,
	normalizeProgress,
	num,
	openAiStyleError,
	parseBody,
	signedUrlExpiry,
	text,
	toIsoTimestamp,
	zOptNumber,
	zOptString,
	zOptTimestamp,
	zStatusWord,
} from './normalize';

const NAME = 'GeekHub';

const STATUS: Readonly<Record<string, JobStatus>> = {
	pending: 'queued',
	processing: 'processing',
	completed: 'completed',
	failed: 'failed',
};

/** The failed example carries only status/video_url/error/completed, so all else is optional. */
export const geekHubStatusSchema = z
	.object({
		id: zOptString,
		object: zOptString,
		status: zStatusWord,
		model: zOptString,
		video_url: zOptString,
		duration: zOptNumber,
		// documented as a string; tolerate an object so a richer error never breaks the wait
		error: z.union([z.string(), z.record(z.unknown())]).nullish(),
		created: zOptTimestamp,
		completed: zOptTimestamp,
	})
	.passthrough();

/**
 * "How often to poll" table of the status page. Matched loosely against model strings such as
 * `fal/kling-2`, `Veo 3.1`, `runway-gen4-turbo`; 'veo31' is tested before 'veo3'.
 */
const POLL_TABLE: ReadonlyArray<[RegExp, number]> = [
	[/veo31/, 30],
	[/veo3/, 20],
	[/kling/, 15],
	[/hailuo|minimax/, 15],
	[/runway|gen4/, 10],
	[/luma|ray2/, 10],
];
/** Unknown or absent model: the seed's own example loop waits 15 s. */
export const GEEKHUB_DEFAULT_INTERVAL = 15;

export function geekHubIntervalForModel(model: string | null | undefined): number {
	if (!model) return GEEKHUB_DEFAULT_INTERVAL;
	const key = model.toLowerCase().replace(/[^a-z0-9]+/g, '');
	for (const [pattern, seconds] of POLL_TABLE) if (pattern.test(key)) return seconds;
	return GEEKHUB_DEFAULT_INTERVAL;
}

export const geekHub: ProviderAdapter = {
	id: 'geekHub',
	displayName: NAME,
	credentialType: 'geekHubApi',
	defaultBaseUrl: 'https://api.geekhub.mx',
	authHeaders: (apiKey) => ({ Authorization: `Bearer ${apiKey}` }),
	// Undocumented: GeekHub only says it answers 429 `rate_limit_exceeded`. 120/min (2/s) is
	// far above what its own 10–30 s per-job cadence needs, yet polite for a large batch;
	// the engine still honours a 429 when one comes.
	statusRateLimit: { requests: 120, perSeconds: 60 },

	statusRequest: (jobId) => ({ method: 'GET', path: `/v1/videos/${encodeJobId(jobId)}` }),

	parseStatus(body: unknown): JobSnapshot {
		const b = parseBody(NAME, geekHubStatusSchema, body);
		const status = mapStatus(STATUS, b.status);
		const videoUrl = text(b.video_url);
		return {
			status,
			providerStatus: b.status,
			progress: normalizeProgress(null, status),
			videoUrl,
			videoUrlRequiresAuth: false,
			// Its own storage never expires; the fallback (provider's URL) may be signed.
			videoUrlExpiresAt: signedUrlExpiry(videoUrl),
			thumbnailUrl: null,
			durationSeconds: num(b.duration),
			model: text(b.model),
			createdAt: toIsoTimestamp(b.created),
			updatedAt: null,
			completedAt: toIsoTimestamp(b.completed),
			error: finalJobError(NAME, status, b.status, jobErrorFrom(b.error)),
			pollAfterSeconds: null,
			raw: bodyAsValue(body),
		};
	},

	parseError: (_httpStatus, body) => openAiStyleError(body),

	automaticInterval: (snapshot) => geekHubIntervalForModel(snapshot?.model),
};
