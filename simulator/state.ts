/**
 * Everything the simulator knows: configuration, jobs, faults, rate limiters, counters.
 * Provider modules read and update it; index.ts wires it to the HTTP servers.
 */
import { DEFAULT_VIDEO_BYTES, videoSha256For } from './content';
import { describeFaults, emptyFaults, toFaultState, type FaultState } from './faults';
import { isObject } from './http';
import { mulberry32, type Rand } from './prng';
import { FixedWindowLimiter } from './rateLimiter';
import { viewAt, type JobView } from './timeline';
import {
	DEFAULT_KEYS,
	PATH_PREFIX,
	PROVIDERS,
	VARIANT_TOKENS,
	isProviderId,
	type JobOutcome,
	type JobRecord,
	type JobSpec,
	type ProviderId,
	type ProviderStats,
	type Stats,
	type StorageRequestLog,
	type StorageStats,
	type VariantToken,
} from './types';

/** What a provider module tells the state about its jobs. */
export interface JobDefaults {
	newId(rand: Rand): string;
	defaultModel: string;
	/** Typical timing in provider ms (before timeScale) for a model. */
	drawTiming(rand: Rand, model: string): { queuedMs: number; processingMs: number };
	videoSeconds: number;
	errorMessage: string;
	/** Outcomes the provider has words for; others become 'failed'. */
	outcomes: readonly JobOutcome[];
	/** The provider's status word for a view (used in JobRecord.providerStatus). */
	statusWord(job: JobState, view: JobView): string;
	/** Status path under the provider prefix. */
	statusPath(id: string): string;
	/** Extra ids/fields drawn at creation (e.g. Hooked projectId). */
	extra?(rand: Rand, id: string): Record<string, string>;
}

export interface JobState {
	id: string;
	provider: ProviderId;
	model: string;
	outcome: JobOutcome;
	variant: VariantToken[];
	prompt: string;
	createdAt: number;
	startedAt: number;
	terminalAt: number;
	queuedMs: number;
	durationMs: number;
	videoBytes: number;
	videoSeconds: number;
	errorMessage: string;
	extra: Record<string, string>;
	faults: FaultState;
	statusRequests: number;
	otherRequests: number;
	rateLimited: number;
	storageRequests: number;
	firstTerminalServedAt: number | null;
	sha256: string | undefined;
}

const STORAGE_LOG_LIMIT = 10_000;

function emptyProviderStats(): ProviderStats {
	return {
		requests: 0,
		statusRequests: 0,
		otherRequests: 0,
		createRequests: 0,
		rateLimited: 0,
		authFailures: 0,
		notFound: 0,
		forbidden: 0,
		serverErrors: 0,
		htmlPages: 0,
		dropped: 0,
		notImplemented: 0,
	};
}

function emptyStorageStats(): StorageStats {
	return { requests: 0, refusedAuth: 0, expired: 0, badSignature: 0, notFound: 0, gone: 0, bytesServed: 0, log: [] };
}

function perProvider<T>(make: (p: ProviderId) => T): Record<ProviderId, T> {
	const out = {} as Record<ProviderId, T>;
	for (const p of PROVIDERS) out[p] = make(p);
	return out;
}

function optNumber(spec: Record<string, unknown>, name: string, integer: boolean): number | undefined {
	const v = spec[name];
	if (v === undefined) return undefined;
	if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) {
		throw new Error(`JobSpec.${name}: expected a non-negative ${integer ? 'integer' : 'number'}, got ${JSON.stringify(v)}`);
	}
	return v;
}

function optString(spec: Record<string, unknown>, name: string): string | undefined {
	const v = spec[name];
	if (v === undefined) return undefined;
	if (typeof v !== 'string' || v === '') throw new Error(`JobSpec.${name}: expected a non-empty string`);
	return v;
}

export class SimState {
	readonly timeScale: number;
	readonly linkTimeScale: number;
	readonly seed: number;
	readonly enforceRateLimits: boolean;
	readonly keys: Record<ProviderId, string>;
	readonly secret: string;
	rootUrl = '';
	storageUrl = '';
	closed = false;
	startedAt = Date.now();

	readonly jobs = new Map<string, JobState>();
	providerFaults: Record<ProviderId, FaultState> = perProvider(() => emptyFaults());
	providerStats: Record<ProviderId, ProviderStats> = perProvider(() => emptyProviderStats());
	storageStats: StorageStats = emptyStorageStats();

	private rand: Rand;
	private limiters = new Map<string, FixedWindowLimiter>();
	private sleepers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

	constructor(
		opts: { timeScale?: number; linkTimeScale?: number; seed?: number; enforceRateLimits?: boolean; keys?: Partial<Record<ProviderId, string>> },
		private readonly defaults: Record<ProviderId, JobDefaults>,
	) {
		const timeScale = opts.timeScale ?? 1;
		if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new Error(`timeScale must be a positive number, got ${timeScale}`);
		this.timeScale = timeScale;
		const linkTimeScale = opts.linkTimeScale ?? timeScale;
		if (!(linkTimeScale > 0) || !Number.isFinite(linkTimeScale)) throw new Error(`linkTimeScale must be a positive number, got ${linkTimeScale}`);
		this.linkTimeScale = linkTimeScale;
		this.seed = opts.seed ?? 1;
		this.enforceRateLimits = opts.enforceRateLimits ?? true;
		this.keys = { ...DEFAULT_KEYS, ...(opts.keys ?? {}) };
		this.secret = `sim-storage-secret-${this.seed}`;
		this.rand = mulberry32(this.seed);
	}

	baseUrl(provider: ProviderId): string {
		return `${this.rootUrl}/${PATH_PREFIX[provider]}`;
	}

	/** Provider time → real ms. */
	scaled(ms: number): number {
		return ms / this.timeScale;
	}

	/** A URL lifetime in whole seconds (X-Amz-Expires), at least 1. */
	lifetimeSec(nominalSeconds: number): number {
		return Math.max(1, Math.round(nominalSeconds / this.linkTimeScale));
	}

	createJob(input: JobSpec): JobState {
		if (!isObject(input)) throw new Error('JobSpec: expected an object');
		const spec = input as unknown as Record<string, unknown>;
		if (!isProviderId(spec.provider)) throw new Error(`JobSpec.provider: expected one of ${PROVIDERS.join(', ')}, got ${JSON.stringify(spec.provider)}`);
		const provider = spec.provider;
		const d = this.defaults[provider];
		const id = optString(spec, 'id');
		if (id !== undefined && this.jobs.has(id)) throw new Error(`JobSpec.id: a job "${id}" already exists`);
		const model = optString(spec, 'model') ?? d.defaultModel;
		const durationMs = optNumber(spec, 'durationMs', false);
		const queuedMs = optNumber(spec, 'queuedMs', false);
		const videoBytes = optNumber(spec, 'videoBytes', true) ?? DEFAULT_VIDEO_BYTES;
		const videoSeconds = optNumber(spec, 'videoSeconds', false) ?? d.videoSeconds;
		const outcomeIn = spec.outcome ?? 'completed';
		if (!['completed', 'failed', 'cancelled', 'expired'].includes(outcomeIn as string)) throw new Error(`JobSpec.outcome: unknown outcome ${JSON.stringify(outcomeIn)}`);
		const outcome = d.outcomes.includes(outcomeIn as JobOutcome) ? (outcomeIn as JobOutcome) : 'failed';
		const variantIn = spec.variant === undefined ? [] : Array.isArray(spec.variant) ? spec.variant : [spec.variant];
		for (const v of variantIn) if (!VARIANT_TOKENS.includes(v as VariantToken)) throw new Error(`JobSpec.variant: unknown token ${JSON.stringify(v)}`);
		const faults = toFaultState(spec.faults as JobSpec['faults']);

		// Draw even when overridden, so one job's overrides do not shift the next job's draws.
		const drawn = d.drawTiming(this.rand, model);
		const drawnId = this.uniqueId(d);
		const total = durationMs ?? (queuedMs ?? drawn.queuedMs) + drawn.processingMs;
		const queued = Math.min(total, queuedMs ?? (durationMs !== undefined ? durationMs * 0.1 : drawn.queuedMs));
		const jobId = id ?? drawnId;
		const createdAt = Date.now();
		const job: JobState = {
			id: jobId,
			provider,
			model,
			outcome,
			variant: variantIn as VariantToken[],
			prompt: optString(spec, 'prompt') ?? 'A drone shot over a foggy coastline at sunrise',
			createdAt,
			startedAt: createdAt + this.scaled(queued),
			terminalAt: createdAt + this.scaled(total),
			queuedMs: this.scaled(queued),
			durationMs: this.scaled(total),
			videoBytes,
			videoSeconds,
			errorMessage: optString(spec, 'errorMessage') ?? d.errorMessage,
			extra: d.extra?.(this.rand, jobId) ?? {},
			faults,
			statusRequests: 0,
			otherRequests: 0,
			rateLimited: 0,
			storageRequests: 0,
			firstTerminalServedAt: null,
			sha256: undefined,
		};
		this.jobs.set(jobId, job);
		return job;
	}

	private uniqueId(d: JobDefaults): string {
		for (;;) {
			const id = d.newId(this.rand);
			if (!this.jobs.has(id)) return id;
		}
	}

	/** The job, if it exists and (when given) belongs to `provider`. */
	findJob(id: string, provider?: ProviderId): JobState | undefined {
		const job = this.jobs.get(id);
		return job && (provider === undefined || job.provider === provider) ? job : undefined;
	}

	/** A provider's jobs, oldest first. */
	jobsOf(provider: ProviderId): JobState[] {
		return [...this.jobs.values()].filter((job) => job.provider === provider);
	}

	view(job: JobState, now = Date.now()): JobView {
		return viewAt(job, now);
	}

	videoSha256(job: JobState): string {
		job.sha256 ??= videoSha256For(job.id, job.videoBytes);
		return job.sha256;
	}

	has(variant: VariantToken, job: JobState): boolean {
		return job.variant.includes(variant);
	}

	record(job: JobState, now = Date.now()): JobRecord {
		const view = this.view(job, now);
		const rec = {
			id: job.id,
			provider: job.provider,
			model: job.model,
			outcome: job.outcome,
			variant: [...job.variant],
			status: view.status,
			providerStatus: this.defaults[job.provider].statusWord(job, view),
			progress: view.progress,
			createdAt: job.createdAt,
			startedAt: job.startedAt,
			terminalAt: job.terminalAt,
			finishedAt: view.terminal ? job.terminalAt : null,
			firstTerminalServedAt: job.firstTerminalServedAt,
			durationMs: job.durationMs,
			queuedMs: job.queuedMs,
			statusRequests: job.statusRequests,
			otherRequests: job.otherRequests,
			rateLimited: job.rateLimited,
			storageRequests: job.storageRequests,
			videoBytes: job.videoBytes,
			videoSha256: '',
			videoSeconds: job.videoSeconds,
			statusUrl: `${this.baseUrl(job.provider)}${this.defaults[job.provider].statusPath(job.id)}`,
			faults: describeFaults(job.faults),
		};
		// Lazy: hashing a large video costs time, so only when someone reads it (JSON.stringify does).
		Object.defineProperty(rec, 'videoSha256', { enumerable: true, get: () => this.videoSha256(job) });
		return rec;
	}

	setProviderFaults(provider: ProviderId, faults: JobSpec['faults']): void {
		if (!isProviderId(provider)) throw new Error(`unknown provider ${JSON.stringify(provider)}`);
		this.providerFaults[provider] = toFaultState(faults);
	}

	setJobFaults(id: string, faults: JobSpec['faults']): void {
		const job = this.jobs.get(id);
		if (!job) throw new Error(`no job "${id}"`);
		job.faults = toFaultState(faults);
	}

	limiter(provider: ProviderId, bucket: string, limit: number, windowMs: number): FixedWindowLimiter {
		const key = `${provider}:${bucket}`;
		let l = this.limiters.get(key);
		if (!l) {
			l = new FixedWindowLimiter(limit, this.scaled(windowMs));
			this.limiters.set(key, l);
		}
		return l;
	}

	logStorage(entry: StorageRequestLog): void {
		const log = this.storageStats.log;
		log.push(entry);
		if (log.length > STORAGE_LOG_LIMIT) log.splice(0, log.length - STORAGE_LOG_LIMIT);
	}

	/** A delay that close() cuts short. */
	sleep(ms: number): Promise<void> {
		if (this.closed) return Promise.resolve();
		return new Promise((resolve) => {
			const entry = {
				timer: setTimeout(() => {
					this.sleepers.delete(entry);
					resolve();
				}, ms),
				resolve,
			};
			entry.timer.unref();
			this.sleepers.add(entry);
		});
	}

	stats(): Stats {
		const byProvider = perProvider(() => 0);
		for (const job of this.jobs.values()) byProvider[job.provider]++;
		return {
			startedAt: this.startedAt,
			timeScale: this.timeScale,
			jobs: { total: this.jobs.size, byProvider },
			providers: perProvider((p) => ({ ...this.providerStats[p] })),
			storage: { ...this.storageStats, log: this.storageStats.log.map((e) => ({ ...e, headerNames: [...e.headerNames] })) },
		};
	}

	reset(): void {
		this.jobs.clear();
		this.limiters.clear();
		this.providerFaults = perProvider(() => emptyFaults());
		this.providerStats = perProvider(() => emptyProviderStats());
		this.storageStats = emptyStorageStats();
		this.rand = mulberry32(this.seed);
		this.startedAt = Date.now();
	}

	shutdown(): void {
		this.closed = true;
		for (const s of this.sleepers) {
			clearTimeout(s.timer);
			s.resolve();
		}
		this.sleepers.clear();
	}
}
