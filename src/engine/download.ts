/**
 * Fetching the finished video as a stream, wherever it lives: a signed storage URL (fetched
 * with no key at all), or the provider's own key-protected endpoint (the key goes only to the
 * provider's own host). An expired link is refreshed once through a new status look.
 */
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { NormalizedJob, ProviderAdapter } from '../providers/types';
import type { HttpStreamResponse, Transport } from '../transport/types';
import { TransportError } from '../transport/types';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { CancelledError, PollError } from './errors';

export interface DownloadOptions {
	/** Largest accepted size in bytes; larger is an error before (or while) reading. */
	maxBytes: number;
	/** Poe's content variants: `video` (default), `thumbnail`, `spritesheet`. */
	variant?: string;
	requestTimeoutSeconds?: number;
}

export interface DownloadEnvironment {
	adapter: ProviderAdapter;
	baseUrl: string;
	transport: Transport;
	clock?: Clock;
	signal?: AbortSignal;
	/** A fresh status look for the job, for a link that has expired (ReelBot: a new download URL). */
	refresh: () => Promise<{ job: NormalizedJob | null; error: PollError | null }>;
}

export interface VideoDownload {
	stream: Readable;
	fileName: string;
	mimeType: string;
	/** From Content-Length, when the host sent it. */
	size: number | null;
	url: string;
	/** The job as it was when the video was fetched (a refresh may have renewed its URL). */
	job: NormalizedJob;
}

const MAX_REDIRECTS = 5;
const NOT_A_VIDEO = /^(text\/|application\/(json|xml|problem))/i;

export async function downloadVideo(job: NormalizedJob, options: DownloadOptions, env: DownloadEnvironment): Promise<VideoDownload> {
	const clock = env.clock ?? systemClock;
	const fail = (message: string, hint: string, httpStatus: number | null = null) =>
		new PollError({ kind: 'download', provider: env.adapter.id, jobId: job.jobId, message, hint, httpStatus });

	if (job.status !== 'completed') {
		throw fail(
			`${env.adapter.displayName} job "${job.jobId}" is ${job.status} (${job.providerStatus}); only a completed job has a video`,
			'Use "Wait for Video" to wait for the job first, or check the job ID.',
		);
	}
	let current = job;
	for (let attempt = 1; attempt <= 2; attempt++) {
		if (!current.videoUrl) {
			throw fail(`${env.adapter.displayName} reports job "${job.jobId}" completed but gives no video URL`, 'Try again later; if it persists the provider lost the file.');
		}
		const expired = current.videoUrlExpiresAt !== null && Date.parse(current.videoUrlExpiresAt) <= clock.now();
		if (!expired) {
			const url = withVariant(current.videoUrl, options.variant, env.adapter);
			const { response, finalUrl } = await fetchFollowingRedirects(url, current.videoUrlRequiresAuth, options, env, fail);
			if (response.status >= 200 && response.status < 300) {
				return accept(response, finalUrl, current, options, env, fail);
			}
			response.body.destroy();
			const linkDead = !current.videoUrlRequiresAuth && (response.status === 403 || response.status === 410);
			if (!linkDead || attempt === 2) {
				throw fail(
					`Fetching the video of ${env.adapter.displayName} job "${job.jobId}" failed with HTTP ${response.status}`,
					linkDead
						? 'The storage link was refused even after getting a fresh one; it may have expired for good.'
						: response.status === 401 || response.status === 403
							? `Check the API key in the "${env.adapter.displayName} API" credential.`
							: 'Try again later.',
					response.status,
				);
			}
		} else if (attempt === 2) {
			throw fail(
				`The video link of ${env.adapter.displayName} job "${job.jobId}" expired at ${current.videoUrlExpiresAt} and the provider gave no fresh one`,
				'Links expire (ReelBot 1 h, Hooked 24 h); download soon after the job completes, or recreate the job.',
			);
		}
		// The link has expired: ask the provider again (a new status look; ReelBot: a new download URL).
		const fresh = await env.refresh();
		if (fresh.error || !fresh.job) {
			throw fresh.error ?? fail(`Could not get a fresh link for job "${job.jobId}"`, 'Try again later.');
		}
		current = fresh.job;
	}
	throw fail(`Could not download the video of job "${job.jobId}"`, 'Try again later.');
}

function withVariant(url: string, variant: string | undefined, adapter: ProviderAdapter): string {
	if (!variant || variant === 'video' || !adapter.downloadVariants?.includes(variant)) return url;
	const parsed = new URL(url);
	parsed.searchParams.set('variant', variant);
	return parsed.toString();
}

async function fetchFollowingRedirects(
	startUrl: string,
	requiresAuth: boolean,
	options: DownloadOptions,
	env: DownloadEnvironment,
	fail: (message: string, hint: string, status?: number | null) => PollError,
): Promise<{ response: HttpStreamResponse; finalUrl: string }> {
	const providerOrigin = new URL(env.baseUrl).origin;
	let url = startUrl;
	for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
		// The key only ever goes to the provider's own host; a storage host gets no key at all.
		const authenticated = requiresAuth && new URL(url).origin === providerOrigin;
		if (requiresAuth && !authenticated && hop === 0) {
			throw fail(
				`The video URL of this job needs the API key but is not on the provider's host (${new URL(url).origin})`,
				`The key is only sent to the credential's base URL (${providerOrigin}); check the base URL.`,
			);
		}
		let response: HttpStreamResponse;
		try {
			response = await env.transport.stream({
				method: 'GET',
				url,
				authenticated,
				headers: { accept: 'video/*, application/octet-stream, image/*;q=0.8, */*;q=0.5' },
				timeoutMs: (options.requestTimeoutSeconds ?? 120) * 1000,
				signal: env.signal,
			});
		} catch (error) {
			if (env.signal?.aborted) throw new CancelledError();
			if (error instanceof TransportError) {
				throw fail(`Could not fetch the video (${error.code}: ${error.message})`, 'Check the network; the storage host did not answer.');
			}
			throw error;
		}
		const location = response.headers.location;
		if (response.status >= 300 && response.status < 400 && location) {
			response.body.destroy();
			url = new URL(location, url).toString();
			continue;
		}
		return { response, finalUrl: url };
	}
	throw fail(`Too many redirects while fetching the video`, 'The storage host keeps redirecting; try again later.');
}

function accept(
	response: HttpStreamResponse,
	url: string,
	job: NormalizedJob,
	options: DownloadOptions,
	env: DownloadEnvironment,
	fail: (message: string, hint: string, status?: number | null) => PollError,
): VideoDownload {
	const mimeType = (response.headers['content-type'] ?? 'application/octet-stream').split(';')[0].trim().toLowerCase();
	if (NOT_A_VIDEO.test(mimeType)) {
		response.body.destroy();
		throw fail(
			`The video URL of ${env.adapter.displayName} job "${job.jobId}" answered ${mimeType}, not a video`,
			'The host sent a page or an error instead of the file; the link may be wrong or expired.',
		);
	}
	const length = Number(response.headers['content-length']);
	const size = Number.isFinite(length) && length >= 0 ? length : null;
	if (size !== null && size > options.maxBytes) {
		response.body.destroy();
		throw fail(
			`The video of ${env.adapter.displayName} job "${job.jobId}" is ${formatBytes(size)}, above the ${formatBytes(options.maxBytes)} limit`,
			'Raise "Max Download Size" if you expect videos this large.',
		);
	}
	const limited = response.body.pipe(new ByteLimit(options.maxBytes, () =>
		fail(`The video of job "${job.jobId}" grew past the ${formatBytes(options.maxBytes)} limit while downloading`, 'Raise "Max Download Size".'),
	));
	response.body.on('error', (error) => limited.destroy(error));
	return { stream: limited, fileName: fileNameFor(url, env.adapter.id, job.jobId, mimeType), mimeType, size, url, job };
}

/** Passes bytes through and fails the stream once more than `max` have gone by. */
class ByteLimit extends Transform {
	private seen = 0;
	constructor(
		private readonly max: number,
		private readonly makeError: () => Error,
	) {
		super();
	}
	_transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
		this.seen += chunk.length;
		if (this.seen > this.max) callback(this.makeError());
		else callback(null, chunk);
	}
}

/** The URL's own file name when it has one, else `<provider>-<jobId>.<ext>`. */
export function fileNameFor(url: string, provider: string, jobId: string, mimeType: string): string {
	const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
	if (/^[\w.-]+\.[a-z0-9]{2,5}$/i.test(last)) return last;
	const ext = mimeType.startsWith('image/jpeg') ? 'jpg' : mimeType.startsWith('image/') ? mimeType.slice(6) : mimeType === 'video/webm' ? 'webm' : 'mp4';
	return `${provider}-${jobId.replace(/[^\w.-]+/g, '_')}.${ext}`;
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
	if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
	if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${bytes} B`;
}
