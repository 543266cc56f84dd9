/**
 * The normalized job and the provider adapter contract.
 *
 * Nothing in src/ imports n8n: the node (nodes/) and the command-line waiter (src/cli/)
 * share this code, and it is tested on its own.
 */

export const PROVIDER_IDS = ['geekHub', 'aiStats', 'reelBot', 'poe', 'hooked'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export const JOB_STATUSES = [
	'queued',
	'processing',
	'completed',
	'failed',
	'cancelled',
	'expired',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const TERMINAL: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'cancelled', 'expired']);
export function isTerminal(status: JobStatus): boolean {
	return TERMINAL.has(status);
}

export interface JobError {
	message: string;
	code: string | null;
}

export interface PollingStats {
	/** HTTP requests made for this job (status, follow-up and retries). */
	attempts: number;
	/** Seconds from the start of waiting until the job's outcome was known. */
	waitedSeconds: number;
	/** 429 answers met while waiting for this job. */
	rateLimited: number;
	/** The deadline (maxWait) was reached before the job ended. */
	timedOut: boolean;
}

/** One output item's `json`, as CONTRACT.md fixes it. */
export interface NormalizedJob {
	provider: ProviderId;
	jobId: string;
	status: JobStatus;
	providerStatus: string;
	done: boolean;
	progress: number | null;
	videoUrl: string | null;
	videoUrlRequiresAuth: boolean;
	videoUrlExpiresAt: string | null;
	thumbnailUrl: string | null;
	durationSeconds: number | null;
	model: string | null;
	createdAt: string | null;
	updatedAt: string | null;
	completedAt: string | null;
	error: JobError | null;
	polling: PollingStats;
	raw?: unknown;
}

/** What an adapter reads from one status body: the job without the engine's bookkeeping. */
export interface JobSnapshot {
	status: JobStatus;
	providerStatus: string;
	progress: number | null;
	/**
	 * An absolute URL, or a path starting with a single '/' that is relative to the provider's
	 * base URL (Poe's `/v1/videos/{id}/content`): the engine joins it with the credential's
	 * base URL (`resolveVideoUrl` in providers/normalize.ts) before output or download.
	 */
	videoUrl: string | null;
	videoUrlRequiresAuth: boolean;
	videoUrlExpiresAt: string | null;
	thumbnailUrl: string | null;
	durationSeconds: number | null;
	model: string | null;
	createdAt: string | null;
	updatedAt: string | null;
	completedAt: string | null;
	error: JobError | null;
	/** The provider's own hint for the next poll, in seconds (AI Stats `poll_after_seconds`). */
	pollAfterSeconds: number | null;
	/** The body as received, for `includeRaw`. */
	raw: unknown;
}

/** What an adapter reads from an error body (4xx/5xx). */
export interface ProviderErrorInfo {
	/** The provider's own code (`rate_limit_exceeded`, `RATE_LIMITED`, `not_implemented`, …), or null. */
	code: string | null;
	/** The provider's own message, or null when the body carries none. */
	message: string | null;
	/** When a rate limit resets, if the body says so (ReelBot `details.resetAt`). */
	resetAt: Date | null;
}

export interface RateLimit {
	requests: number;
	perSeconds: number;
}

/** A request an adapter asks for; the engine adds the base URL, auth, retries and budget. */
export interface ProviderRequest {
	method: 'GET' | 'POST';
	/** Path below the base URL, job IDs already encoded as one segment. */
	path: string;
	/** Query string parameters. */
	query?: Record<string, string>;
	/** Which rate budget the request spends ("status" unless the provider meters it apart). */
	budget?: 'status' | 'download';
}

/** The engine's side of a follow-up call an adapter makes (ReelBot's download endpoint). */
export interface ProviderCall {
	/** Sends the request with auth, budget, 429 and retry handling; resolves with the 2xx body. */
	getJson(request: ProviderRequest): Promise<unknown>;
}

/** Where the finished video can be fetched from, as an adapter sees it (issue 4 builds on this). */
export interface VideoSource {
	url: string;
	/** The provider's key must be sent (Poe content endpoint, AI Stats content_url). */
	requiresAuth: boolean;
	expiresAt: string | null;
}

export interface ProviderAdapter {
	readonly id: ProviderId;
	readonly displayName: string;
	/** n8n credential type name, CONTRACT.md. */
	readonly credentialType: string;
	readonly defaultBaseUrl: string;
	/** Headers that carry the key, for transports outside n8n (the n8n credential applies its own). */
	authHeaders(apiKey: string): Record<string, string>;
	/** Documented limit on status calls; the engine stays under it for a whole batch. */
	readonly statusRateLimit: RateLimit;
	/** Content variants the video endpoint takes as `?variant=` (Poe: video, thumbnail, spritesheet). */
	readonly downloadVariants?: readonly string[];
	/** Documented limit on download-URL calls, where metered apart (ReelBot 30/h). */
	readonly downloadRateLimit?: RateLimit;
	/** The status request for one job. */
	statusRequest(jobId: string): ProviderRequest;
	/** Reads a 2xx status body; throws ResponseShapeError when it is not the documented shape. */
	parseStatus(body: unknown, jobId: string): JobSnapshot;
	/** Reads an error body of any shape; never throws. */
	parseError(httpStatus: number, body: unknown): ProviderErrorInfo;
	/** Seconds to the next poll when the user set no interval: the hint, else the documented cadence. */
	automaticInterval(snapshot: JobSnapshot | null): number;
	/**
	 * Called once when a job completes, to fill what the status body lacks
	 * (ReelBot: its download endpoint gives `videoUrl` and `videoUrlExpiresAt`).
	 */
	completeJob?(snapshot: JobSnapshot, jobId: string, call: ProviderCall): Promise<JobSnapshot>;
}
