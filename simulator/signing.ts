/**
 * S3-style presigned URLs for the storage host. The signature is an HMAC over the path and the
 * X-Amz-* parameters with a per-simulator secret: tampering with the date or lifetime breaks it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
const ACCESS_KEY = 'SIMULATORACCESSKEY';

export interface Presigned {
	url: string;
	/** Real epoch ms when the URL stops working (X-Amz-Date + X-Amz-Expires). */
	expiresAt: number;
}

function amzDate(ms: number): string {
	return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function parseAmzDate(value: string): number | undefined {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
	if (!m) return undefined;
	return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

function signature(secret: string, path: string, credential: string, date: string, expires: string): string {
	return createHmac('sha256', secret).update([ALGORITHM, path, credential, date, expires, 'host'].join('\n')).digest('hex');
}

/**
 * Sign `path` (e.g. /bucket/hooked/vid_x.mp4) on `baseUrl`, valid `lifetimeSec` seconds from
 * `issuedAtMs` (truncated to the second, as X-Amz-Date is).
 */
export function presign(secret: string, baseUrl: string, path: string, issuedAtMs: number, lifetimeSec: number): Presigned {
	const issued = Math.floor(issuedAtMs / 1000) * 1000;
	const date = amzDate(issued);
	const credential = `${ACCESS_KEY}/${date.slice(0, 8)}/us-east-1/s3/aws4_request`;
	const expires = String(lifetimeSec);
	const params = new URLSearchParams({
		'X-Amz-Algorithm': ALGORITHM,
		'X-Amz-Credential': credential,
		'X-Amz-Date': date,
		'X-Amz-Expires': expires,
		'X-Amz-SignedHeaders': 'host',
		'X-Amz-Signature': signature(secret, path, credential, date, expires),
	});
	return { url: `${baseUrl}${path}?${params.toString()}`, expiresAt: issued + lifetimeSec * 1000 };
}

export type Verdict =
	| { ok: true; expiresAt: number; lifetimeSec: number }
	| { ok: false; reason: 'missing' }
	| { ok: false; reason: 'badSignature' }
	| { ok: false; reason: 'expired'; expiresAt: number; lifetimeSec: number };

export function verify(secret: string, path: string, query: URLSearchParams, now: number): Verdict {
	const algorithm = query.get('X-Amz-Algorithm');
	const credential = query.get('X-Amz-Credential');
	const date = query.get('X-Amz-Date');
	const expires = query.get('X-Amz-Expires');
	const sig = query.get('X-Amz-Signature');
	if (algorithm !== ALGORITHM || !credential || !date || !expires || !sig) return { ok: false, reason: 'missing' };
	const expected = Buffer.from(signature(secret, path, credential, date, expires));
	const given = Buffer.from(sig);
	const issued = parseAmzDate(date);
	const lifetimeSec = Number(expires);
	if (expected.length !== given.length || !timingSafeEqual(expected, given) || issued === undefined || !Number.isInteger(lifetimeSec)) {
		return { ok: false, reason: 'badSignature' };
	}
	const expiresAt = issued + lifetimeSec * 1000;
	if (now >= expiresAt) return { ok: false, reason: 'expired', expiresAt, lifetimeSec };
	return { ok: true, expiresAt, lifetimeSec };
}
