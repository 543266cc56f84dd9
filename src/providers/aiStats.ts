/**
 * AI Stats (Phaseo gateway) — `GET /v1/videos/{id}`, flat body, unix-second timestamps,
 * `poll_after_seconds` hint, signed `download_url` or key-protected `content_url`.
 * Facts: /work/shared/seeds/aistats-phaseo-get-video.md and PROVIDERS.md.
 */
import { z } from 'zod';
import type { JobSnapshot, JobStatus, ProviderAdapter, ProviderErrorInfo } from './types';
import {
	asRecord,
	bodyAsValue,
	codeText,
	encodeJobId,
	errorBodyRecord,
	finalJobError,
	jobErrorFrom,
	mapStatus,
	NO_ERROR_INFO,
	normalizeProgress,
	num,
	parseBody,
	signedUrlExpiry,
	text,
	toIsoTimestamp,
	zOptNumber,
	zOptString,
	zOptTimestamp,
	zStatusWord,
} from './normalize';

const NAME = 'AI Stats';

const STATUS: Readonly<Record<string, JobStatus>> = {
	queued: 'queued',
	pending: 'queued', // older pages
	processing: 'processing',
	in_progress: 'processing', // older pages
	completed: 'completed',
	failed: 'failed',
	cancelled: 'cancelled',
	expired: 'expired',
};

/** Documented cadence when the body carries no `poll_after_seconds`. */
export const AI_STATS_DEFAULT_INTERVAL = 5;

const outputSchema = z
	.object({
		index: zOptNumber,
		mime_type: zOptString,
		content_url: zOptString,
		download_url: zOptString,
		expires_at: zOptTimestamp,
	})
	.passthrough();

/** Examples use both `id` and `video_id`; neither is needed (the job ID is the caller's). */
export const aiStatsStatusSchema = z
	.object({
		id: zOptString,
		video_id: zOptString,
		status: zStatusWord,
		model: zOptString,
		created_at: zOptTimestamp,
		started_at: zOptTimestamp,
		completed_at: zOptTimestamp,
		poll_after_seconds: zOptNumber,
		seconds: zOptNumber,
		content_url: zOptString,
		download_url: zOptString,
		expires_at: zOptTimestamp,
		progress: zOptNumber,
		asset: z.object({ duration_seconds: zOptNumber }).passthrough().nullish(),
		outputs: z.array(outputSchema).nullish(),
		error: z.unknown(), // documented as "unknown": an object or a string
	})
	.passthrough();

type AiStatsBody = z.output<typeof aiStatsStatusSchema>;

interface Picked {
	url: string | null;
	requiresAuth: boolean;
	expiresAt: string | null;
}

/**
 * download_url (signed, no key; expiry from expires_at, else from the URL) → content_url
 * (needs the key) → the same two on outputs[0].
 */
function pickVideo(b: AiStatsBody): Picked {
	const candidates: Array<{ download_url?: string | null; content_url?: string | null; expires_at?: unknown }> = [b];
	const first = b.outputs?.[0];
	if (first) candidates.push(first);
	for (const c of candidates) {
		const download = text(c.download_url);
		if (download) {
			return {
				url: download,
				requiresAuth: false,
				expiresAt: toIsoTimestamp(c.expires_at) ?? signedUrlExpiry(download),
			};
		}
		const content = text(c.content_url);
		if (content) return { url: content, requiresAuth: true, expiresAt: null };
	}
	return { url: null, requiresAuth: false, expiresAt: null };
}

export const aiStats: ProviderAdapter = {
	id: 'aiStats',
	displayName: NAME,
	credentialType: 'aiStatsApi',
	defaultBaseUrl: 'https://api.phaseo.app',
	authHeaders: (apiKey) => ({ Authorization: `Bearer ${apiKey}` }),
	// Undocumented: the gateway only passes on upstream 429s (with Retry-After). 120/min is
	// far above a 5–20 s per-job cadence, polite for a batch; the engine honours Retry-After.
	statusRateLimit: { requests: 120, perSeconds: 60 },

	statusRequest: (jobId) => ({ method: 'GET', path: `/v1/videos/${encodeJobId(jobId)}` }),

	parseStatus(body: unknown): JobSnapshot {
		const b = parseBody(NAME, aiStatsStatusSchema, body);
		const status = mapStatus(STATUS, b.status);
		const video = pickVideo(b);
		const hint = num(b.poll_after_seconds);
		return {
			status,
			providerStatus: b.status,
			progress: normalizeProgress(b.progress, status),
			videoUrl: video.url,
			videoUrlRequiresAuth: video.requiresAuth,
			videoUrlExpiresAt: video.expiresAt,
			thumbnailUrl: null,
			// the asset's measured length first, else the requested `seconds`
			durationSeconds: num(b.asset?.duration_seconds) ?? num(b.seconds),
			model: text(b.model),
			createdAt: toIsoTimestamp(b.created_at),
			updatedAt: null,
			completedAt: toIsoTimestamp(b.completed_at),
			error: finalJobError(NAME, status, b.status, jobErrorFrom(b.error)),
			pollAfterSeconds: hint !== null && hint > 0 ? hint : null,
			raw: bodyAsValue(body),
		};
	},

	parseError: (_httpStatus, body) => aiStatsError(body),

	automaticInterval: (snapshot) =>
		snapshot?.pollAfterSeconds && snapshot.pollAfterSeconds > 0
			? snapshot.pollAfterSeconds
			: AI_STATS_DEFAULT_INTERVAL,
};

/** A machine word such as `not_implemented`, `rate_limit_error`, `upstream_error`. */
const CODE_WORD = /^[A-Za-z0-9_.:-]+$/;

/**
 * Current shape `{status_code, error: <code>, error_type: user|system, description, reason?}`;
 * older shape `{status_code, error: <human text>, reason: <code>}`; tolerates
 * `{error: {message, code}}`. Never throws.
 */
export function aiStatsError(body: unknown): ProviderErrorInfo {
	try {
		const obj = errorBodyRecord(body);
		if (!obj) return { ...NO_ERROR_INFO };
		const errObj = asRecord(obj.error);
		if (errObj) {
			return {
				code: codeText(errObj.code) ?? codeText(errObj.type) ?? codeText(obj.reason),
				message: text(errObj.message) ?? text(errObj.description) ?? text(obj.description),
				resetAt: null,
			};
		}
		const error = text(obj.error);
		const description = text(obj.description);
		const reason = codeText(obj.reason);
		if (description !== null) {
			// current: `error` is the code, `description` the text
			return { code: error ?? reason, message: description, resetAt: null };
		}
		if (error !== null && reason !== null) {
			// older: `error` is the text, `reason` the code
			return { code: reason, message: error, resetAt: null };
		}
		if (error !== null) {
			return CODE_WORD.test(error)
				? { code: error, message: text(obj.message), resetAt: null }
				: { code: null, message: error, resetAt: null };
		}
		return { code: reason ?? codeText(obj.code), message: text(obj.message), resetAt: null };
	} catch {
		return { ...NO_ERROR_INFO };
	}
}
