/**
 * Sends one provider request politely: through the shared budget, waiting out 429s as told,
 * retrying 5xx and network failures with bounded exponential backoff, and turning every
 * other answer into a PollError that says what to check.
 */
import type { ProviderAdapter, ProviderRequest } from '../providers/types';
import type { HttpResponse, Transport } from '../transport/types';
import { TransportError } from '../transport/types';
import type { Clock } from './clock';
import { CancelledError, PollError, excerpt } from './errors';
import { parseResetAt, parseRetryAfter } from './rateHeaders';
import type { BudgetRegistry, RequestBudget } from './requestBudget';

export interface RequestCounters {
	attempts: number;
	rateLimited: number;
}

export interface ClientOptions {
	adapter: ProviderAdapter;
	baseUrl: string;
	transport: Transport;
	clock: Clock;
	random: () => number;
	budgets: BudgetRegistry;
	signal?: AbortSignal;
	requestTimeoutMs: number;
	/** Retries after a 5xx or a network failure, per request. */
	maxRetries: number;
}

/** Thrown when the deadline falls while a request is held back (429, backoff). */
export class DeadlineReached extends Error {
	constructor() {
		super('deadline reached');
		this.name = 'DeadlineReached';
	}
}

const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 30_000;
/** Shortest request timeout, even right at the deadline: an answer needs some time to come. */
const MIN_REQUEST_TIMEOUT_MS = 1000;
/** A hard stop for one request's loop, whatever the deadline. */
const MAX_RATE_LIMITED_WAITS = 500;

export class ProviderClient {
	private readonly baseUrl: string;

	constructor(private readonly options: ClientOptions) {
		this.baseUrl = options.baseUrl.replace(/\/+$/, '');
	}

	url(request: ProviderRequest): string {
		const query = request.query ? `?${new URLSearchParams(request.query).toString()}` : '';
		return `${this.baseUrl}${request.path}${query}`;
	}

	private budget(kind: 'status' | 'download'): RequestBudget {
		const { adapter, budgets, clock } = this.options;
		const limit = kind === 'download' ? (adapter.downloadRateLimit ?? adapter.statusRateLimit) : adapter.statusRateLimit;
		return budgets.get(`${adapter.id} ${this.baseUrl} ${kind}`, limit, clock);
	}

	/** About how long until `count` more status requests fit the provider's rate budget (planning only). */
	statusBudgetWaitMs(count: number): number {
		return this.budget('status').estimateWaitMs(count);
	}

	/** Resolves with the 2xx body. */
	async getJson(
		request: ProviderRequest,
		jobId: string,
		counters: RequestCounters,
		deadline: number,
	): Promise<unknown> {
		const { adapter, transport, clock, signal } = this.options;
		const budget = this.budget(request.budget ?? 'status');
		let failures = 0;
		let rateLimitedWaits = 0;
		let lastProblem = '';

		for (;;) {
			if (signal?.aborted) throw new CancelledError();
			if (clock.now() >= deadline) throw new DeadlineReached();
			await this.sleepUntilBudget(budget, deadline);

			let response: HttpResponse;
			counters.attempts += 1;
			let answered = false;
			try {
				response = await transport.request({
					method: request.method,
					url: this.url(request),
					authenticated: true,
					headers: { accept: 'application/json' },
					// a slow answer must not carry the wait past its deadline
					timeoutMs: Math.max(MIN_REQUEST_TIMEOUT_MS, Math.min(this.options.requestTimeoutMs, deadline - clock.now())),
					signal,
				});
				answered = true;
				budget.answered(response.headers);
			} catch (error) {
				if (!answered) budget.answered(null);
				if (signal?.aborted) throw new CancelledError();
				if (!(error instanceof TransportError)) throw error;
				lastProblem = `${error.code}: ${error.message}`;
				failures += 1;
				if (failures > this.options.maxRetries) {
					throw new PollError({
						kind: 'network',
						provider: adapter.id,
						jobId,
						message: `Could not reach ${adapter.displayName} for job "${jobId}" after ${failures} tries (${lastProblem})`,
						hint: `Check the credential's base URL (${this.baseUrl}) and the network; the request was retried with backoff.`,
					});
				}
				await this.backoff(failures, deadline);
				continue;
			}

			if (response.status >= 200 && response.status < 300) return response.body;

			const info = adapter.parseError(response.status, response.body);
			if (response.status === 429) {
				counters.rateLimited += 1;
				rateLimitedWaits += 1;
				if (rateLimitedWaits > MAX_RATE_LIMITED_WAITS) throw new DeadlineReached();
				const now = clock.now();
				const waitMs =
					parseRetryAfter(response.headers['retry-after'], now) ??
					(info.resetAt ? info.resetAt.getTime() - now : null) ??
					nullableReset(response.headers, now) ??
					Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (rateLimitedWaits - 1));
				// Everyone sharing the budget waits, not only this job: that is what the provider asked.
				budget.pause(now + Math.max(waitMs, 50));
				continue;
			}

			const providerText = describe(info.code, info.message, response.body);
			if (response.status >= 500 && response.status !== 501) {
				lastProblem = `HTTP ${response.status}${providerText}`;
				failures += 1;
				if (failures > this.options.maxRetries) {
					throw new PollError({
						kind: 'server',
						provider: adapter.id,
						jobId,
						httpStatus: response.status,
						providerCode: info.code,
						message: `${adapter.displayName} kept failing for job "${jobId}": ${lastProblem} after ${failures} tries`,
						hint: 'The provider seems to be having trouble; try again later.',
					});
				}
				await this.backoff(failures, deadline);
				continue;
			}
			throw this.clientError(response.status, info.code, providerText, jobId);
		}
	}

	private clientError(status: number, code: string | null, providerText: string, jobId: string): PollError {
		const { adapter } = this.options;
		const name = adapter.displayName;
		const credential = `the "${name} API" credential`;
		const base = { provider: adapter.id, jobId, httpStatus: status, providerCode: code };
		if (status === 401 || status === 403) {
			return new PollError({
				...base,
				kind: 'auth',
				message: `${name} refused the request for job "${jobId}" (HTTP ${status}${providerText})`,
				hint:
					status === 403
						? `Check the API key in ${credential}, and that the job belongs to the same account or team as the key.`
						: `Check the API key in ${credential}.`,
			});
		}
		if (status === 404) {
			return new PollError({
				...base,
				kind: 'notFound',
				message: `${name} has no job "${jobId}" (HTTP 404${providerText})`,
				hint: `Check the job ID (the ID the create call returned) and the base URL in ${credential} (${this.baseUrl}).`,
			});
		}
		if (status === 501) {
			return new PollError({
				...base,
				kind: 'unavailable',
				message: `${name} has video status switched off (HTTP 501${providerText})`,
				hint: `This is the provider's capability being disabled, not a failed job; there is nothing to retry until ${name} enables its video routes.`,
			});
		}
		return new PollError({
			...base,
			kind: 'client',
			message: `${name} refused the status request for job "${jobId}" (HTTP ${status}${providerText})`,
			hint: `Check the job ID and ${credential}; HTTP ${status} is not retried.`,
		});
	}

	private async sleepUntilBudget(budget: RequestBudget, deadline: number): Promise<void> {
		const { clock, signal } = this.options;
		// The budget may hold us past the deadline; race it against the deadline.
		const controller = new AbortController();
		const onAbort = () => controller.abort();
		signal?.addEventListener('abort', onAbort, { once: true });
		try {
			const acquired = budget.acquire(controller.signal).then(() => 'ok' as const);
			const timer = clock.sleep(Math.max(0, deadline - clock.now()), controller.signal).then(() => 'deadline' as const);
			const winner = await Promise.race([acquired, timer]);
			controller.abort();
			await Promise.allSettled([acquired, timer]);
			if (winner === 'deadline') throw new DeadlineReached();
		} catch (error) {
			if (signal?.aborted) throw new CancelledError();
			throw error;
		} finally {
			signal?.removeEventListener('abort', onAbort);
		}
	}

	private async backoff(failures: number, deadline: number): Promise<void> {
		const { clock, random, signal } = this.options;
		const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
		// "Equal jitter": half fixed, half random, so retries from a batch spread out.
		const wait = ceiling / 2 + random() * (ceiling / 2);
		const left = deadline - clock.now();
		if (left <= wait) {
			await clock.sleep(Math.max(0, left), signal);
			throw new DeadlineReached();
		}
		await clock.sleep(wait, signal);
	}
}

function nullableReset(headers: Record<string, string>, now: number): number | null {
	const reset = parseResetAt(headers['x-ratelimit-reset'] ?? headers['x-ratelimit-reset-requests'], now);
	return reset === null ? null : Math.max(0, reset - now);
}

function describe(code: string | null, message: string | null, body: unknown): string {
	const parts = [code, message].filter((p): p is string => !!p);
	if (parts.length > 0) return `: ${parts.join(' — ')}`;
	const text = excerpt(body, 120);
	return text ? `: ${text}` : '';
}
