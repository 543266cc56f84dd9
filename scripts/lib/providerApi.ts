/**
 * Creating a video job the way the examples do — the create request of each provider's example
 * (its HTTP Request node: method, path, JSON body) sent with the provider's own auth header —
 * from plain Node, for the demo. `extraBody` is merged into the body (e.g. the simulator's
 * `_sim` hints, which a real provider would ignore).
 */
import { PROVIDER_EXAMPLES, PUBLIC_BASE_URLS, type ProviderId, loadExample, nodeByName, NODE_NAMES } from './examples';

export interface CreateRequest {
	method: string;
	/** Path under the provider's base URL, e.g. /v1/videos/generations. */
	path: string;
	body: Record<string, unknown>;
}

/** The create call of examples/<provider>-create-and-wait.json. */
export function exampleCreateRequest(provider: ProviderId): CreateRequest {
	const node = nodeByName(loadExample(PROVIDER_EXAMPLES[provider]), NODE_NAMES.providerCreate(provider));
	const url = String(node.parameters.url);
	if (!url.startsWith(PUBLIC_BASE_URLS[provider])) throw new Error(`${provider} example posts to ${url}`);
	return {
		method: String(node.parameters.method ?? 'GET'),
		path: url.slice(PUBLIC_BASE_URLS[provider].length),
		body: JSON.parse(String(node.parameters.jsonBody)) as Record<string, unknown>,
	};
}

/** Each provider's documented auth header (what the credential types send). */
export function authHeaders(provider: ProviderId, apiKey: string): Record<string, string> {
	switch (provider) {
		case 'reelBot':
			return { 'X-API-Key': apiKey };
		case 'hooked':
			return { 'x-api-key': apiKey };
		default:
			return { Authorization: `Bearer ${apiKey}` };
	}
}

/** The job ID in a create answer (what the examples' Video Poller "Job ID" expressions read). */
export function jobIdFromCreateAnswer(provider: ProviderId, answer: unknown): string {
	const a = (answer ?? {}) as Record<string, unknown>;
	const data = (a.data ?? {}) as Record<string, unknown>;
	const id = provider === 'reelBot' ? a.projectId : provider === 'hooked' ? (data.videoId ?? a.videoId) : (a.id ?? a.video_id);
	if (typeof id !== 'string' || id === '') throw new Error(`${provider}: no job ID in the create answer ${JSON.stringify(answer).slice(0, 300)}`);
	return id;
}

export async function createJobViaApi(
	provider: ProviderId,
	baseUrl: string,
	apiKey: string,
	extraBody: Record<string, unknown> = {},
): Promise<{ id: string; answer: unknown }> {
	const request = exampleCreateRequest(provider);
	const url = baseUrl.replace(/\/+$/, '') + request.path;
	const res = await fetch(url, {
		method: request.method,
		headers: { 'content-type': 'application/json', accept: 'application/json', ...authHeaders(provider, apiKey) },
		body: JSON.stringify({ ...request.body, ...extraBody }),
		signal: AbortSignal.timeout(15_000),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`${provider}: ${request.method} ${url} answered HTTP ${res.status}: ${text.slice(0, 300)}`);
	const answer = JSON.parse(text) as unknown;
	return { id: jobIdFromCreateAnswer(provider, answer), answer };
}
