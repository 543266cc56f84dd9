/**
 * The storage host, on its own port (a different origin, like S3 or Supabase Storage):
 *   /bucket/<provider>/<jobId>.mp4?X-Amz-…            presigned video URLs (AI Stats, ReelBot,
 *                                                     Hooked, GeekHub fallback)
 *   /public/generated-videos/sim-org/<jobId>/video.mp4 GeekHub's public, non-expiring URL
 *   /public/thumbnails/<provider>/<jobId>.jpg          thumbnails (Hooked)
 * Like S3 it refuses (400 InvalidArgument) any request that also carries an Authorization or
 * x-api-key header, 403 AccessDenied "Request has expired" past expiry, 403
 * SignatureDoesNotMatch on a tampered URL. It logs every request's header NAMES (not values).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { THUMBNAIL_BYTES, sendContent, type ContentRef } from './content';
import { headerNames, safeDecode, sendText } from './http';
import { verify } from './signing';
import type { JobState, SimState } from './state';
import { PATH_PREFIX, PROVIDERS, type ProviderId, type StorageRequestLog } from './types';

const PROVIDER_BY_PREFIX = new Map<string, ProviderId>(PROVIDERS.map((p) => [PATH_PREFIX[p], p]));

function xmlEscape(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function sendXmlError(res: ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}): void {
	const fields = Object.entries(extra)
		.map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
		.join('');
	const xml =
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
		`<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${fields}` +
		`<RequestId>${randomBytes(8).toString('hex').toUpperCase()}</RequestId><HostId>${randomBytes(24).toString('base64')}</HostId></Error>`;
	sendText(res, status, 'application/xml', xml, { 'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase() });
}

interface Target {
	kind: 'signed' | 'public' | 'thumbnail';
	provider: ProviderId;
	jobId: string;
}

function parseTarget(pathname: string): Target | undefined {
	let m = /^\/bucket\/([^/]+)\/([^/]+)\.mp4$/.exec(pathname);
	if (m) {
		const provider = PROVIDER_BY_PREFIX.get(m[1] ?? '');
		return provider ? { kind: 'signed', provider, jobId: safeDecode(m[2] ?? '') } : undefined;
	}
	m = /^\/public\/generated-videos\/sim-org\/([^/]+)\/video\.mp4$/.exec(pathname);
	if (m) return { kind: 'public', provider: 'geekHub', jobId: safeDecode(m[1] ?? '') };
	m = /^\/public\/thumbnails\/([^/]+)\/([^/]+)\.jpg$/.exec(pathname);
	if (m) {
		const provider = PROVIDER_BY_PREFIX.get(m[1] ?? '');
		return provider ? { kind: 'thumbnail', provider, jobId: safeDecode(m[2] ?? '') } : undefined;
	}
	return undefined;
}

export function handleStorage(sim: SimState, req: IncomingMessage, res: ServerResponse): void {
	const st = sim.storageStats;
	st.requests++;
	const url = new URL(req.url ?? '/', 'http://storage.invalid');
	const entry: StorageRequestLog = {
		at: Date.now(),
		method: req.method ?? 'GET',
		url: req.url ?? '/',
		headerNames: headerNames(req),
		status: 0,
		provider: null,
		jobId: null,
	};
	sim.logStorage(entry);
	const fail = (status: number, code: string, message: string, extra?: Record<string, string>): void => {
		entry.status = status;
		sendXmlError(res, status, code, message, extra);
	};

	if (req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined) {
		st.refusedAuth++;
		fail(
			400,
			'InvalidArgument',
			'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
			{ ArgumentName: req.headers.authorization !== undefined ? 'Authorization' : 'x-api-key' },
		);
		return;
	}
	if (req.method !== 'GET' && req.method !== 'HEAD') {
		fail(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', { Method: req.method ?? '' });
		return;
	}
	const target = parseTarget(url.pathname);
	if (!target) {
		st.notFound++;
		fail(404, 'NoSuchKey', 'The specified key does not exist.', { Key: url.pathname.replace(/^\//, '') });
		return;
	}
	entry.provider = target.provider;
	entry.jobId = target.jobId;
	const job: JobState | undefined = sim.findJob(target.jobId, target.provider);
	if (job) job.storageRequests++;

	const now = Date.now();
	if (target.kind === 'signed') {
		const verdict = verify(sim.secret, url.pathname, url.searchParams, now);
		if (!verdict.ok) {
			if (verdict.reason === 'missing') {
				fail(403, 'AccessDenied', 'Access Denied');
			} else if (verdict.reason === 'badSignature') {
				st.badSignature++;
				fail(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
			} else {
				st.expired++;
				fail(403, 'AccessDenied', 'Request has expired', {
					'X-Amz-Expires': String(verdict.lifetimeSec),
					Expires: new Date(verdict.expiresAt).toISOString(),
					ServerTime: new Date(now).toISOString(),
				});
			}
			return;
		}
	}
	const completed = job !== undefined && sim.view(job, now).status === 'completed';
	if (!job || !completed) {
		st.notFound++;
		fail(404, 'NoSuchKey', 'The specified key does not exist.', { Key: url.pathname.replace(/^\//, '') });
		return;
	}
	if (job.faults.expiredUrl === 'gone' || (target.kind === 'public' && job.faults.expiredUrl === true)) {
		st.gone++;
		fail(410, 'Gone', 'The object is no longer available.');
		return;
	}
	const ref: ContentRef =
		target.kind === 'thumbnail' ? { kind: 'thumbnail', jobId: job.id, size: THUMBNAIL_BYTES } : { kind: 'video', jobId: job.id, size: job.videoBytes };
	entry.status = sendContent(req, res, ref, { 'Last-Modified': new Date(job.terminalAt).toUTCString() }, (n) => {
		st.bytesServed += n;
	});
}
