/**
 * Public types of the provider simulator. The simulator is self-contained: it imports nothing
 * from src/, so a bug in the node cannot hide a bug in its test double.
 */

export const PROVIDERS = ['geekHub', 'aiStats', 'reelBot', 'poe', 'hooked'] as const;
export type ProviderId = (typeof PROVIDERS)[number];

/** Path prefix of each provider on the simulator's main port: http://127.0.0.1:PORT/<prefix>. */
export const PATH_PREFIX: Readonly<Record<ProviderId, string>> = {
	geekHub: 'geekhub',
	aiStats: 'aistats',
	reelBot: 'reelbot',
	poe: 'poe',
	hooked: 'hooked',
};

export const DEFAULT_KEYS: Readonly<Record<ProviderId, string>> = {
	geekHub: 'sim-geekhub-key',
	aiStats: 'sim-aistats-key',
	reelBot: 'sim-reelbot-key',
	poe: 'sim-poe-key',
	hooked: 'sim-hooked-key',
};

export function isProviderId(value: unknown): value is ProviderId {
	return typeof value === 'string' && (PROVIDERS as readonly string[]).includes(value);
}

/** How a job ends. Only AI Stats has words for cancelled/expired; elsewhere they become failed. */
export type JobOutcome = 'completed' | 'failed' | 'cancelled' | 'expired';
export type SimStatus = 'queued' | 'processing' | JobOutcome;

/**
 * Provider quirks, one token or several:
 * - AI Stats: 'legacy' (statuses pending/in_progress, `video_id` instead of `id`),
 *   'signed_url' | 'bytes' | 'both' (output_access, default 'both'),
 *   'outputsOnly' (no top-level content_url/download_url/expires_at, only outputs[]),
 *   'errorString' (a failed job's `error` is a string instead of `{code, message}`).
 * - GeekHub: 'fallbackUrl' (video_url is the upstream provider's signed URL that expires
 *   after 1 h, instead of GeekHub's own non-expiring public storage URL).
 */
export type VariantToken = 'legacy' | 'signed_url' | 'bytes' | 'both' | 'outputsOnly' | 'errorString' | 'fallbackUrl';
export const VARIANT_TOKENS: readonly VariantToken[] = [
	'legacy',
	'signed_url',
	'bytes',
	'both',
	'outputsOnly',
	'errorString',
	'fallbackUrl',
];

/**
 * Faults, per job (JobSpec.faults / setJobFaults) or per provider (setFaults). Counted faults are
 * consumed one per request. By default they hit status requests only; `scope: 'any'` makes them
 * hit every request of the provider that names the job (download/content/create too).
 * Order within one request: slowMs (delay, then go on), drop, rateLimit, serverErrors, html,
 * then unknownStatus (changes the status word of an otherwise normal answer). Job faults are
 * consumed before provider-wide ones.
 */
export interface Faults {
	scope?: 'status' | 'any';
	/** Next n answers are 429 with the provider's own body and headers. retryAfterSeconds is divided by timeScale (default 1). */
	rateLimit?: number | { count: number; retryAfterSeconds?: number };
	/** Next n answers are 5xx with the provider's own error body (default status 500). */
	serverErrors?: number | { count: number; status?: 500 | 502 | 503 };
	/** Next n answers are delayed by ms real milliseconds (NOT scaled). */
	slowMs?: { count: number; ms: number };
	/** Next n requests: the socket is destroyed without an answer. */
	drop?: number;
	/** Next n answers are an HTML page (default status 502, a gateway error page; 200 = a maintenance page). */
	html?: number | { count: number; status?: 200 | 502 };
	/** Next n status answers carry this status word instead of the real one (e.g. "rendering"). */
	unknownStatus?: { count: number; word: string };
	/** Signed links of the job are already expired (storage 403 "Request has expired"); 'gone' = storage answers 410. */
	expiredUrl?: boolean | 'gone';
	/** The next n signed video links issued for the job come already expired; later ones are fresh. */
	expiredLinks?: number;
	/** AI Stats: video routes answer 501 not_implemented (true = until cleared, a number = next n requests). */
	notImplemented?: boolean | number;
	/** Hooked: the video belongs to another team → 403 "Video does not belong to the user" (permanent). */
	otherTeam?: boolean;
}

export interface JobSpec {
	provider: ProviderId;
	/** Default: generated in the provider's own id format from the seeded PRNG. */
	id?: string;
	/** Creation → terminal, in provider time (divided by timeScale). Default drawn per provider/model. */
	durationMs?: number;
	/** Part of durationMs spent queued (divided by timeScale). Default 10 % of durationMs, or drawn. */
	queuedMs?: number;
	/** Default 'completed'. cancelled/expired become failed except on AI Stats. */
	outcome?: JobOutcome;
	model?: string;
	/** Size of the video file in bytes, default 200 KB. Bytes are videoBytesFor(id, size). */
	videoBytes?: number;
	/** Length of the video reported by the provider (seconds). */
	videoSeconds?: number;
	/** Failure text in the provider's own field (default per provider, GeekHub "fal status: ERROR"). */
	errorMessage?: string;
	variant?: VariantToken | VariantToken[];
	faults?: Faults;
	/** Free text kept as the job's prompt/script. */
	prompt?: string;
}

export interface JobRecord {
	id: string;
	provider: ProviderId;
	model: string;
	/** The outcome this provider will show (cancelled/expired mapped to failed outside AI Stats). */
	outcome: JobOutcome;
	variant: VariantToken[];
	/** Where the job is now (simulator terms). */
	status: SimStatus;
	/** The word the provider shows now (e.g. in_progress, STARTED). */
	providerStatus: string;
	/** 0–100: rises linearly 0→99 while processing, 100 when completed. */
	progress: number;
	/** Real epoch ms. */
	createdAt: number;
	/** When it leaves the queue (scheduled, real epoch ms). */
	startedAt: number;
	/** When it becomes terminal (scheduled, real epoch ms). */
	terminalAt: number;
	/** terminalAt once reached, else null. */
	finishedAt: number | null;
	/** When a status answer first showed it terminal (real epoch ms), else null. */
	firstTerminalServedAt: number | null;
	/** Real (scaled) durations in ms. */
	durationMs: number;
	queuedMs: number;
	/** Status requests naming this job (every answer: 200, 429, 5xx, dropped, 401 …). */
	statusRequests: number;
	/** Other provider requests naming this job (download/content). */
	otherRequests: number;
	/** 429 answers sent for requests naming this job (real limiter and faults). */
	rateLimited: number;
	/** Storage-host requests for this job's files (any outcome). */
	storageRequests: number;
	videoBytes: number;
	/** sha256 (hex) of the video bytes, computed on first read. */
	readonly videoSha256: string;
	videoSeconds: number;
	/** The provider's status URL for this job (absolute). */
	statusUrl: string;
	/** Faults still pending for this job. */
	faults: Faults;
}

export type SimJob = JobRecord;

export interface ProviderStats {
	requests: number;
	statusRequests: number;
	otherRequests: number;
	createRequests: number;
	/** 429 answers (real limiter and faults). */
	rateLimited: number;
	authFailures: number;
	notFound: number;
	forbidden: number;
	serverErrors: number;
	htmlPages: number;
	dropped: number;
	notImplemented: number;
}

export interface StorageRequestLog {
	at: number;
	method: string;
	/** Path and query (the query holds only our own signature, never a key). */
	url: string;
	/** Lower-case header NAMES as sent (never values). */
	headerNames: string[];
	status: number;
	provider: ProviderId | null;
	jobId: string | null;
}

export interface StorageStats {
	requests: number;
	refusedAuth: number;
	expired: number;
	badSignature: number;
	notFound: number;
	gone: number;
	bytesServed: number;
	/** Last 10 000 requests. */
	log: StorageRequestLog[];
}

export interface Stats {
	startedAt: number;
	timeScale: number;
	jobs: { total: number; byProvider: Record<ProviderId, number> };
	providers: Record<ProviderId, ProviderStats>;
	storage: StorageStats;
}

export interface SimulatorOptions {
	/** Main port (providers + /_sim). 0 = random (default). */
	port?: number;
	/** Storage host port. 0 = random (default). */
	storagePort?: number;
	/** 10 = job durations, rate-limit windows, URL lifetimes and poll hints 10× shorter. Default 1. */
	timeScale?: number;
	/**
	 * Divides URL and content lifetimes instead of timeScale (default: timeScale). Tests that
	 * download on a busy machine set 1 so a link cannot run out between completion and download;
	 * expiry itself is exercised with the expiredUrl / expiredLinks faults.
	 */
	linkTimeScale?: number;
	/** PRNG seed for ids and drawn durations. Default 1. */
	seed?: number;
	/** Default true. When false, limits are still counted (headers) but never answered with 429. */
	enforceRateLimits?: boolean;
	keys?: Partial<Record<ProviderId, string>>;
	/** Bind address, default 127.0.0.1. */
	host?: string;
}

export type ContentKind = 'video' | 'thumbnail' | 'spritesheet';
