/**
 * The transport for use outside n8n (the command-line waiter): axios, with the provider's
 * key added only to requests marked `authenticated` — never to a storage host.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { Readable } from 'node:stream';
import type { HttpRequest, HttpResponse, HttpStreamResponse, Transport } from './types';
import { lowerCaseHeaders, parseBody, toTransportError } from './responses';

export function createAxiosTransport(authHeaders: Record<string, string>, instance: AxiosInstance = axios.create()): Transport {
	const send = async <T>(request: HttpRequest, responseType: 'text' | 'stream'): Promise<AxiosResponse<T>> => {
		try {
			return await instance.request<T>({
				method: request.method,
				url: request.url,
				headers: { ...(request.headers ?? {}), ...(request.authenticated ? authHeaders : {}) },
				timeout: request.timeoutMs,
				signal: request.signal,
				responseType,
				// Every HTTP status is an answer for the engine to read, not an exception.
				validateStatus: () => true,
				// No automatic redirects into another host with our headers on.
				maxRedirects: request.authenticated ? 0 : 5,
				transitional: { silentJSONParsing: true, forcedJSONParsing: false },
			});
		} catch (error) {
			throw toTransportError(error);
		}
	};
	return {
		async request(request: HttpRequest): Promise<HttpResponse> {
			const response = await send<string>(request, 'text');
			return { status: response.status, headers: lowerCaseHeaders(response.headers), body: parseBody(response.data) };
		},
		async stream(request: HttpRequest): Promise<HttpStreamResponse> {
			const response = await send<Readable>(request, 'stream');
			return { status: response.status, headers: lowerCaseHeaders(response.headers), body: response.data };
		},
	};
}

