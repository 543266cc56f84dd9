/**
 * The five provider examples and the batch example, run in the real n8n 2.8.4 CLI with the
 * package installed as a community package, against the simulator served from this process.
 *
 * The example files are used as they are, except: their HTTP Request nodes call the simulator
 * instead of the public APIs, the batch example's "Jobs to wait for" lists simulator jobs, and —
 * to pay n8n's start-up once — the six workflows run as parts of one workflow under a single
 * Manual Trigger (node names prefixed). Credentials are imported under the names the examples
 * refer to, with their placeholder ids left unchanged: n8n binds them by name on import.
 */
import { runWorkflowInN8n, type N8nRunResult } from '../../n8n-host/n8nHost';
import { startSimulator, type JobRecord, type Simulator } from '../../simulator';
import {
	BATCH_EXAMPLE,
	NODE_NAMES,
	PROVIDER_EXAMPLES,
	PROVIDER_IDS,
	combineWorkflows,
	loadExample,
	providerCredentials,
	retargetHttpRequests,
	withBatchJobs,
	type ProviderId,
} from '../../scripts/lib/examples';
import { COMPLETED_WORD, FAILED_WORD, E2E_TEST_TIMEOUT_MS, N8N_RUN_TIMEOUT_MS, builtPackageDir, explain, expectRunOk } from './support';

jest.setTimeout(E2E_TEST_TIMEOUT_MS);

let sim: Simulator;
let run: N8nRunResult;
/** Jobs the batch example waits for, in the order of its job list. */
let batchJobs: JobRecord[];

/** The create bodies' own figures, which the simulator keeps as the video's length. */
const BODY_SECONDS: Partial<Record<ProviderId, number>> = { geekHub: 5, aiStats: 8, poe: 4 };
const BODY_MODEL: Partial<Record<ProviderId, string>> = { geekHub: 'fal/kling-2', aiStats: 'google/veo-3.1-fast', poe: 'Sora-2' };

beforeAll(async () => {
	const packageDir = await builtPackageDir();
	// Provider time runs 100 000× faster: a job drawn to take minutes is over in milliseconds,
	// so the examples' automatic poll cadence (10–30 s) never has to wait.
	sim = await startSimulator({ timeScale: 100_000, linkTimeScale: 1, seed: 11 });
	batchJobs = [
		sim.createJob({ provider: 'geekHub' }),
		sim.createJob({ provider: 'geekHub', outcome: 'failed', errorMessage: 'fal status: ERROR' }),
		sim.createJob({ provider: 'aiStats' }),
		sim.createJob({ provider: 'reelBot' }),
		sim.createJob({ provider: 'poe' }),
		sim.createJob({ provider: 'hooked', outcome: 'failed', errorMessage: 'Rendering failed: voice not found' }),
	];
	const parts = [
		...PROVIDER_IDS.map((p) => ({ prefix: `${p}: `, workflow: retargetHttpRequests(loadExample(PROVIDER_EXAMPLES[p]), sim.baseUrls) })),
		{
			prefix: 'batch: ',
			workflow: withBatchJobs(
				retargetHttpRequests(loadExample(BATCH_EXAMPLE), sim.baseUrls),
				batchJobs.map((j) => ({ provider: j.provider, id: j.id })),
			),
		},
	];
	run = await runWorkflowInN8n({
		workflow: combineWorkflows('examples (e2e)', parts),
		credentials: providerCredentials(sim.baseUrls, sim.keys, 'e2e'),
		communityPackageDir: packageDir,
		timeoutMs: N8N_RUN_TIMEOUT_MS,
	});
	console.log('examples run: n8n timings (ms)', run.timings);
});

afterAll(async () => {
	await sim?.close();
});

test('the combined run succeeds', () => {
	expectRunOk(run);
});

describe.each(PROVIDER_IDS.map((p) => [PROVIDER_EXAMPLES[p], p] as const))('examples/%s', (_file, provider) => {
	const node = (name: string) => `${provider}: ${name}`;

	it('creates one job at the provider\'s create endpoint with the credential the example names', () => {
		const created = run.lastNodeItems(node(NODE_NAMES.providerCreate(provider)));
		expect(created).toHaveLength(1);
		const stats = sim.stats().providers[provider];
		// one create request from this example (the batch jobs were made with sim.createJob)
		expect(stats.createRequests).toBe(1);
		expect(stats.authFailures).toBe(0);
	});

	it('Video Poller outputs the finished job, matching the simulator\'s record', () => {
		const out = run.lastNodeItems(node(NODE_NAMES.providerWait));
		if (out.length !== 1) throw new Error(explain(run));
		const json = out[0].json;
		const record = sim.job(json.jobId);
		const created = run.lastNodeItems(node(NODE_NAMES.providerCreate(provider)))[0].json;
		const createdId = provider === 'reelBot' ? created.projectId : provider === 'hooked' ? created.data.videoId : created.id;
		expect(json.jobId).toBe(createdId);
		expect(record.provider).toBe(provider);
		expect(json).toMatchObject({
			provider,
			status: 'completed',
			providerStatus: COMPLETED_WORD[provider],
			done: true,
			progress: 100,
			error: null,
		});
		expect(record.status).toBe('completed');
		// every request the node made reached the simulator, and no more
		expect(json.polling).toMatchObject({ attempts: record.statusRequests + record.otherRequests, rateLimited: 0, timedOut: false });
		expect(out[0].pairedItem).toEqual({ item: 0 });
		if (BODY_SECONDS[provider] !== undefined) expect(json.durationSeconds).toBe(BODY_SECONDS[provider]);
		if (BODY_MODEL[provider] !== undefined) expect(json.model).toBe(BODY_MODEL[provider]);
		const url: string = json.videoUrl;
		switch (provider) {
			case 'geekHub':
				expect(url).toBe(`${sim.storageUrl}/public/generated-videos/sim-org/${record.id}/video.mp4`);
				expect(json.videoUrlExpiresAt).toBeNull();
				break;
			case 'poe':
				expect(url).toBe(`${sim.baseUrls.poe}/v1/videos/${record.id}/content`);
				expect(json.videoUrlRequiresAuth).toBe(true);
				break;
			case 'reelBot':
				// the link came from one call to ReelBot's download endpoint
				expect(record.otherRequests).toBe(1);
				expect(url.startsWith(`${sim.storageUrl}/bucket/reelbot/${record.id}.mp4?`)).toBe(true);
				expect(json.videoUrlExpiresAt).not.toBeNull();
				break;
			case 'hooked':
				expect(url.startsWith(`${sim.storageUrl}/bucket/hooked/${record.id}.mp4?`)).toBe(true);
				expect(json.videoUrlExpiresAt).not.toBeNull();
				break;
			case 'aiStats':
				expect(url.startsWith(`${sim.storageUrl}/bucket/aistats/${record.id}.mp4?`) || url === `${sim.baseUrls.aiStats}/v1/videos/${record.id}/content`).toBe(true);
				break;
		}
	});

	it('the Edit Fields node after it keeps the video link', () => {
		const poller = run.lastNodeItems(node(NODE_NAMES.providerWait))[0].json;
		const [kept] = run.lastNodeItems(node(NODE_NAMES.providerUse));
		expect(kept.json).toEqual({
			provider,
			jobId: poller.jobId,
			status: 'completed',
			videoUrl: poller.videoUrl,
			videoUrlRequiresAuth: poller.videoUrlRequiresAuth,
			videoUrlExpiresAt: poller.videoUrlExpiresAt,
			durationSeconds: poller.durationSeconds,
			waitedSeconds: poller.polling.waitedSeconds,
		});
	});
});

describe(`examples/${BATCH_EXAMPLE}`, () => {
	it('each provider\'s Video Poller gets its jobs from the Switch and waits for them together', () => {
		for (const p of PROVIDER_IDS) {
			const mine = batchJobs.filter((j) => j.provider === p);
			const out = run.lastNodeItems(`batch: ${NODE_NAMES.batchWait(p)}`);
			expect(out.map((i) => i.json.jobId)).toEqual(mine.map((j) => j.id));
			expect(out.map((i) => i.pairedItem)).toEqual(mine.map((_j, item) => ({ item })));
		}
	});

	it('the summary has one line per job, in branch order, failed jobs included as items', () => {
		const summary = run.lastNodeItems(`batch: ${NODE_NAMES.batchSummary}`).map((i) => i.json);
		const expected = PROVIDER_IDS.flatMap((p) => batchJobs.filter((j) => j.provider === p));
		expect(summary.map((s) => s.jobId)).toEqual(expected.map((j) => j.id));
		for (const row of summary) {
			const record = sim.job(row.jobId);
			const failed = record.outcome === 'failed';
			expect(row).toMatchObject({
				provider: record.provider,
				status: failed ? 'failed' : 'completed',
				providerStatus: failed ? FAILED_WORD[record.provider] : COMPLETED_WORD[record.provider],
				attempts: record.statusRequests + record.otherRequests,
			});
			if (failed) {
				expect(row.videoUrl).toBeNull();
				expect(row.error).toContain(record.provider === 'geekHub' ? 'fal status: ERROR' : 'Rendering failed: voice not found');
			} else {
				expect(row.progress).toBe(100);
				expect(typeof row.videoUrl).toBe('string');
				expect(row.error).toBeNull();
			}
		}
		expect(summary.filter((s) => s.status === 'failed')).toHaveLength(2);
	});
});
