/**
 * Self-test of test/support/workflowExecuteHarness.ts: a fixture node run inside n8n-core's real
 * WorkflowExecute against an HTTP server on 127.0.0.1.
 * Runs on n8n 2.8 modules (test/harness-selftest/jest.config.js) and on 2.41 modules
 * (test/compat/jest.config.js, under Node 20 and Node 24) — the global __EXPECT_N8N_WORKFLOW__
 * says which n8n-workflow the run must have used.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { loadN8nModules, readBinary, runNode } from '../support/workflowExecuteHarness';
import { FixtureApi } from './fixtures/FixtureApi.credentials';
import { HarnessFixture } from './fixtures/HarnessFixture.node';

declare const __EXPECT_N8N_WORKFLOW__: string | undefined;
const expectedWorkflowMajorMinor =
	typeof __EXPECT_N8N_WORKFLOW__ === 'string' ? __EXPECT_N8N_WORKFLOW__ : '2.8';

const VIDEO = Buffer.concat(Array.from({ length: 64 }, (_, i) => Buffer.alloc(1024, i)));

let server: http.Server;
let baseUrl: string;
const seen: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];

beforeAll(async () => {
	server = http.createServer((req, res) => {
		seen.push({ url: req.url ?? '', headers: req.headers });
		const url = new URL(req.url ?? '/', 'http://x');
		if (url.pathname === '/v1/echo') {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					path: url.pathname,
					tag: url.searchParams.get('tag'),
					authorization: req.headers.authorization ?? null,
					fixtureKey: req.headers['x-fixture-key'] ?? null,
				}),
			);
			return;
		}
		if (url.pathname === '/v1/file') {
			res.writeHead(200, { 'content-type': 'video/mp4' });
			// send in several chunks so it really is a stream
			let i = 0;
			const step = (): void => {
				if (i >= VIDEO.length) {
					res.end();
					return;
				}
				res.write(VIDEO.subarray(i, i + 8192));
				i += 8192;
				setImmediate(step);
			};
			step();
			return;
		}
		res.writeHead(404, { 'content-type': 'application/json' });
		res.end('{"error":"not found"}');
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise<void>((r) => server.close(() => r()));
});

const base = () => ({
	nodeClass: HarnessFixture,
	credentialTypes: { fixtureApi: new FixtureApi() },
	credentials: { fixtureApi: { apiKey: 'sk-test-123', baseUrl } },
});

test('runs on the expected n8n modules', () => {
	const m = loadN8nModules();
	expect(m.workflowVersion.startsWith(expectedWorkflowMajorMinor + '.')).toBe(true);
	expect(m.coreVersion.startsWith(expectedWorkflowMajorMinor + '.')).toBe(true);
	console.log(`harness on n8n-core ${m.coreVersion} / n8n-workflow ${m.workflowVersion}, Node ${process.version}`);
});

test('real httpRequestWithAuthentication, expressions, binary from a stream', async () => {
	const r = await runNode({
		...base(),
		parameters: { operation: 'fetch', tag: '={{ $json.name }}' },
		inputItems: [{ json: { name: 'first' } }, { json: { name: 'second' } }],
	});
	expect(r.error).toBeUndefined();
	expect(r.status).toBe('success');
	expect(r.items).toHaveLength(2);
	const [a, b] = r.items;
	expect(a.json.body).toEqual({
		path: '/v1/echo',
		tag: 'first',
		authorization: 'Bearer sk-test-123',
		fixtureKey: 'sk-test-123',
	});
	expect((b.json.body as { tag: string }).tag).toBe('second');
	expect(a.pairedItem).toEqual({ item: 0 });
	expect(b.pairedItem).toEqual({ item: 1 });
	// the node itself resolved the same n8n-workflow as the harness
	expect(a.json.workflowVersion).toBe(r.versions.n8nWorkflow);
	expect(String(a.json.workflowVersion).startsWith(expectedWorkflowMajorMinor + '.')).toBe(true);

	expect(a.binary!.data.mimeType).toBe('video/mp4');
	expect(a.binary!.data.fileName).toBe('clip.mp4');
	expect(a.binary!.data.fileExtension).toBe('mp4');
	expect((await readBinary(a, 'data')).equals(VIDEO)).toBe(true);
	expect((await readBinary(a, 'note')).toString()).toBe('hello stream');
	expect(r.credentialCalls.filter((c) => c.method === 'authenticate')).toHaveLength(4);
	expect(seen.filter((s) => s.url.startsWith('/v1/file')).length).toBeGreaterThanOrEqual(2);
});

test('binary data in filesystem mode (n8n 2.x default storage)', async () => {
	const r = await runNode({
		...base(),
		parameters: { operation: 'fetch', tag: 'fs' },
		binaryMode: 'filesystem',
	});
	expect(r.error).toBeUndefined();
	const item = r.items[0];
	expect(item.binary!.data.id).toMatch(/^filesystem/);
	expect((await readBinary(item, 'data')).equals(VIDEO)).toBe(true);
	expect((await readBinary(item, 'note')).toString()).toBe('hello stream');
});

test('credential defaults are applied (baseUrl)', async () => {
	const r = await runNode({
		...base(),
		credentials: { fixtureApi: { apiKey: 'k' } },
		parameters: { operation: 'credentials' },
	});
	expect(r.error).toBeUndefined();
	expect(r.items[0].json).toMatchObject({ baseUrl: 'https://fixture.invalid/v1', hasApiKey: true });
	expect(r.credentialCalls.some((c) => c.method === 'isCredentialUsableByNode' || c.method === 'getDecrypted')).toBe(
		true,
	);
});

test('a node error stops the workflow (onError default)', async () => {
	const r = await runNode({ ...base(), parameters: { operation: 'fail', tag: 'x' } });
	expect(r.status).toBe('error');
	expect(r.items).toEqual([]);
	expect(r.error?.message).toBe('fixture failure x');
	expect(r.error?.description).toBe('fixture description');
	expect(r.nodeError?.message).toBe('fixture failure x');
});

test('onError continueRegularOutput keeps going with error items', async () => {
	const r = await runNode({
		...base(),
		parameters: { operation: 'fail', tag: 'y' },
		onError: 'continueRegularOutput',
		inputItems: [{ json: { n: 1 } }, { json: { n: 2 } }],
	});
	expect(r.error).toBeUndefined();
	expect(r.status).toBe('success');
	expect(r.items.map((i) => i.json.error)).toEqual(['fixture failure y', 'fixture failure y']);
});

test('onError continueErrorOutput routes error items to output 1', async () => {
	const r = await runNode({
		...base(),
		parameters: { operation: 'fail', tag: 'z' },
		onError: 'continueErrorOutput',
	});
	expect(r.error).toBeUndefined();
	expect(r.items).toEqual([]);
	expect(r.errorItems).toHaveLength(1);
	expect(r.errorItems![0].json.error).toBe('fixture failure z');
});

test('cancelling the execution aborts getExecutionCancelSignal()', async () => {
	const ac = new AbortController();
	const t0 = Date.now();
	setTimeout(() => ac.abort(), 300);
	const r = await runNode({ ...base(), parameters: { operation: 'wait' }, signal: ac.signal });
	expect(r.cancel).toMatchObject({ requested: true, nodeReturnedWithinGrace: true });
	// the waiting node ended because of the cancel, soon after it (bounds loose for a busy machine)
	expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
	expect(r.cancel!.msFromCancelToEnd).toBeLessThan(3000);
	expect(r.status).toBe('canceled');
});

test('a node that ignores the abort is reported as such', async () => {
	const ac = new AbortController();
	setTimeout(() => ac.abort(), 100);
	const r = await runNode({
		...base(),
		parameters: { operation: 'wait', ignoreCancelMs: 2500 },
		signal: ac.signal,
		cancelGraceMs: 300,
	});
	expect(r.cancel).toMatchObject({ requested: true, nodeReturnedWithinGrace: false });
	expect(r.status).toBe('canceled');
	// let the ignoring node finish before jest tears down
	await new Promise((res) => setTimeout(res, 2500));
});
