import { z } from 'zod';
import { ResponseShapeError } from '../../../src/engine/errors';
import {
	encodeJobId,
	isRelativePath,
	jobErrorFrom,
	mapStatus,
	normalizeProgress,
	parseBody,
	resolveVideoUrl,
	signedUrlExpiry,
	toIsoTimestamp,
	videoSource,
} from '../../../src/providers/normalize';
import { geekHub } from '../../../src/providers/geekHub';
import { poe } from '../../../src/providers/poe';

describe('toIsoTimestamp', () => {
	it.each<[unknown, string | null]>([
		[1737477000, '2025-01-21T16:30:00.000Z'], // unix seconds
		[1737477000.5, '2025-01-21T16:30:00.500Z'],
		[1737477000000, '2025-01-21T16:30:00.000Z'], // unix milliseconds
		['1737477000', '2025-01-21T16:30:00.000Z'], // numeric strings
		['1737477000000', '2025-01-21T16:30:00.000Z'],
		['2025-01-21T16:30:00.000Z', '2025-01-21T16:30:00.000Z'],
		['2024-01-15T10:00:00Z', '2024-01-15T10:00:00.000Z'],
		['2024-01-15T12:00:00+02:00', '2024-01-15T10:00:00.000Z'],
		[null, null],
		[undefined, null],
		[0, null],
		[-5, null],
		['', null],
		['not a date', null],
		[Number.NaN, null],
		[{}, null],
		[true, null],
	])('%p → %p', (input, expected) => {
		expect(toIsoTimestamp(input)).toBe(expected);
	});
});

describe('normalizeProgress', () => {
	it.each<[unknown, Parameters<typeof normalizeProgress>[1], number | null]>([
		[42, 'processing', 42],
		[42.5, 'processing', 42.5],
		[-3, 'processing', 0],
		[150, 'processing', 100],
		['70', 'processing', 70],
		[null, 'processing', null],
		[undefined, 'queued', null],
		['abc', 'processing', null],
		[null, 'completed', 100],
		[30, 'completed', 100],
		[30, 'failed', 30],
	])('%p while %s → %p', (value, status, expected) => {
		expect(normalizeProgress(value, status)).toBe(expected);
	});
});

describe('signedUrlExpiry', () => {
	it('S3 SigV4: X-Amz-Date + X-Amz-Expires', () => {
		expect(
			signedUrlExpiry(
				'https://b.s3.amazonaws.com/k.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20250121T163000Z&X-Amz-Expires=3600&X-Amz-Signature=x',
			),
		).toBe('2025-01-21T17:30:00.000Z');
	});
	it('parameter names in any case; GCS X-Goog-* alike', () => {
		expect(signedUrlExpiry('https://h/k?x-amz-date=20250121T163000Z&x-amz-expires=60')).toBe('2025-01-21T16:31:00.000Z');
		expect(
			signedUrlExpiry('https://storage.googleapis.com/b/k?X-Goog-Date=20250121T163000Z&X-Goog-Expires=604800'),
		).toBe('2025-01-28T16:30:00.000Z');
	});
	it.each([
		['https://supabase.geekhub.mx/storage/v1/object/public/v.mp4'],
		['https://h/k?X-Amz-Date=20250121T163000Z'], // no X-Amz-Expires
		['https://h/k?X-Amz-Expires=60'], // no X-Amz-Date
		['https://h/k?X-Amz-Date=yesterday&X-Amz-Expires=60'],
		['https://h/k?X-Amz-Date=20250121T163000Z&X-Amz-Expires=soon'],
		['not a url'],
		[''],
	])('%s → null', (url) => {
		expect(signedUrlExpiry(url)).toBeNull();
	});
	it('null → null', () => expect(signedUrlExpiry(null)).toBeNull());
});

describe('encodeJobId', () => {
	it('one path segment', () => {
		expect(encodeJobId('a/b?c')).toBe('a%2Fb%3Fc');
		expect(encodeJobId('x#y z%')).toBe('x%23y%20z%25');
		expect(encodeJobId('e8c96506-72a1-429f-a7ed-4bb0a42541be')).toBe('e8c96506-72a1-429f-a7ed-4bb0a42541be');
		expect(encodeJobId('..a')).toBe('..a');
	});
	it('refuses what can never be a segment', () => {
		expect(() => encodeJobId('')).toThrow('Job ID "" cannot be used');
		expect(() => encodeJobId('.')).toThrow('Job ID "." cannot be used');
		expect(() => encodeJobId('..')).toThrow('Job ID ".." cannot be used');
	});
});

describe('relative video paths', () => {
	it('resolveVideoUrl joins paths, keeps absolute URLs and null', () => {
		expect(resolveVideoUrl('https://api.poe.com/', '/v1/videos/x/content')).toBe('https://api.poe.com/v1/videos/x/content');
		expect(resolveVideoUrl('https://api.hooked.so/api', '/v1/x')).toBe('https://api.hooked.so/api/v1/x');
		expect(resolveVideoUrl('https://api.poe.com', 'https://cdn/x.mp4')).toBe('https://cdn/x.mp4');
		expect(resolveVideoUrl('https://api.poe.com', '//cdn/x.mp4')).toBe('//cdn/x.mp4');
		expect(resolveVideoUrl('https://api.poe.com', null)).toBeNull();
	});
	it('isRelativePath', () => {
		expect(isRelativePath('/v1/x')).toBe(true);
		expect(isRelativePath('//cdn/x')).toBe(false);
		expect(isRelativePath('https://x/')).toBe(false);
	});
	it('videoSource: null without a URL; resolved with auth flag and expiry', () => {
		expect(videoSource(geekHub.parseStatus({ status: 'processing' }, 'x'), 'https://api.geekhub.mx')).toBeNull();
		const snap = poe.parseStatus({ status: 'completed', expires_at: 1767312180 }, 'v1');
		expect(videoSource(snap, 'https://api.poe.com')).toEqual({
			url: 'https://api.poe.com/v1/videos/v1/content',
			requiresAuth: true,
			expiresAt: '2026-01-02T00:03:00.000Z',
		});
	});
});

describe('mapStatus', () => {
	const table = { started: 'processing', done: 'completed' } as const;
	it('case-insensitive; unknown words keep waiting', () => {
		expect(mapStatus(table, 'STARTED')).toBe('processing');
		expect(mapStatus(table, 'Done')).toBe('completed');
		expect(mapStatus(table, 'teleporting')).toBe('processing');
		expect(mapStatus(table, 'constructor')).toBe('processing'); // no prototype leaks
		expect(mapStatus(table, 'toString')).toBe('processing');
	});
});

describe('jobErrorFrom', () => {
	it.each<[unknown, unknown]>([
		['boom', { message: 'boom', code: null }],
		['  ', null],
		[null, null],
		[{}, null],
		[{ code: 'x', message: 'y' }, { message: 'y', code: 'x' }],
		[{ type: 't', description: 'd' }, { message: 'd', code: 't' }],
		[{ code: 42 }, { message: '42', code: '42' }],
		[{ detail: 'weird' }, { message: '{"detail":"weird"}', code: null }],
	])('%p → %p', (value, expected) => {
		expect(jobErrorFrom(value)).toEqual(expected);
	});
});

describe('parseBody', () => {
	const schema = z.object({ status: z.string(), n: z.number().optional() }).passthrough();
	it('returns the parsed value', () => {
		expect(parseBody('X', schema, { status: 'a', extra: 1 })).toEqual({ status: 'a', extra: 1 });
	});
	it('lists the zod issue paths and an excerpt', () => {
		let err: unknown;
		try {
			parseBody('Acme', schema, { status: 1, n: 'x' });
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(ResponseShapeError);
		expect((err as Error).message).toBe(
			'Unexpected status response from Acme: JSON of an unexpected shape (status: Expected string, received number; n: Expected number, received string). Received: {"status":1,"n":"x"}',
		);
		expect((err as ResponseShapeError).excerpt).toBe('{"status":1,"n":"x"}');
	});
});
