/**
 * Hooked — `GET /v1/video/{videoId}` (its MCP server uses `/api/v1/...`: the credential's base
 * URL covers that). Envelope `{success, message, data}`, ISO timestamps, `progress` 0–100,
 * signed S3 `url` when COMPLETED.
 * Facts: /work/shared/seeds/hooked-get-video-details.md and PROVIDERS.md.
 */
import { z } from 'zod';
import type { JobSnapshot, JobStatus, ProviderAdapter, ProviderErrorInfo } from './types';
import {
	codeText,
	bodyAsValue,
	encodeJobId,
	errorBodyRecord,
	finalJobError,
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

const NAME = 'Hooked';

const STATUS: Readonly<Record<string, JobStatus>> = {
	draft: 'queued', // known to the list endpoint's filter
	started: 'processing',
	completed: 'completed',
	failed: 'failed',
};

/** The docs' polling example waits 5 s (webhooks are preferred). */
export const HOOKED_INTERVAL = 5;

/** Frames per second of `durationInFrames`, per the docs. */
const HOOKED_FPS = 25;

const videoSchema = z
	.object({
		id: zOptString,
		name: zOptString,
		type: zOptString,
		status: zStatusWord,
		url: zOptString,
		thumbnail: zOptString,
		progress: zOptNumber,
		message: zOptString,
		durationInFrames: zOptNumber,
		durationInSeconds: zOptNumber,
		projectId: zOptString,
		createdAt: zOptTimestamp,
		updatedAt: zOptTimestamp,
	})
	.passthrough();

/** Strict on the envelope: a 2xx with `success: false` or without `data` is not a status. */
export const hookedStatusSchema = z
	.object({
		success: z.literal(true),
		message: zOptString,
		data: videoSchema,
	})
	.passthrough();

export const hooked: ProviderAdapter = {
	id: 'hooked',
	displayName: NAME,
	credentialType: 'hookedApi',
	defaultBaseUrl: 'https://api.hooked.so',
	authHeaders: (apiKey) => ({ 'x-api-key': apiKey }),
	// 60/min: PROVIDERS.md marks this as low confidence; it is the conservative reading.
	statusRateLimit: { requests: 60, perSeconds: 60 },

	statusRequest: (jobId) => ({ method: 'GET', path: `/v1/video/${encodeJobId(jobId)}` }),

	parseStatus(body: unknown): JobSnapshot {
		const envelope = parseBody(NAME, hookedStatusSchema, body);
		const d = envelope.data;
		const status = mapStatus(STATUS, d.status);
		const url = text(d.url);
		const frames = num(d.durationInFrames);
		const failure = status === 'failed' ? text(d.message) : null;
		return {
			status,
			providerStatus: d.status,
			progress: normalizeProgress(d.progress, status),
			videoUrl: url,
			videoUrlRequiresAuth: false, // signed S3 URL: fetched without the key
			// The pages disagree (24 h vs 7 days), so only the URL's own signature is trusted.
			videoUrlExpiresAt: signedUrlExpiry(url),
			thumbnailUrl: text(d.thumbnail),
			durationSeconds: num(d.durationInSeconds) ?? (frames !== null ? frames / HOOKED_FPS : null),
			model: null,
			createdAt: toIsoTimestamp(d.createdAt),
			updatedAt: toIsoTimestamp(d.updatedAt),
			completedAt: null,
			error: finalJobError(NAME, status, d.status, failure ? { message: failure, code: null } : null),
			pollAfterSeconds: null,
			raw: bodyAsValue(body),
		};
	},

	parseError: (_httpStatus, body) => hookedError(body),

	automaticInterval: () => HOOKED_INTERVAL,
};

/** `{success:false, message}` (no code documented; one is read if present). Never throws. */
export function hookedError(body: unknown): ProviderErrorInfo {
	try {
		const obj = errorBodyRecord(body);
		if (!obj) return { ...NO_ERROR_INFO };
		return {
			code: codeText(obj.code),
			message: text(obj.message) ?? text(obj.error),
			resetAt: null,
		};
	} catch {
		return { ...NO_ERROR_INFO };
	}
}
