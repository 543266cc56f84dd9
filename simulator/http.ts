/** Small HTTP helpers on top of node:http. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type HeaderMap = Record<string, string | number>;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: HeaderMap = {}): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		...headers,
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
	});
	res.end(text);
}

export function sendText(res: ServerResponse, status: number, contentType: string, text: string, headers: HeaderMap = {}): void {
	res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
	res.end(text);
}

/** Read a request body up to `limit` bytes (more → rejects). */
export function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				reject(new Error('request body too large'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; message: string };

export async function readJson(req: IncomingMessage): Promise<JsonParse> {
	let buf: Buffer;
	try {
		buf = await readBody(req);
	} catch (err) {
		return { ok: false, message: err instanceof Error ? err.message : String(err) };
	}
	if (buf.length === 0) return { ok: true, value: {} };
	try {
		return { ok: true, value: JSON.parse(buf.toString('utf8')) as unknown };
	} catch {
		return { ok: false, message: 'Request body is not valid JSON' };
	}
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** First value of a header (names are case-insensitive; node lower-cases them). */
export function header(req: IncomingMessage, name: string): string | undefined {
	const v = req.headers[name.toLowerCase()];
	return Array.isArray(v) ? v[0] : v;
}

/** The token of `Authorization: Bearer <token>` (scheme case-insensitive), else undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
	const m = /^Bearer +(\S+)\s*$/i.exec(header(req, 'authorization') ?? '');
	return m ? m[1] : undefined;
}

/** Header names as the client sent them, lower-cased, in order, without duplicates. */
export function headerNames(req: IncomingMessage): string[] {
	const names: string[] = [];
	for (let i = 0; i < req.rawHeaders.length; i += 2) {
		const name = (req.rawHeaders[i] ?? '').toLowerCase();
		if (!names.includes(name)) names.push(name);
	}
	return names;
}

export function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

const HTML_502 = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>cloudflare</center>
</body>
</html>
`;

const HTML_200 = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>We'll be right back</title></head>
<body>
<h1>Scheduled maintenance</h1>
<p>The API is undergoing maintenance. Please try again in a few minutes.</p>
</body>
</html>
`;

/** An HTML page as a proxy or a maintenance screen would answer it. */
export function sendHtmlPage(res: ServerResponse, status: 200 | 502, headers: HeaderMap = {}): void {
	sendText(res, status, 'text/html; charset=utf-8', status === 200 ? HTML_200 : HTML_502, headers);
}
