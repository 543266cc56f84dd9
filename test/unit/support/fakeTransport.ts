/** A scripted transport: each request is answered by a handler; every request is recorded. */
import type { HttpRequest, HttpResponse, HttpStreamResponse, Transport } from '../../../src/transport/types';
import type { FakeClock } from './fakeClock';

export interface RecordedRequest extends HttpRequest {
	at: number;
}

export type Handler = (request: HttpRequest, count: number) => HttpResponse | Promise<HttpResponse>;

export class FakeTransport implements Transport {
	readonly requests: RecordedRequest[] = [];

	constructor(
		private readonly clock: FakeClock,
		private readonly handler: Handler,
	) {}

	async request(request: HttpRequest): Promise<HttpResponse> {
		this.requests.push({ ...request, at: this.clock.now() });
		return await this.handler(request, this.requests.length);
	}

	stream(): Promise<HttpStreamResponse> {
		throw new Error('not used in these tests');
	}

	/** Requests whose URL contains `part`. */
	to(part: string): RecordedRequest[] {
		return this.requests.filter((r) => r.url.includes(part));
	}

	/** Requests whose path ends with this job ID. */
	forJob(jobId: string): RecordedRequest[] {
		return this.requests.filter((r) => r.url.split('?')[0].endsWith(`/${encodeURIComponent(jobId)}`));
	}
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
	return { status, headers, body };
}
