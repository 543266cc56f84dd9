/**
 * The request pipeline every provider shares. A provider module describes itself (routes, auth,
 * error bodies, limits, job defaults); serveProvider() runs a request through:
 *   route → count → rate limit (headers on every answer of a limited route) → auth →
 *   provider-wide 501 → body (create) → job lookup (404) → job 501 / other team (403) →
 *   faults (slow, drop, 429, 5xx, HTML) → handler (with unknownStatus override) → answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendContent, type ContentRef } from '../content';
import { appliesTo, takeNotImplemented, takeSlow, takeTransient, takeUnknownStatus, type FaultState, type RequestKind } from '../faults';
import { readJson, safeDecode, sendHtmlPage, sendJson, type HeaderMap } from '../http';
import type { LimitInfo } from '../rateLimiter';
import type { JobDefaults, JobState, SimState } from '../state';
import type { JobView } from '../timeline';
import { presign } from '../signing';
import { PATH_PREFIX, type JobSpec, type ProviderId } from '../types';

export interface JsonAnswer {
	status: number;
	json: unknown;
	headers?: HeaderMap;
}
export interface ContentAnswer {
	status: 200;
	content: ContentRef;
	headers?: HeaderMap;
}
export type Answer = JsonAnswer | ContentAnswer;

export interface RouteContext {
	sim: SimState;
	req: IncomingMessage;
	url: URL;
	/** Decoded capture groups of the route pattern. */
	params: string[];
	now: number;
	/** The named job (routes with jobParam only). */
	job: JobState;
	view: JobView;
	/** The unknownStatus fault's word, when one is being served. */
	statusOverride: string | undefined;
	/** Parsed JSON body (create routes). */
	body: Record<string, unknown>;
}

export interface Route {
	method: 'GET' | 'POST';
	/** Matched against the path after the provider prefix. */
	pattern: RegExp;
	kind: RequestKind;
	/** Rate-limit bucket (a key of ProviderSpec.limits). */
	bucket?: string;
	/** Index into params of the job id. */
	jobParam?: number;
	handle(ctx: RouteContext): Answer | Promise<Answer>;
}

export interface ProviderErrors {
	unauthorized(): JsonAnswer;
	notFound(): JsonAnswer;
	routeNotFound(): JsonAnswer;
	badRequest(message: string): JsonAnswer;
	/** 429, with the provider's own headers (Retry-After etc.). */
	rateLimited(info: LimitInfo, sim: SimState): JsonAnswer;
	server(status: 500 | 502 | 503): JsonAnswer;
	/** AI Stats only: 501 while video routes are disabled. */
	notImplemented?(): JsonAnswer;
	/** Hooked only: 403 for another team's video. */
	otherTeam?(): JsonAnswer;
}

export interface ProviderSpec {
	id: ProviderId;
	/** Requests per window (window in provider ms, divided by timeScale). */
	limits: Record<string, { limit: number; windowMs: number }>;
	/** Headers added to every answer of a rate-limited route. */
	limitHeaders?(info: LimitInfo, sim: SimState): HeaderMap;
	authorized(req: IncomingMessage, key: string): boolean;
	errors: ProviderErrors;
	routes: Route[];
	jobs: JobDefaults;
}

const isContent = (a: Answer): a is ContentAnswer => 'content' in a;

export async function serveProvider(sim: SimState, spec: ProviderSpec, req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
	const ps = sim.providerStats[spec.id];
	ps.requests++;
	let extraHeaders: HeaderMap = {};
	const send = (answer: Answer): number => {
		if (res.destroyed) return 0;
		if (isContent(answer)) {
			return sendContent(req, res, answer.content, { ...extraHeaders, ...(answer.headers ?? {}) });
		}
		sendJson(res, answer.status, answer.json, { ...extraHeaders, ...(answer.headers ?? {}) });
		return answer.status;
	};

	const method = req.method === 'HEAD' ? 'GET' : req.method;
	let match: RegExpExecArray | null = null;
	const route = spec.routes.find((r) => r.method === method && (match = r.pattern.exec(path)) !== null);
	if (!route || !match) {
		ps.notFound++;
		send(spec.errors.routeNotFound());
		return;
	}
	const params = (match as RegExpExecArray).slice(1).map((p) => safeDecode(p ?? ''));
	const jobId = route.jobParam === undefined ? undefined : params[route.jobParam];
	const job = jobId === undefined ? undefined : sim.findJob(jobId, spec.id);
	if (route.kind === 'status') ps.statusRequests++;
	else if (route.kind === 'create') ps.createRequests++;
	else ps.otherRequests++;
	if (job) {
		if (route.kind === 'status') job.statusRequests++;
		else job.otherRequests++;
	}
	const rateLimited = (a: JsonAnswer): void => {
		ps.rateLimited++;
		if (job) job.rateLimited++;
		send(a);
	};

	// Rate limit: counted always, enforced unless disabled.
	if (route.bucket !== undefined) {
		const cfg = spec.limits[route.bucket];
		if (cfg) {
			const info = sim.limiter(spec.id, route.bucket, cfg.limit, cfg.windowMs).hit(Date.now());
			extraHeaders = spec.limitHeaders?.(info, sim) ?? {};
			if (!info.allowed && sim.enforceRateLimits) {
				rateLimited(spec.errors.rateLimited(info, sim));
				return;
			}
		}
	}

	if (!spec.authorized(req, sim.keys[spec.id])) {
		ps.authFailures++;
		send(spec.errors.unauthorized());
		return;
	}

	const pf = sim.providerFaults[spec.id];
	if (spec.errors.notImplemented && takeNotImplemented(pf)) {
		ps.notImplemented++;
		send(spec.errors.notImplemented());
		return;
	}

	let body: Record<string, unknown> = {};
	if (route.kind === 'create') {
		const parsed = await readJson(req);
		if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
			send(spec.errors.badRequest(parsed.ok ? 'Request body must be a JSON object' : parsed.message));
			return;
		}
		body = parsed.value as Record<string, unknown>;
	}

	if (route.jobParam !== undefined && !job) {
		ps.notFound++;
		send(spec.errors.notFound());
		return;
	}
	if (job && spec.errors.notImplemented && takeNotImplemented(job.faults)) {
		ps.notImplemented++;
		send(spec.errors.notImplemented());
		return;
	}
	if (spec.errors.otherTeam && (pf.otherTeam || job?.faults.otherTeam)) {
		ps.forbidden++;
		send(spec.errors.otherTeam());
		return;
	}

	const states = [job?.faults, pf].filter((s): s is FaultState => s !== undefined && appliesTo(s, route.kind));
	const slow = takeSlow(states);
	if (slow > 0) {
		await sim.sleep(slow);
		if (sim.closed || res.destroyed) return;
	}
	const fault = takeTransient(states);
	if (fault) {
		const now = Date.now();
		switch (fault.type) {
			case 'drop':
				ps.dropped++;
				req.socket.destroy();
				return;
			case 'rateLimit': {
				const retryAfterMs = sim.scaled(fault.retryAfterSeconds * 1000);
				const cfg = (route.bucket !== undefined ? spec.limits[route.bucket] : undefined) ?? Object.values(spec.limits)[0];
				const info: LimitInfo = { allowed: false, limit: cfg?.limit ?? 60, remaining: 0, resetAt: now + retryAfterMs, retryAfterMs };
				extraHeaders = spec.limitHeaders?.(info, sim) ?? {};
				rateLimited(spec.errors.rateLimited(info, sim));
				return;
			}
			case 'serverError':
				ps.serverErrors++;
				send(spec.errors.server(fault.status));
				return;
			case 'html':
				ps.htmlPages++;
				sendHtmlPage(res, fault.status, extraHeaders);
				return;
		}
	}

	const now = Date.now();
	const ctx: RouteContext = {
		sim,
		req,
		url,
		params,
		now,
		job: job as JobState,
		view: job ? sim.view(job, now) : (undefined as unknown as JobView),
		statusOverride: route.kind === 'status' ? takeUnknownStatus(states) : undefined,
		body,
	};
	const answer = await route.handle(ctx);
	const status = send(answer);
	if (job && route.kind === 'status' && status === 200 && ctx.view.terminal && ctx.statusOverride === undefined && job.firstTerminalServedAt === null) {
		job.firstTerminalServedAt = Date.now();
	}
}

/** Common helpers for provider modules. */

/**
 * Create a job from a provider's create request. The body may carry `_sim` with JobSpec fields
 * (durationMs, outcome, faults, …): a simulator extension a real provider would ignore.
 */
export function createFromRequest(sim: SimState, provider: ProviderId, fields: Partial<JobSpec>, body: Record<string, unknown>): JobState {
	const s = body._sim;
	const overrides = typeof s === 'object' && s !== null && !Array.isArray(s) ? (s as Record<string, unknown>) : {};
	const spec: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(fields)) if (v !== undefined) spec[k] = v;
	return sim.createJob({ ...spec, ...overrides, provider } as JobSpec);
}

export function stringField(body: Record<string, unknown>, name: string): string | undefined {
	const v = body[name];
	return typeof v === 'string' && v !== '' ? v : undefined;
}

export function numberField(body: Record<string, unknown>, name: string): number | undefined {
	const v = body[name];
	if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
	if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)) return Number(v);
	return undefined;
}

/** Storage paths. */
export const signedVideoPath = (job: JobState): string => `/bucket/${PATH_PREFIX[job.provider]}/${encodeURIComponent(job.id)}.mp4`;
export const publicThumbnailPath = (job: JobState): string => `/public/thumbnails/${PATH_PREFIX[job.provider]}/${encodeURIComponent(job.id)}.jpg`;
export const publicVideoPath = (job: JobState): string => `/public/generated-videos/sim-org/${encodeURIComponent(job.id)}/video.mp4`;

/**
 * A signed storage URL for the job's video, issued at `issuedAtMs`, valid `nominalSeconds`
 * (divided by timeScale). With the expiredUrl fault it is issued long enough ago to be expired.
 */
export function signedVideoUrl(sim: SimState, job: JobState, issuedAtMs: number, nominalSeconds: number): { url: string; expiresAt: number } {
	const lifetime = sim.lifetimeSec(nominalSeconds);
	let expired = job.faults.expiredUrl === true;
	if (!expired && job.faults.expiredLinks > 0) {
		job.faults.expiredLinks -= 1;
		expired = true;
	}
	const issued = expired ? Math.min(issuedAtMs, Date.now()) - (lifetime + 60) * 1000 : issuedAtMs;
	return presign(sim.secret, sim.storageUrl, signedVideoPath(job), issued, lifetime);
}
