/**
 * The engine's transport inside n8n: n8n's own request helpers, so the host's proxy settings
 * and credential handling apply. The provider's key is added by n8n from the credential, and
 * only to requests marked `authenticated`.
 */
import type { ICredentialDataDecryptedObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { lowerCaseHeaders, parseBody, toTransportError } from '../../../src/transport/responses';
import type { HttpRequest, HttpStreamResponse, Transport } from '../../../src/transport/types';

interface FullResponse<T> {
	body: T;
	headers: Record<string, unknown>;
	statusCode: number;
}

/**
 * `credentials` are the ones the node read at the start of the execution. Handing them to n8n
 * spares a database read and a decryption on every status look (about a quarter of the CPU in
 * a 500-job batch); the key is still added by n8n's own credential helper.
 */
export function createN8nTransport(context: IExecuteFunctions, credentialType: string, credentials: ICredentialDataDecryptedObject): Transport {
	const reference = context.getNode().credentials?.[credentialType];
	const send = async <T>(request: HttpRequest, encoding: 'text' | 'stream'): Promise<FullResponse<T>> => {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			headers: request.headers,
			timeout: request.timeoutMs,
			encoding,
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// A redirect must not carry the key to another host; downloads follow redirects themselves.
			disableFollowRedirect: request.authenticated,
			abortSignal: request.signal,
		};
		try {
			const response = request.authenticated
				? await context.helpers.httpRequestWithAuthentication.call(context, credentialType, options, {
						// a copy: n8n may merge pre-authentication data into it
						credentialsDecrypted: { id: reference?.id ?? '', name: reference?.name ?? credentialType, type: credentialType, data: { ...credentials } },
					})
				: await context.helpers.httpRequest(options);
			return response as FullResponse<T>;
		} catch (error) {
			// n8n's request errors carry the request headers (with the key): keep only code and message.
			throw toTransportError(error);
		}
	};
	return {
		async request(request) {
			const response = await send<string>(request, 'text');
			return {
				status: response.statusCode,
				headers: lowerCaseHeaders(response.headers),
				body: parseBody(response.body),
			};
		},
		async stream(request) {
			const response = await send<HttpStreamResponse['body']>(request, 'stream');
			return { status: response.statusCode, headers: lowerCaseHeaders(response.headers), body: response.body };
		},
	};
}
