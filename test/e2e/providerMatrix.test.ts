/**
 * Five providers × { completed, failed, rate-limited then completed, 5xx then completed,
 * slow + dropped + HTML error page then completed, timed out (while the provider shows a status
 * word nobody documented), wrong key } in ONE execute of the real n8n 2.8.4 CLI.
 *
 * Per provider the workflow is built from that provider's example: a Code node makes one item
 * per case, the example's HTTP Request node (same URL path, method, credential and body, plus
 * the simulator's `_sim` hints) creates the jobs at the simulator, and a Video Poller with the
 * example's Job ID expression waits for all of them at once — "On Job Failure: Output Item" and
 * "On Timeout: Return Last Status" turn the failed and the timed-out job into normal items, and
 * each item's Max Wait is an expression (the timed-out case gets 2 s). The wrong key needs
 * another credential, so it is a second small chain whose Video Poller has "On Error: Continue".
 *
 * Every expectation is derived from the simulator's own records of the jobs and requests.
 */
import { runWorkflowInN8n, type CliCredential, type N8nRunResult } from '../../n8n-host/n8nHost';
import { startSimulator, type Faults, type JobSpec, type Simulator } from '../../simulator';
import {
	CREDENTIAL_TYPES,
	NODE_NAMES,
	PROVIDER_EXAMPLES,
	PROVIDER_IDS,
	PROVIDER_LABELS,
	loadExample,
	nodeByName,
	providerCredentials,
	retargetHttpRequests,
	type ProviderId,
	type Workflow,
	type WorkflowNode,
} from '../../scripts/lib/examples';
import { COMPLETED_WORD, FAILED_WORD, E2E_TEST_TIMEOUT_MS, N8N_RUN_TIMEOUT_MS, builtPackageDir, explain, expectRunOk } from './support';

jest.setTimeout(E2E_TEST_TIMEOUT_MS);

/** Provider time runs 10× faster: durations below are provider milliseconds. */
const TIME_SCALE = 10;
const TIMEOUT_MAX_WAIT = 2;
const SLOW_MS = 1500;

type CaseName = 'completed' | 'failed' | 'rateLimited' | 'serverErrors' | 'flaky' | 'timedOut';
const CASES: CaseName[] = ['completed', 'failed', 'rateLimited', 'serverErrors', 'flaky', 'timedOut'];

function caseSpec(provider: ProviderId, name: CaseName): { sim: Partial<JobSpec>; maxWait: number } {
	const faults = (f: Faults) => ({ faults: f });
	switch (name) {
		case 'completed':
			return { sim: { durationMs: 10_000, videoSeconds: 6 }, maxWait: 60 };
		case 'failed':
			return { sim: { durationMs: 8_000, outcome: 'failed', errorMessage: `e2e: ${provider} render failed` }, maxWait: 60 };
		case 'rateLimited':
			return { sim: { durationMs: 8_000, ...faults({ rateLimit: { count: 2, retryAfterSeconds: 2 } }) }, maxWait: 60 };
		case 'serverErrors':
			return { sim: { durationMs: 8_000, ...faults({ serverErrors: { count: 2, status: 503 } }) }, maxWait: 60 };
		case 'flaky':
			// first look: answered after 1.5 s (well inside the 60 s request timeout), then the
			// socket is dropped; second: a 502 gateway HTML page; then normal answers
			return { sim: { durationMs: 12_000, ...faults({ slowMs: { count: 1, ms: SLOW_MS }, drop: 1, html: 1 }) }, maxWait: 60 };
		case 'timedOut':
			return {
				sim: { durationMs: 6_000_000, ...faults({ unknownStatus: { count: 1_000, word: 'rendering' } }) },
				maxWait: TIMEOUT_MAX_WAIT,
			};
	}
}

const WRONG_KEY = (p: ProviderId) => `wrong-${p}-key-0123456789-DO-NOT-SHOW`;
const names = (p: ProviderId) => ({
	cases: `${p} cases`,
	create: `${p} create`,
	wait: `${p} wait`,
	wrongCase: `${p} wrong-key case`,
	wrongCreate: `${p} create (wrong-key case)`,
	wrongWait: `${p} wait (wrong key)`,
});

function codeNode(name: string, items: unknown[]): WorkflowNode {
	return {
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [0, 0],
		parameters: { jsCode: `return ${JSON.stringify(items.map((json) => ({ json })), null, 1)};` },
	};
}

/** One provider's chains, built from examples/<provider>-create-and-wait.json. */
function providerNodes(sim: Simulator, provider: ProviderId): { nodes: WorkflowNode[]; connections: Workflow; starts: string[] } {
	const example = retargetHttpRequests(loadExample(PROVIDER_EXAMPLES[provider]), sim.baseUrls);
	const http = nodeByName(example, NODE_NAMES.providerCreate(provider));
	const poller = nodeByName(example, NODE_NAMES.providerWait);
	const body = JSON.parse(http.parameters.jsonBody);
	const n = names(provider);

	const create = (name: string): WorkflowNode => ({
		...structuredClone(http),
		id: undefined,
		name,
		// the example's body, plus the simulator's hints for this case
		parameters: { ...http.parameters, jsonBody: '={{ JSON.stringify({ ...$json.body, _sim: $json.sim }) }}' },
	});
	const wait: WorkflowNode = {
		...structuredClone(poller),
		id: undefined,
		name: n.wait,
		parameters: {
			...poller.parameters,
			options: {
				pollInterval: 0.3,
				maxWait: `={{ $('${n.cases}').item.json.maxWait }}`,
				onTimeout: 'returnLastStatus',
				onJobFailure: 'output',
			},
		},
	};
	const wrongWait: WorkflowNode = {
		...structuredClone(poller),
		id: undefined,
		name: n.wrongWait,
		onError: 'continueRegularOutput',
		credentials: { [CREDENTIAL_TYPES[provider]]: { id: `wrong-${provider}`, name: `${PROVIDER_LABELS[provider]} wrong key` } },
		parameters: { ...poller.parameters, options: { pollInterval: 0.3, maxWait: 30 } },
	};
	const nodes = [
		codeNode(n.cases, CASES.map((c) => ({ case: c, body, ...caseSpec(provider, c) }))),
		create(n.create),
		wait,
		codeNode(n.wrongCase, [{ case: 'wrongKey', body, sim: { durationMs: 5_000 }, maxWait: 30 }]),
		create(n.wrongCreate),
		wrongWait,
	];
	const to = (node: string) => ({ main: [[{ node, type: 'main', index: 0 }]] });
	return {
		nodes,
		connections: { [n.cases]: to(n.create), [n.create]: to(n.wait), [n.wrongCase]: to(n.wrongCreate), [n.wrongCreate]: to(n.wrongWait) },
		starts: [n.cases, n.wrongCase],
	};
}

let sim: Simulator;
let run: N8nRunResult;

beforeAll(async () => {
	const packageDir = await builtPackageDir();
	sim = await startSimulator({ timeScale: TIME_SCALE, seed: 5 });
	const nodes: WorkflowNode[] = [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {}, position: [0, 0] }];
	const connections: Workflow = { Start: { main: [[]] } };
	for (const p of PROVIDER_IDS) {
		const part = providerNodes(sim, p);
		nodes.push(...part.nodes);
		Object.assign(connections, part.connections);
		connections.Start.main[0].push(...part.starts.map((node) => ({ node, type: 'main', index: 0 })));
	}
	const credentials: CliCredential[] = [
		...providerCredentials(sim.baseUrls, sim.keys, 'matrix'),
		...PROVIDER_IDS.map((p) => ({
			id: `wrong-${p}`,
			name: `${PROVIDER_LABELS[p]} wrong key`,
			type: CREDENTIAL_TYPES[p],
			data: { apiKey: WRONG_KEY(p), baseUrl: sim.baseUrls[p] },
		})),
	];
	run = await runWorkflowInN8n({
		workflow: { name: 'provider matrix (e2e)', nodes, connections, settings: { executionOrder: 'v1' } },
		credentials,
		communityPackageDir: packageDir,
		timeoutMs: N8N_RUN_TIMEOUT_MS,
	});
	console.log('provider matrix run: n8n timings (ms)', run.timings);
});

afterAll(async () => {
	await sim?.close();
});

test('the run succeeds: failures, timeouts and the wrong key are items, not a stopped workflow', () => {
	expectRunOk(run);
});

test('no API key — right or wrong — appears anywhere in n8n\'s output', () => {
	const text = JSON.stringify(run.run) + run.stdout + run.stderr;
	for (const p of PROVIDER_IDS) {
		expect(text).not.toContain(sim.keys[p]);
		expect(text).not.toContain(WRONG_KEY(p));
	}
});

describe.each(PROVIDER_IDS)('%s', (provider) => {
	const n = names(provider);
	const outputs = () => {
		const created = run.lastNodeItems(n.create);
		const waited = run.lastNodeItems(n.wait);
		if (created.length !== CASES.length || waited.length !== CASES.length) throw new Error(explain(run));
		const byCase = {} as Record<CaseName, { json: Record<string, any>; pairedItem?: unknown }>;
		CASES.forEach((c, i) => (byCase[c] = waited[i]));
		return byCase;
	};
	/** Requests the node made for a job, as the simulator counted them. */
	const requestsFor = (jobId: string) => {
		const r = sim.job(jobId);
		return r.statusRequests + r.otherRequests;
	};

	it('one item per case, in order, paired with its input item', () => {
		const waited = run.lastNodeItems(n.wait);
		expect(waited.map((i) => i.pairedItem)).toEqual(CASES.map((_c, item) => ({ item })));
		// the jobs the HTTP Request node created are the ones waited for
		const created = run.lastNodeItems(n.create).map((i) => i.json);
		const ids = created.map((c) => (provider === 'reelBot' ? c.projectId : provider === 'hooked' ? c.data.videoId : c.id));
		expect(waited.map((i) => i.json.jobId)).toEqual(ids);
	});

	it('completed', () => {
		const { json } = outputs().completed;
		const record = sim.job(json.jobId);
		expect(record.status).toBe('completed');
		expect(json).toMatchObject({
			provider,
			status: 'completed',
			providerStatus: COMPLETED_WORD[provider],
			done: true,
			progress: 100,
			error: null,
			durationSeconds: provider === 'reelBot' ? null : 6,
		});
		expect(typeof json.videoUrl).toBe('string');
		expect(json.polling).toEqual({ attempts: requestsFor(json.jobId), rateLimited: 0, waitedSeconds: json.polling.waitedSeconds, timedOut: false });
	});

	it('failed: a normal item with the provider\'s own failure text', () => {
		const { json } = outputs().failed;
		const record = sim.job(json.jobId);
		expect(record.outcome).toBe('failed');
		expect(record.status).toBe('failed');
		expect(json).toMatchObject({ status: 'failed', providerStatus: FAILED_WORD[provider], done: true, videoUrl: null });
		expect(json.error.message).toContain(`e2e: ${provider} render failed`);
		expect(json.polling.attempts).toBe(requestsFor(json.jobId));
	});

	it('rate-limited twice, then completed: the 429s are waited out and counted', () => {
		const { json } = outputs().rateLimited;
		const record = sim.job(json.jobId);
		expect(record.rateLimited).toBe(2);
		expect(json).toMatchObject({ status: 'completed', providerStatus: COMPLETED_WORD[provider], error: null });
		expect(json.polling).toMatchObject({ rateLimited: 2, attempts: requestsFor(json.jobId), timedOut: false });
	});

	it('two 503s, then completed: retried with backoff', () => {
		const { json } = outputs().serverErrors;
		const record = sim.job(json.jobId);
		expect(json).toMatchObject({ status: 'completed', error: null });
		// 2 failed answers + at least the answer that showed it completed
		expect(record.statusRequests).toBeGreaterThanOrEqual(3);
		expect(json.polling).toMatchObject({ attempts: requestsFor(json.jobId), rateLimited: 0 });
	});

	it('slow answer + dropped connection + HTML error page, then completed', () => {
		const { json } = outputs().flaky;
		const record = sim.job(json.jobId);
		expect(json).toMatchObject({ status: 'completed', error: null });
		expect(record.faults).toEqual({}); // every fault was used up by the node's requests
		expect(record.statusRequests).toBeGreaterThanOrEqual(3);
		expect(json.polling.attempts).toBe(requestsFor(json.jobId));
	});

	it('timed out: the last status is output with polling.timedOut, the undocumented word kept verbatim', () => {
		const { json } = outputs().timedOut;
		const record = sim.job(json.jobId);
		expect(record.finishedAt).toBeNull();
		expect(json).toMatchObject({
			status: 'processing',
			providerStatus: 'rendering',
			done: false,
			videoUrl: null,
			error: null,
		});
		expect(json.polling).toMatchObject({ timedOut: true, attempts: requestsFor(json.jobId) });
		// it cannot have given up before its deadline
		expect(json.polling.waitedSeconds).toBeGreaterThanOrEqual(TIMEOUT_MAX_WAIT);
	});

	it('wrong key: the item carries the error (On Error: Continue), after exactly one request', () => {
		const [item] = run.lastNodeItems(n.wrongWait);
		const created = run.lastNodeItems(n.wrongCreate)[0].json;
		const jobId = provider === 'reelBot' ? created.projectId : provider === 'hooked' ? created.data.videoId : created.id;
		const record = sim.job(jobId);
		expect(record.statusRequests).toBe(1);
		const status = provider === 'hooked' ? 403 : 401;
		expect(item.json).toMatchObject({ provider, jobId });
		expect(item.json.error.message).toContain(`refused the request for job "${jobId}" (HTTP ${status}`);
		expect(item.json.error.description).toMatch(/API key/);
		expect(item.json.status).toBeUndefined(); // nothing about the job could be learned
	});

	it('the simulator saw exactly the faults and refusals the cases asked for', () => {
		const s = sim.stats().providers[provider];
		expect(s.rateLimited).toBe(2);
		expect(s.serverErrors).toBe(2);
		expect(s.dropped).toBe(1);
		expect(s.htmlPages).toBe(1);
		expect(s.authFailures).toBe(1);
		expect(s.createRequests).toBe(CASES.length + 1);
	});
});
