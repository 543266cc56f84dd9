/** Reading HTTP answers the same way whichever client fetched them (axios, n8n's helpers). */
import { TransportError } from './types';

/** JSON when it parses, else the text as it came (an HTML error page, say). */
export function parseBody(data: unknown): unknown {
	if (typeof data !== 'string') return data;
	const trimmed = data.trim();
	if (trimmed === '') return '';
	try {
		return JSON.parse(trimmed);
	} catch {
		return data;
	}
}

export function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!headers || typeof headers !== 'object') return out;
	for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
		if (value === undefined || value === null) continue;
		out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return out;
}

/** Only the code and a message: the request config (with its headers and key) is dropped. */
export function toTransportError(error: unknown): TransportError {
	if (error instanceof TransportError) return error;
	// Duck-typed: n8n's helpers throw errors from n8n's own copy of axios.
	if (error instanceof Error && (error.name === 'CanceledError' || error.name === 'AbortError')) {
		return new TransportError('request aborted', 'ABORTED');
	}
	if (error instanceof Error && 'code' in error && (error as { code?: unknown }).code) {
		const code = String((error as { code?: string }).code ?? 'ENETWORK');
		const message = code === 'ECONNABORTED' ? 'request timed out' : error.message;
		return new TransportError(message, code === 'ECONNABORTED' ? 'ETIMEDOUT' : code);
	}
	return new TransportError(String(error), 'ENETWORK');
}
