/**
 * downloadVideo against real HTTP servers on 127.0.0.1 with the axios transport: where the key
 * goes, redirects, content type, size limits and a refused storage link.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { downloadVideo } from '../../../src/engine/download';
import { PROVIDERS } from '../../../src/providers';
import type { NormalizedJob } from '../../../src/providers/types';
import { createAxiosTransport } from '../../../src/transport/axiosTransport';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
interface TestServer {
	url: string;
	seen: IncomingMessage[];
	close: () => Promise<void>;
}

async function serve(handler: Handler): Promise<TestServer> {
	const seen: IncomingMessage[] = [];
	const server: Server = createServer((req, res) => {
		seen.push(req);
		handler(req, res);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		seen,
		close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
	};
}

const KEY = 'sk-test-download-key';
const BYTES = Buffer.alloc(50_000, 7);
const transport = createAxiosTransport({ Authorization: `Bearer ${KEY}` });

function job(videoUrl: string, extra: Partial<NormalizedJob> = {}): NormalizedJob {
	return {
		provider: 'poe', jobId: 'v1', status: 'completed', providerStatus: 'completed', done: true, progress: 100,
		videoUrl, videoUrlRequiresAuth: false, videoUrlExpiresAt: null, thumbnailUrl: null, durationSeconds: null, model: null,
		createdAt: null, updatedAt: null, completedAt: null, error: null,
		polling: { attempts: 1, waitedSeconds: 1, rateLimited: 0, timedOut: false },
		...extra,
	};
}

async function drain(stream: NodeJS.ReadableStream): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

const video: Handler = (_req, res) => {
	res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': BYTES.length });
	res.end(BYTES);
};

let servers: TestServer[] = [];
afterEach(async () => {
	await Promise.all(servers.map((s) => s.close()));
	servers = [];
});
async function start(handler: Handler) {
	const s = await serve(handler);
	servers.push(s);
	return s;
}

const noRefresh = async () => ({ job: null, error: null });

it('a key-protected URL on the provider host gets the key; its redirect to storage does not', async () => {
	const storage = await start(video);
	const provider = await start((_req, res) => {
		res.writeHead(302, { location: `${storage.url}/bucket/v1.mp4?sig=abc` });
		res.end();
	});
	const result = await downloadVideo(job(`${provider.url}/v1/videos/v1/content`, { videoUrlRequiresAuth: true }), { maxBytes: 10e6 }, {
		adapter: PROVIDERS.poe, baseUrl: provider.url, transport, refresh: noRefresh,
	});
	expect((await drain(result.stream)).equals(BYTES)).toBe(true);
	expect(provider.seen[0].headers.authorization).toBe(`Bearer ${KEY}`);
	expect(storage.seen[0].headers.authorization).toBeUndefined();
	expect(result.fileName).toBe('v1.mp4');
});

it('refuses to send the key to a host other than the provider', async () => {
	const other = await start(video);
	await expect(
		downloadVideo(job(`${other.url}/content`, { videoUrlRequiresAuth: true }), { maxBytes: 10e6 }, {
			adapter: PROVIDERS.poe, baseUrl: 'http://127.0.0.1:1', transport, refresh: noRefresh,
		}),
	).rejects.toThrow(/needs the API key but is not on the provider's host/);
	expect(other.seen).toHaveLength(0);
});

it('an HTML page is not a video', async () => {
	const storage = await start((_req, res) => {
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		res.end('<html>Sign in</html>');
	});
	await expect(
		downloadVideo(job(`${storage.url}/v.mp4`), { maxBytes: 10e6 }, { adapter: PROVIDERS.hooked, baseUrl: 'http://127.0.0.1:1', transport, refresh: noRefresh }),
	).rejects.toThrow(/answered text\/html, not a video/);
});

it('a body larger than the limit fails while streaming when no Content-Length was sent', async () => {
	const storage = await start((_req, res) => {
		res.writeHead(200, { 'content-type': 'video/mp4' }); // chunked, size unknown
		res.write(BYTES);
		res.end(BYTES);
	});
	const result = await downloadVideo(job(`${storage.url}/v.mp4`), { maxBytes: 60_000 }, {
		adapter: PROVIDERS.hooked, baseUrl: 'http://127.0.0.1:1', transport, refresh: noRefresh,
	});
	await expect(drain(result.stream)).rejects.toThrow(/grew past the 58\.6 KB limit/);
});

it('a storage 403 gets one fresh link, then the video', async () => {
	const storage = await start((req, res) => {
		if (req.url?.includes('old')) {
			res.writeHead(403, { 'content-type': 'application/xml' });
			res.end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
		} else video(req, res);
	});
	let refreshed = 0;
	const result = await downloadVideo(job(`${storage.url}/old.mp4`), { maxBytes: 10e6 }, {
		adapter: PROVIDERS.hooked, baseUrl: 'http://127.0.0.1:1', transport,
		refresh: async () => {
			refreshed += 1;
			return { job: job(`${storage.url}/new.mp4`), error: null };
		},
	});
	expect(refreshed).toBe(1);
	expect((await drain(result.stream)).equals(BYTES)).toBe(true);
	expect(storage.seen.map((r) => r.url)).toEqual(['/old.mp4', '/new.mp4']);
});

it('a storage 403 that persists after the fresh link is a clear error', async () => {
	const storage = await start((_req, res) => {
		res.writeHead(403);
		res.end();
	});
	await expect(
		downloadVideo(job(`${storage.url}/old.mp4`), { maxBytes: 10e6 }, {
			adapter: PROVIDERS.hooked, baseUrl: 'http://127.0.0.1:1', transport,
			refresh: async () => ({ job: job(`${storage.url}/again.mp4`), error: null }),
		}),
	).rejects.toThrow(/failed with HTTP 403/);
	expect(storage.seen).toHaveLength(2);
});
