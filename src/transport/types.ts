/**
 * The one seam between the engine and the network. Inside n8n it is n8n's own request helper
 * (proxy, credentials); outside n8n it is axios. The engine does not know which it has.
 */
import type { Readable } from 'node:stream';

export interface HttpRequest {
	method: 'GET' | 'POST' | 'HEAD';
	/** Absolute URL. */
	url: string;
	/** Attach the provider's API key. False for storage hosts (signed URLs must not carry it). */
	authenticated: boolean;
	headers?: Record<string, string>;
	timeoutMs: number;
	signal?: AbortSignal;
}

export interface HttpResponse {
	status: number;
	/** Header names in lower case. */
	headers: Record<string, string>;
	/** Parsed JSON when the body is JSON, else the text (an HTML error page, say). */
	body: unknown;
}

export interface HttpStreamResponse {
	status: number;
	headers: Record<string, string>;
	body: Readable;
}

/** Thrown by a transport when no HTTP answer arrived (refused, reset, timed out, aborted). */
export class TransportError extends Error {
	constructor(
		message: string,
		/** ECONNREFUSED, ECONNRESET, ETIMEDOUT, ABORTED, … */
		readonly code: string,
	) {
		super(message);
		this.name = 'TransportError';
	}
}

export interface Transport {
	/** Resolves with any HTTP status; rejects only with TransportError. */
	request(request: HttpRequest): Promise<HttpResponse>;
	/** Same, with the body as a stream (downloads). */
	stream(request: HttpRequest): Promise<HttpStreamResponse>;
}
