/**
 * Self-test of test/support/n8nCli.ts: the real n8n 2.8.4 CLI loads the plain-JS fixture package
 * (fixture-package/) as a custom extension and as a community package, runs
 * Manual Trigger → Echo (which calls a mock API served by THIS process), and `n8n start` comes up
 * with an owner.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { extractRunJson, runWorkflowInN8n, startN8nServer } from '../../n8n-host/n8nHost';

const FIXTURE_PKG = path.join(__dirname, 'fixture-package');

let server: http.Server;
let apiUrl: string;
const hits: Array<{ url: string; key: string | undefined }> = [];

beforeAll(async () => {
	server = http.createServer((req, res) => {
		hits.push({ url: req.url ?? '', key: req.headers['x-api-key'] as string | undefined });
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ path: req.url, key: req.headers['x-api-key'] ?? null }));
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise<void>((r) => server.close(() => r()));
});

function echoWorkflow(type: string, params: Record<string, unknown>) {
	return {
		name: 'echo self-test',
		nodes: [
			{ name: 'When clicking', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
			{
				name: 'Echo',
				type,
				typeVersion: 1,
				parameters: params,
				credentials: { echoApi: 'cred-echo-1' },
			},
		],
		connections: { 'When clicking': { main: [[{ node: 'Echo', type: 'main', index: 0 }]] } },
	};
}

const credentials = () => [
	{ id: 'cred-echo-1', name: 'Echo account', type: 'echoApi', data: { apiKey: 'echo-key-1', baseUrl: apiUrl } },
];

test('extractRunJson skips log lines and trailing text', () => {
	const text = 'n8n Task Broker ready\nExecution error:\n====\n{\n  "data": {"resultData": {"runData": {}, "note": "a } brace"}},\n  "status": "error"\n}\nError executing workflow.\n{ not json';
	expect(extractRunJson(text)).toEqual({ data: { resultData: { runData: {}, note: 'a } brace' } }, status: 'error' });
});

test('runs a workflow with the package as a custom extension (CUSTOM.*)', async () => {
	const r = await runWorkflowInN8n({
		workflow: echoWorkflow('CUSTOM.echo', { message: 'hi', path: '/hello' }),
		credentials: credentials(),
		customExtensionsDir: FIXTURE_PKG,
		timeoutMs: 150_000,
	});
	console.log('n8n CLI timings (ms):', r.timings, 'workarounds:', r.workarounds);
	if (r.error) throw new Error(`${r.error.message}\n${r.stderr.slice(-3000)}`);
	expect(r.exitCode).toBe(0);
	expect(r.status).toBe('success');
	const items = r.lastNodeItems('Echo');
	expect(items).toHaveLength(1);
	expect(items[0].json).toMatchObject({
		echoed: true,
		message: 'hi',
		fetched: { path: '/hello', key: 'echo-key-1' },
	});
	expect(items[0].json.workflowVersion).toBe('2.8.0');
	expect(hits.some((h) => h.url === '/hello' && h.key === 'echo-key-1')).toBe(true);
});

test('reports a node error from the CLI run', async () => {
	const r = await runWorkflowInN8n({
		workflow: echoWorkflow('CUSTOM.echo', { message: 'boom', fail: true }),
		credentials: credentials(),
		customExtensionsDir: path.join(FIXTURE_PKG, 'dist'),
		timeoutMs: 150_000,
	});
	expect(r.exitCode).toBe(1);
	expect(r.status).toBe('error');
	expect(r.error?.message).toBe('echo failed: boom');
	expect(r.error?.description).toBe('the fixture was told to fail');
	expect(r.error?.node).toBe('Echo');
	expect(r.lastNodeItems('Echo')).toEqual([]);
});

test('runs a workflow with the package installed as a community package', async () => {
	const r = await runWorkflowInN8n({
		workflow: echoWorkflow('n8n-nodes-harness-fixture.echo', { message: 'community', path: '/c' }),
		credentials: credentials(),
		communityPackageDir: FIXTURE_PKG,
		timeoutMs: 150_000,
	});
	if (r.error) throw new Error(`${r.error.message}\n${r.stderr.slice(-3000)}`);
	expect(r.lastNodeItems('Echo')[0].json).toMatchObject({ message: 'community', fetched: { path: '/c' } });
});

test('startN8nServer: n8n start with owner set up, knows the custom node, stop() ends it', async () => {
	const t0 = Date.now();
	const srv = await startN8nServer({ customExtensionsDir: FIXTURE_PKG });
	try {
		console.log(`n8n start ready in ${Date.now() - t0} ms at ${srv.url}`);
		expect(srv.authCookie).toMatch(/^n8n-auth=/);
		const me = await fetch(`${srv.url}/rest/login`, { headers: { cookie: srv.authCookie! } });
		expect(me.status).toBe(200);
		expect(((await me.json()) as { data: { email: string } }).data.email).toBe(srv.owner!.email);
		const types = await fetch(`${srv.url}/types/nodes.json`, { headers: { cookie: srv.authCookie! } });
		expect(types.status).toBe(200);
		expect(await types.text()).toContain('CUSTOM.echo');
	} finally {
		await srv.stop();
	}
	const after = await fetch(`${srv.url}/healthz`).then(
		() => 'up',
		() => 'down',
	);
	expect(after).toBe('down');
});
