/**
 * Typed errors of the polling engine. Messages name the provider, the job and what to check;
 * they never carry an API key or request headers.
 */
import type { NormalizedJob, ProviderId } from '../providers/types';

export type PollErrorKind =
	| 'input' // bad job ID, before any request
	| 'auth' // 401/403: the key
	| 'notFound' // 404: the job ID or base URL
	| 'client' // other 4xx
	| 'unavailable' // AI Stats 501 not_implemented: capability switched off
	| 'server' // 5xx after retries
	| 'network' // refused/reset/timeouts after retries
	| 'shape' // body not the documented shape
	| 'timeout' // maxWait reached
	| 'cancelled' // execution stopped
	| 'download'; // fetching the video failed

export class PollError extends Error {
	readonly kind: PollErrorKind;
	readonly provider: ProviderId;
	readonly jobId: string;
	readonly httpStatus: number | null;
	/** The provider's own error code, if it gave one. */
	readonly providerCode: string | null;
	/** What the user should check or do. */
	readonly hint: string | null;
	/** What was known about the job when it failed (for "On Error: continue"). */
	job: NormalizedJob | null = null;

	constructor(init: {
		kind: PollErrorKind;
		provider: ProviderId;
		jobId: string;
		message: string;
		httpStatus?: number | null;
		providerCode?: string | null;
		hint?: string | null;
	}) {
		super(init.message);
		this.name = 'PollError';
		this.kind = init.kind;
		this.provider = init.provider;
		this.jobId = init.jobId;
		this.httpStatus = init.httpStatus ?? null;
		this.providerCode = init.providerCode ?? null;
		this.hint = init.hint ?? null;
	}
}

/** A body that is not the documented shape; carries a short excerpt of what came. */
export class ResponseShapeError extends Error {
	constructor(
		message: string,
		readonly excerpt: string,
	) {
		super(message);
		this.name = 'ResponseShapeError';
	}
}

/** The wait was stopped from outside (n8n's cancel signal, Ctrl-C). */
export class CancelledError extends Error {
	constructor() {
		super('Stopped: the execution was cancelled');
		this.name = 'CancelledError';
	}
}

export function excerpt(body: unknown, max = 160): string {
	const text = typeof body === 'string' ? body : safeJson(body);
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function safeJson(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}
