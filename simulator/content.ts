/**
 * Deterministic file bytes. Byte n of a job's video depends only on (kind, jobId, n), so a file
 * of tens of MB is streamed in 64 KB chunks without being held in memory, any range can be
 * produced on its own (HTTP Range), and a test can recompute the bytes with videoBytesFor().
 *
 * Videos start with a real MP4 `ftyp` box and an `mdat` header (so content sniffing says
 * video/mp4); thumbnails and spritesheets are JPEG-framed (FF D8 … FF D9).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { endianness } from 'node:os';
import { Readable } from 'node:stream';
import type { ContentKind } from './types';

export interface ContentRef {
	kind: ContentKind;
	jobId: string;
	size: number;
}

export const DEFAULT_VIDEO_BYTES = 200 * 1024;
export const THUMBNAIL_BYTES = 8 * 1024;
export const SPRITESHEET_BYTES = 32 * 1024;
const CHUNK = 64 * 1024;

export const CONTENT_TYPES: Readonly<Record<ContentKind, string>> = {
	video: 'video/mp4',
	thumbnail: 'image/jpeg',
	spritesheet: 'image/jpeg',
};

function seedOf(ref: ContentRef): number {
	return createHash('sha256').update(`${ref.kind}:${ref.jobId}`).digest().readUInt32LE(0);
}

// A module-local binding: global lookups are slow inside vm contexts (jest).
const imul = Math.imul;

/** A 32-bit word from (seed, index): murmur3's finalizer over the mixed pair. */
function word(seed: number, index: number): number {
	let x = (seed ^ imul(index >>> 0, 0x9e3779b1) ^ ((index / 4294967296) | 0)) >>> 0;
	x ^= x >>> 16;
	x = imul(x, 0x85ebca6b);
	x ^= x >>> 13;
	x = imul(x, 0xc2b2ae35);
	x ^= x >>> 16;
	return x >>> 0;
}

function header(ref: ContentRef): Buffer {
	if (ref.kind === 'video') {
		const h = Buffer.alloc(32);
		h.writeUInt32BE(24, 0);
		h.write('ftypisom', 4, 'latin1');
		h.writeUInt32BE(0x200, 12);
		h.write('isommp42', 16, 'latin1');
		h.writeUInt32BE(Math.max(0, ref.size - 24) % 4294967296, 24);
		h.write('mdat', 28, 'latin1');
		return h;
	}
	return Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
}

const BIG_ENDIAN = endianness() === 'BE';

/** Fill `target` with the bytes at [offset, offset + target.length) of the file. */
export function fillContent(target: Buffer, ref: ContentRef, offset: number): void {
	const len = target.length;
	if (len === 0) return;
	const seed = seedOf(ref);
	// Words covering the range, generated into a typed array (fast even inside jest's sandbox).
	const firstWord = Math.floor(offset / 4);
	const count = Math.floor((offset + len - 1) / 4) - firstWord + 1;
	const words = new Uint32Array(count);
	for (let i = 0; i < count; i++) words[i] = word(seed, firstWord + i);
	const bytes = Buffer.from(words.buffer, words.byteOffset, words.byteLength);
	if (BIG_ENDIAN) bytes.swap32();
	bytes.copy(target, 0, offset - firstWord * 4, offset - firstWord * 4 + len);

	const head = header(ref);
	for (let pos = offset; pos < Math.min(offset + len, head.length, ref.size); pos++) target[pos - offset] = head[pos] as number;
	if (ref.kind !== 'video' && ref.size >= head.length + 2) {
		for (const [pos, value] of [[ref.size - 2, 0xff], [ref.size - 1, 0xd9]] as const) {
			if (pos >= offset && pos < offset + len) target[pos - offset] = value;
		}
	}
}

/** The whole file in memory (for tests; fine up to a few tens of MB). */
export function contentBytes(ref: ContentRef): Buffer {
	const buf = Buffer.allocUnsafe(ref.size);
	fillContent(buf, ref, 0);
	return buf;
}

/** The bytes the simulator serves as the video of `jobId` with `size` bytes. */
export function videoBytesFor(jobId: string, size: number): Buffer {
	return contentBytes({ kind: 'video', jobId, size });
}

/** sha256 (hex) of a file, computed chunk by chunk. */
export function contentSha256(ref: ContentRef): string {
	const hash = createHash('sha256');
	const chunk = Buffer.allocUnsafe(CHUNK);
	for (let pos = 0; pos < ref.size; pos += CHUNK) {
		const n = Math.min(CHUNK, ref.size - pos);
		const view = n === CHUNK ? chunk : chunk.subarray(0, n);
		fillContent(view, ref, pos);
		hash.update(view);
	}
	return hash.digest('hex');
}

export function videoSha256For(jobId: string, size: number): string {
	return contentSha256({ kind: 'video', jobId, size });
}

/** A stream of bytes [start, end] (inclusive), produced chunk by chunk on demand. */
export function contentStream(ref: ContentRef, start = 0, end = ref.size - 1): Readable {
	let pos = start;
	return new Readable({
		highWaterMark: CHUNK,
		read() {
			if (pos > end) {
				this.push(null);
				return;
			}
			const n = Math.min(CHUNK, end - pos + 1);
			const buf = Buffer.allocUnsafe(n);
			fillContent(buf, ref, pos);
			pos += n;
			this.push(buf);
		},
	});
}

/**
 * Answer with the file: Content-Type, Content-Length, Accept-Ranges, single-range requests
 * (206/416), HEAD without a body. Returns the status sent.
 */
export function sendContent(
	req: IncomingMessage,
	res: ServerResponse,
	ref: ContentRef,
	extraHeaders: Record<string, string | number> = {},
	onBytes?: (n: number) => void,
): number {
	let start = 0;
	let end = ref.size - 1;
	let status = 200;
	const headers: Record<string, string | number> = {
		...extraHeaders,
		'Content-Type': CONTENT_TYPES[ref.kind],
		'Accept-Ranges': 'bytes',
		ETag: `"${createHash('md5').update(`${ref.kind}:${ref.jobId}:${ref.size}`).digest('hex')}"`,
	};
	const range = req.headers.range;
	if (typeof range === 'string' && ref.size > 0) {
		const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
		let ok = false;
		if (m && (m[1] !== '' || m[2] !== '')) {
			if (m[1] === '') {
				start = Math.max(0, ref.size - Number(m[2]));
			} else {
				start = Number(m[1]);
				end = m[2] === '' ? ref.size - 1 : Math.min(Number(m[2]), ref.size - 1);
			}
			ok = start <= end && start < ref.size;
		}
		if (!ok) {
			res.writeHead(416, { 'Content-Range': `bytes */${ref.size}`, 'Content-Length': 0 });
			res.end();
			return 416;
		}
		status = 206;
		headers['Content-Range'] = `bytes ${start}-${end}/${ref.size}`;
	}
	headers['Content-Length'] = Math.max(0, end - start + 1);
	res.writeHead(status, headers);
	if (req.method === 'HEAD' || end < start) {
		res.end();
		return status;
	}
	const stream = contentStream(ref, start, end);
	if (onBytes) stream.on('data', (chunk: Buffer) => onBytes(chunk.length));
	res.on('close', () => stream.destroy());
	stream.pipe(res);
	return status;
}
