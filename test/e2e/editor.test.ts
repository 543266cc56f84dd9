/**
 * `npm run dev`'s set-up (scripts/lib/devEnvironment.ts) in the real n8n 2.8.4 editor server:
 * n8n answers, the Video Poller is offered under the community package's type, the five
 * credentials exist, and every example is imported with its credential references bound to
 * them by name — so a user opening an example in the editor can run it at once; and the batch
 * example, started the way the editor's "Execute workflow" button starts it, runs in n8n's main
 * process and polls every job it lists.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { getFreePort } from '../../n8n-host/n8nHost';
import { startDevEnvironment, type DevEnvironment } from '../../scripts/lib/devEnvironment';
import {
	BATCH_EXAMPLE,
	CREDENTIAL_NAMES,
	CREDENTIAL_TYPES,
	NODE_NAMES,
	PROVIDER_IDS,
	VIDEO_POLLER_TYPE,
	exampleFiles,
	loadExample,
	type WorkflowNode,
} from '../../scripts/lib/examples';
import { E2E_TEST_TIMEOUT_MS, builtPackageDir } from './support';

jest.setTimeout(E2E_TEST_TIMEOUT_MS);

let env: DevEnvironment;
let videosDir: string;

beforeAll(async () => {
	const packageDir = await builtPackageDir();
	videosDir = mkdtempSync(path.join(tmpdir(), 'vp-e2e-dev-videos-'));
	env = await startDevEnvironment({ packageDir, port: await getFreePort(), simulatorPort: 0, videosDir });
});

afterAll(async () => {
	await env?.stop();
	if (videosDir) rmSync(videosDir, { recursive: true, force: true });
});

const get = async (p: string) => {
	const res = await fetch(`${env.server.url}${p}`, { headers: { cookie: env.server.authCookie ?? '' } });
	return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};

test('the editor answers /healthz and /rest/settings', async () => {
	expect((await get('/healthz')).status).toBe(200);
	const settings = await get('/rest/settings');
	expect(settings.status).toBe(200);
	expect(settings.type).toContain('json');
	expect(JSON.parse(settings.text).data.userManagement.showSetupOnFirstLoad).toBe(false);
});

test('the owner can log in with the printed email and password', async () => {
	const res = await fetch(`${env.server.url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: env.server.owner!.email, password: env.server.owner!.password }),
	});
	expect(res.status).toBe(200);
	expect(((await res.json()) as { data: { email: string } }).data.email).toBe(env.server.owner!.email);
});

test('the Video Poller and the five credential types are known under the community package', async () => {
	const nodes = await get('/types/nodes.json');
	expect(nodes.status).toBe(200);
	const types = (JSON.parse(nodes.text) as Array<{ name: string }>).map((t) => t.name);
	expect(types).toContain(VIDEO_POLLER_TYPE);
	const creds = await get('/types/credentials.json');
	const credTypes = (JSON.parse(creds.text) as Array<{ name: string }>).map((t) => t.name);
	for (const p of PROVIDER_IDS) expect(credTypes).toContain(CREDENTIAL_TYPES[p]);
});

test('one credential per provider, named as the examples name them', async () => {
	const res = await get('/rest/credentials');
	const list = JSON.parse(res.text).data as Array<{ id: string; name: string; type: string }>;
	for (const p of PROVIDER_IDS) {
		expect(list).toContainEqual(expect.objectContaining({ id: `dev-${p}`, name: CREDENTIAL_NAMES[p], type: CREDENTIAL_TYPES[p] }));
	}
});

test('every example is imported, its credential references bound to those credentials', async () => {
	expect(env.workflows.map((w) => w.file)).toEqual(exampleFiles());
	for (const { file, id } of env.workflows) {
		const res = await get(`/rest/workflows/${id}`);
		expect(res.status).toBe(200);
		const wf = JSON.parse(res.text).data as { name: string; nodes: WorkflowNode[] };
		expect(wf.name).toBe(loadExample(file).name);
		const withCredentials = wf.nodes.filter((n) => n.credentials);
		expect(withCredentials.length).toBeGreaterThan(0);
		for (const node of withCredentials) {
			for (const [type, ref] of Object.entries(node.credentials as Record<string, { id: string; name: string }>)) {
				const p = PROVIDER_IDS.find((x) => CREDENTIAL_TYPES[x] === type)!;
				expect(ref).toEqual({ id: `dev-${p}`, name: CREDENTIAL_NAMES[p] });
			}
		}
		// the examples' HTTP Request nodes call the simulator
		for (const node of wf.nodes.filter((n) => n.type === 'n8n-nodes-base.httpRequest')) {
			expect(String(node.parameters.url).startsWith(env.sim.rootUrl)).toBe(true);
		}
	}
});

test('the batch example runs as a manual execution in the editor and polls every job it lists', async () => {
	const { id } = env.workflows.find((w) => w.file === BATCH_EXAMPLE)!;
	const workflowData = JSON.parse((await get(`/rest/workflows/${id}`)).text).data;
	const started = await fetch(`${env.server.url}/rest/workflows/${id}/run`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: env.server.authCookie ?? '' },
		// what the editor sends for "Execute workflow" from the Manual Trigger
		body: JSON.stringify({ workflowData, triggerToStartFrom: { name: NODE_NAMES.trigger } }),
	});
	expect(started.status).toBe(200);
	const { executionId } = ((await started.json()) as { data: { executionId: string } }).data;
	let status = 'new';
	for (const until = Date.now() + 150_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
		status = JSON.parse((await get(`/rest/executions/${executionId}`)).text).data.status;
		if (!['new', 'running', 'waiting'].includes(status)) break;
	}
	expect(status).toBe('success');
	for (const job of env.batchJobs) {
		const record = env.sim.job(job.id);
		expect(record.statusRequests).toBeGreaterThanOrEqual(1);
		expect(record.firstTerminalServedAt).not.toBeNull(); // the node saw each job end
	}
});
