/**
 * Poe — `GET /v1/videos/{id}`, flat body, unix-second timestamps, `progress` 0–100.
 * The video itself is `GET /v1/videos/{id}/content` on the same host and needs the key, so
 * on completion `videoUrl` is that PATH (starting with '/'); the engine joins it to the
 * credential's base URL (see JobSnapshot.videoUrl and normalize.resolveVideoUrl).
 * Facts: /work/shared/seeds/poe-get-video.md and PROVIDERS.md.
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
	text,
	toIsoTimestamp,
	zOptNumber,
	zOptString,
	zOptTimestamp,
	zStatusWord,
} from './normalize';

const NAME = 'Poe';

const STATUS: Readonly<Record<string, JobStatus>> = {
	queued: 'queued',
	in_progress: 'processing',
	completed: 'completed',
	failed: 'failed',
};

/** "A recommended polling interval is 5 seconds." */
export const POE_INTERVAL = 5;

export const poeStatusSchema = z
	.object({
		id: zOptString,
		object: zOptString,
		status: zStatusWord,
		created_at: zOptTimestamp,
		completed_at: zOptTimestamp,
		expires_at: zOptTimestamp,
		model: zOptString,
		seconds: zOptNumber,
		size: zOptString,
		progress: zOptNumber,
		remixed_from_video_id: zOptString,
		// documented `{code, message}`; a plain string is tolerated
		error: z.union([z.record(z.unknown()), z.string()]).nullish(),
	})
	.passthrough();

/** The content endpoint as a path below the base URL (`?variant=thumbnail|spritesheet` exist too). */
export function poeContentPath(jobId: string): string {
	return `/v1/videos/${encodeJobId(jobId)}/content`;
}

export const poe: ProviderAdapter = {
	id: 'poe',
	displayName: NAME,
	credentialType: 'poeApi',
	defaultBaseUrl: 'https://api.poe.com',
	authHeaders: (apiKey) => ({ Authorization: `Bearer ${apiKey}` }),
	statusRateLimit: { requests: 500, perSeconds: 60 },
	// `GET /v1/videos/{id}/content?variant=thumbnail|spritesheet` (no variant = the video)
	downloadVariants: ['video', 'thumbnail', 'spritesheet'],

	statusRequest: (jobId) => ({ method: 'GET', path: `/v1/videos/${encodeJobId(jobId)}` }),

	parseStatus(body: unknown, jobId: string): JobSnapshot {
		const b = parseBody(NAME, poeStatusSchema, body);
		const status = mapStatus(STATUS, b.status);
		const completed = status === 'completed';
		return {
			status,
			providerStatus: b.status,
			progress: normalizeProgress(b.progress, status),
			// the ID the status call succeeded with, so the same host/path scheme serves it
			videoUrl: completed ? poeContentPath(jobId) : null,
			videoUrlRequiresAuth: completed,
			videoUrlExpiresAt: completed ? toIsoTimestamp(b.expires_at) : null,
			// the thumbnail is a key-protected variant of the content endpoint; the contract
			// has no "thumbnail needs auth" flag, so it is not offered as a URL
			thumbnailUrl: null,
			durationSeconds: num(b.seconds),
			model: text(b.model),
			createdAt: toIsoTimestamp(b.created_at),
			updatedAt: null,
			completedAt: toIsoTimestamp(b.completed_at),
			error: finalJobError(NAME, status, b.status, jobErrorFrom(b.error)),
			pollAfterSeconds: null,
			raw: bodyAsValue(body),
		};
	},

	parseError: (_httpStatus, body) => openAiStyleError(body),

	automaticInterval: () => POE_INTERVAL,
};
