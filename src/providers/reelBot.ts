/**
 * ReelBot — `GET /api/v1/video/status/{projectId}`, flat body, ISO timestamps, no progress.
 * The status body only has `outputKey`; the video URL comes from a second, separately metered
 * call (`GET /api/v1/video/download/{projectId}` → `{success, downloadUrl, expiresAt}`, 1 h).
 * Facts: /work/shared/seeds/reelbot-check-status.md and PROVIDERS.md.
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
	mapStatus,
	NO_ERROR_INFO,
	normalizeProgress,
	parseBody,
	signedUrlExpiry,
	text,
	toIsoTimestamp,
	zOptString,
	zOptTimestamp,
	zStatusWord,
} from './normalize';

const NAME = 'ReelBot';

const STATUS: Readonly<Record<string, JobStatus>> = {
	queued: 'queued',
	processing: 'processing',
	completed: 'completed',
	failed: 'failed',
};

/** The docs say poll every 3–5 s. */
export const REELBOT_INTERVAL = 4;

export const reelBotStatusSchema = z
	.object({
		status: zStatusWord,
		message: zOptString,
		createdAt: zOptTimestamp,
		updatedAt: zOptTimestamp,
		outputKey: zOptString,
		error: zOptString,
	})
	.passthrough();

/** `GET /api/v1/video/download/{projectId}` → `{success: true, downloadUrl, expiresAt}`. */
export const reelBotDownloadSchema = z
	.object({
		success: z.literal(true),
		downloadUrl: z.string().min(1),
		expiresAt: zOptTimestamp,
	})
	.passthrough();

export function reelBotDownloadRequest(jobId: string) {
	return {
		method: 'GET' as const,
		path: `/api/v1/video/download/${encodeJobId(jobId)}`,
		budget: 'download' as const,
	};
}

export const reelBot: ProviderAdapter = {
	id: 'reelBot',
	displayName: NAME,
	credentialType: 'reelBotApi',
	defaultBaseUrl: 'https://reelbot.space',
	authHeaders: (apiKey) => ({ 'X-API-Key': apiKey }),
	statusRateLimit: { requests: 60, perSeconds: 60 },
	downloadRateLimit: { requests: 30, perSeconds: 3600 },

	statusRequest: (jobId) => ({ method: 'GET', path: `/api/v1/video/status/${encodeJobId(jobId)}` }),

	parseStatus(body: unknown): JobSnapshot {
		const b = parseBody(NAME, reelBotStatusSchema, body);
		const status = mapStatus(STATUS, b.status);
		// `error` is the detail; `message` ("Video generation failed") only stands in for it
		const failureText = text(b.error) ?? (status === 'failed' ? text(b.message) : null);
		return {
			status,
			providerStatus: b.status,
			progress: normalizeProgress(null, status),
			videoUrl: null, // filled by completeJob from the download endpoint
			videoUrlRequiresAuth: false,
			videoUrlExpiresAt: null,
			thumbnailUrl: null,
			durationSeconds: null,
			model: null,
			createdAt: toIsoTimestamp(b.createdAt),
			updatedAt: toIsoTimestamp(b.updatedAt),
			completedAt: null,
			error: finalJobError(NAME, status, b.status, failureText ? { message: failureText, code: null } : null),
			pollAfterSeconds: null,
			raw: bodyAsValue(body),
		};
	},

	parseError: (_httpStatus, body) => reelBotError(body),

	automaticInterval: () => REELBOT_INTERVAL,

	async completeJob(snapshot, jobId, call) {
		if (snapshot.status !== 'completed') return snapshot;
		const body = await call.getJson(reelBotDownloadRequest(jobId));
		const d = parseBody(NAME, reelBotDownloadSchema, body, 'download-URL response');
		return {
			...snapshot,
			videoUrl: d.downloadUrl,
			videoUrlRequiresAuth: false, // pre-signed S3 URL: must be fetched WITHOUT the key
			videoUrlExpiresAt: toIsoTimestamp(d.expiresAt) ?? signedUrlExpiry(d.downloadUrl),
		};
	},
};

/** `{success:false, message, code, details:{resetAt}}`. Never throws. */
export function reelBotError(body: unknown): ProviderErrorInfo {
	try {
		const obj = errorBodyRecord(body);
		if (!obj) return { ...NO_ERROR_INFO };
		const resetIso = toIsoTimestamp(asRecord(obj.details)?.resetAt);
		return {
			code: codeText(obj.code),
			message: text(obj.message) ?? text(obj.error),
			resetAt: resetIso ? new Date(resetIso) : null,
		};
	} catch {
		return { ...NO_ERROR_INFO };
	}
}
