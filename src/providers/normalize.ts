/**
 * Pure helpers the provider adapters share: timestamps, progress, signed-URL expiry, job-ID
 * encoding, status tables, error-body reading and the zod-parse wrapper.
 *
 * Nothing here does I/O and nothing here throws except `parseBody` (ResponseShapeError, on
 * purpose) and `encodeJobId` (for IDs that cannot be a path segment at all).
 */
import { z } from 'zod';
import { excerpt, ResponseShapeError } from '../engine/errors';
import type { JobError, JobSnapshot, JobStatus, ProviderErrorInfo, VideoSource } from './types';

// ---------------------------------------------------------------------------------------------
// Timestamps

/** Unix numbers above this are milliseconds (1e12 ms = 2001-09-09; 1e12 s = year 33658). */
const MS_THRESHOLD = 1e12;

/**
 * Unix seconds, unix milliseconds, a numeric string of either, or an ISO 8601 / RFC 2822 date
 * string → ISO 8601 (`2025-01-21T16:30:00.000Z`). Anything else (null, 0, negative, garbage)
 * → null. Never throws.
 */
export function toIsoTimestamp(value: unknown): string | null {
	let ms: number;
	if (typeof value === 'number') {
		ms = unixToMs(value);
	} else if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return null;
		ms = /^\d+(\.\d+)?$/.test(text) ? unixToMs(Number(text)) : Date.parse(text);
	} else if (value instanceof Date) {
		ms = value.getTime();
	} else {
		return null;
	}
	if (!Number.isFinite(ms) || ms <= 0) return null;
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function unixToMs(n: number): number {
	if (!Number.isFinite(n) || n <= 0) return NaN;
	return n >= MS_THRESHOLD ? n : n * 1000;
}

// ---------------------------------------------------------------------------------------------
// Progress

/**
 * The provider's own figure clamped to 0–100; 100 when the job completed (whatever the body
 * said); null when the provider gives none. Never throws.
 */
export function normalizeProgress(value: unknown, status: JobStatus): number | null {
	if (status === 'completed') return 100;
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isFinite(n)) return null;
	return Math.min(100, Math.max(0, n));
}

// ---------------------------------------------------------------------------------------------
// Signed URLs

/**
 * The expiry a signed URL carries in its own query string, as ISO 8601, or null.
 * S3 SigV4 (`X-Amz-Date=20250121T163000Z&X-Amz-Expires=3600`) and the identical
 * Google Cloud Storage V4 form (`X-Goog-Date` / `X-Goog-Expires`); parameter names are
 * matched case-insensitively. Used only when the body has no expiry of its own.
 */
export function signedUrlExpiry(url: string | null | undefined): string | null {
	if (!url) return null;
	let params: URLSearchParams;
	try {
		params = new URL(url).searchParams;
	} catch {
		return null;
	}
	const lower = new Map<string, string>();
	params.forEach((v, k) => lower.set(k.toLowerCase(), v));
	for (const prefix of ['x-amz-', 'x-goog-']) {
		const date = lower.get(`${prefix}date`);
		const expires = lower.get(`${prefix}expires`);
		if (date === undefined || expires === undefined) continue;
		const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date.trim());
		if (!m || !/^\d+$/.test(expires.trim())) continue;
		const start = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
		const end = start + Number(expires.trim()) * 1000;
		if (!Number.isFinite(end)) continue;
		return new Date(end).toISOString();
	}
	return null;
}

// ---------------------------------------------------------------------------------------------
// Job IDs and relative video paths

/**
 * A job ID as exactly ONE URL path segment (`a/b?c` → `a%2Fb%3Fc`).
 * Throws for an empty ID and for `.` / `..`: URL parsers resolve those (even percent-encoded)
 * as "this/parent directory", so they can never address a job; the engine reports this as an
 * input error before any request.
 */
export function encodeJobId(jobId: string): string {
	if (jobId === '' || jobId === '.' || jobId === '..') {
		throw new Error(`Job ID "${jobId}" cannot be used: it is empty or a "." / ".." path segment`);
	}
	return encodeURIComponent(jobId);
}

/**
 * JobSnapshot.videoUrl may be a path starting with a single '/' (Poe's content endpoint, an
 * AI Stats relative content_url): it is relative to the credential's base URL. This joins it,
 * keeping any path the base URL has (proxies, `https://api.hooked.so/api`). Absolute URLs
 * (and null) pass through unchanged.
 */
export function resolveVideoUrl(baseUrl: string, videoUrl: string): string;
export function resolveVideoUrl(baseUrl: string, videoUrl: string | null): string | null;
export function resolveVideoUrl(baseUrl: string, videoUrl: string | null): string | null {
	if (videoUrl === null || !isRelativePath(videoUrl)) return videoUrl;
	return `${baseUrl.replace(/\/+$/, '')}${videoUrl}`;
}

/** A path below the provider's base URL (not `//host/...`, which is protocol-relative). */
export function isRelativePath(url: string): boolean {
	return url.startsWith('/') && !url.startsWith('//');
}

/** Where the finished video can be fetched from, base URL applied; null while there is none. */
export function videoSource(snapshot: JobSnapshot, baseUrl: string): VideoSource | null {
	if (!snapshot.videoUrl) return null;
	return {
		url: resolveVideoUrl(baseUrl, snapshot.videoUrl),
		requiresAuth: snapshot.videoUrlRequiresAuth,
		expiresAt: snapshot.videoUrlExpiresAt,
	};
}

// ---------------------------------------------------------------------------------------------
// Statuses

/**
 * The provider's word → normalized status, looked up case-insensitively. An unknown word is
 * NOT an error: the job is taken as still running ('processing'), so the wait goes on (and
 * ends at maxWait at worst) while `providerStatus` shows the word verbatim.
 */
export function mapStatus(table: Readonly<Record<string, JobStatus>>, word: string): JobStatus {
	const key = word.trim().toLowerCase();
	return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : 'processing';
}

// ---------------------------------------------------------------------------------------------
// Small readers

/** A non-empty trimmed string, else null. */
export function text(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const t = value.trim();
	return t === '' ? null : t;
}

/** A code: a non-empty string, or a number as a string; else null. */
export function codeText(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return text(value);
}

/** A finite number (numeric strings allowed), else null. */
export function num(value: unknown): number | null {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** A plain object (not an array), else null. */
export function asRecord(value: unknown): Record<string, unknown> | null {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: null;
}

/**
 * A job's failure from whatever the provider put in its error field: a string, or an object
 * with `message` / `description` / `error` and `code` / `type` / `error_type`. Null when empty.
 */
export function jobErrorFrom(value: unknown): JobError | null {
	const asText = text(value);
	if (asText !== null) return { message: asText, code: null };
	const obj = asRecord(value);
	if (!obj) return null;
	const message =
		text(obj.message) ?? text(obj.description) ?? text(obj.error) ?? text(obj.reason) ?? null;
	const code = codeText(obj.code) ?? codeText(obj.type) ?? codeText(obj.error_type) ?? null;
	if (message === null && code === null) {
		if (Object.keys(obj).length === 0) return null;
		return { message: excerpt(obj), code: null };
	}
	return { message: message ?? code ?? '', code };
}

/**
 * The job's error for the snapshot: the provider's own text while the job is not completed;
 * when the job ended failed/cancelled/expired without any text, a short message saying so
 * (so `error` is non-null exactly when the job did not succeed). Null for completed jobs.
 */
export function finalJobError(
	providerName: string,
	status: JobStatus,
	providerStatus: string,
	fromBody: JobError | null,
): JobError | null {
	if (status === 'completed') return null;
	if (fromBody) return fromBody;
	if (status === 'failed' || status === 'cancelled' || status === 'expired') {
		return { message: `${providerName} reported the job as "${providerStatus}" without a message`, code: null };
	}
	return null;
}

// ---------------------------------------------------------------------------------------------
// Lenient zod pieces for optional fields (strict ones — status, envelopes — live in the adapters)

/** An optional string field: string, null or absent. */
export const zOptString = z.string().nullish();
/** An optional number: a number, a numeric string (coerced), null or absent. */
export const zOptNumber = z
	.union([z.number(), z.string().regex(/^\s*-?\d+(\.\d+)?\s*$/).transform(Number)])
	.nullish();
/** A timestamp: unix seconds/ms or a date string; normalized later by toIsoTimestamp. */
export const zOptTimestamp = z.union([z.number(), z.string()]).nullish();
/** A provider status word: must be a non-empty string. */
export const zStatusWord = z.string().refine((s) => s.trim() !== '', 'Expected a non-empty status word');

// ---------------------------------------------------------------------------------------------
// Parsing

/**
 * Validates a body with a zod schema; on any mismatch throws ResponseShapeError whose message
 * names the provider, lists the zod issue paths and carries a short excerpt of the body.
 * A JSON text body (a transport that did not parse it) is parsed first; an HTML page gets
 * its own message, since it almost always means a wrong base URL or a proxy's error page.
 */
export function parseBody<S extends z.ZodTypeAny>(
	providerName: string,
	schema: S,
	body: unknown,
	what = 'status response',
): z.output<S> {
	const value = bodyAsValue(body);
	const result = schema.safeParse(value);
	if (result.success) return result.data;

	const snippet = excerpt(body === undefined ? '(empty body)' : body);
	let reason: string;
	if (typeof value === 'string' && /^\s*</.test(value)) {
		reason = `an HTML/XML page instead of JSON (check the base URL, or a proxy in between)`;
	} else if (value === undefined || value === null || value === '') {
		reason = 'an empty body';
	} else if (typeof value !== 'object' || Array.isArray(value)) {
		reason = `${Array.isArray(value) ? 'an array' : `a ${typeof value}`} instead of a JSON object`;
	} else {
		const issues = result.error.issues
			.slice(0, 5)
			.map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`)
			.join('; ');
		reason = `JSON of an unexpected shape (${issues})`;
	}
	throw new ResponseShapeError(
		`Unexpected ${what} from ${providerName}: ${reason}. Received: ${snippet}`,
		snippet,
	);
}

/** Status bodies come parsed; this unwraps a JSON text body the same way parseBody does. */
export function bodyAsValue(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const t = body.trim();
	if (!(t.startsWith('{') || t.startsWith('['))) return body;
	try {
		return JSON.parse(t);
	} catch {
		return body;
	}
}

// ---------------------------------------------------------------------------------------------
// Error bodies

export const NO_ERROR_INFO: Readonly<ProviderErrorInfo> = Object.freeze({ code: null, message: null, resetAt: null });

/** An error body as an object (JSON text parsed), or null for HTML, text and other JSON. */
export function errorBodyRecord(body: unknown): Record<string, unknown> | null {
	return asRecord(bodyAsValue(body));
}

/** `{error: {message, type, code}}` (GeekHub, Poe); also `{error: "text"}`. Never throws. */
export function openAiStyleError(body: unknown): ProviderErrorInfo {
	try {
		const obj = errorBodyRecord(body);
		if (!obj) return { ...NO_ERROR_INFO };
		const err = asRecord(obj.error);
		if (err) {
			return {
				code: codeText(err.code) ?? codeText(err.type),
				message: text(err.message),
				resetAt: null,
			};
		}
		return { code: codeText(obj.code), message: text(obj.error) ?? text(obj.message), resetAt: null };
	} catch {
		return { ...NO_ERROR_INFO };
	}
}
