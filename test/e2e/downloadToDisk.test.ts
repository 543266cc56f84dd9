/**
 * examples/download-to-disk.json in the real n8n 2.8.4 CLI: each provider's branch creates a video
 * at the simulator, Video Poller waits with "Download Video" on, and Read/Write Files from Disk
 * writes `<folder>/<jobId>.mp4`. The files on disk must be byte for byte the simulator's video of
 * each job, fetched without sending any key to the storage host.
 *
 * Only the HTTP Request base URLs and the folder ("Where to save") are changed; n8n 2.x lets the
 * file node write there because N8N_RESTRICT_FILE_ACCESS_TO names it for this run.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { runWorkflowInN8n, type N8nRunResult } from '../../n8n-host/n8nHost';
import { startSimulator, videoBytesFor, videoSha256For, type Simulator } from '../../simulator';
import {
	DOWNLOAD_EXAMPLE,
	NODE_NAMES,
	PROVIDER_IDS,
	loadExample,
	providerCredentials,
	retargetHttpRequests,
	withDownloadFolder,
} from '../../scripts/lib/examples';
import { E2E_TEST_TIMEOUT_MS, N8N_RUN_TIMEOUT_MS, builtPackageDir, explain, expectRunOk } from './support';

jest.setTimeout(E2E_TEST_TIMEOUT_MS);

let sim: Simulator;
let run: N8nRunResult;
let folder: string;

beforeAll(async () => {
	const packageDir = await builtPackageDir();
	folder = mkdtempSync(path.join(tmpdir(), 'vp-e2e-videos-'));
	// 20 000× faster: drawn job lengths of 1–5 min become 3–17 ms, over before the first look.
	// Links keep their real lifetimes (1 h – 24 h): on a busy machine n8n may take many seconds
	// between a job's end and its download, and Poe has no way to renew expired content.
	// Expiry and renewal are tested with the expiredUrl / expiredLinks faults elsewhere.
	sim = await startSimulator({ timeScale: 20_000, linkTimeScale: 1, seed: 23 });
	const workflow = withDownloadFolder(retargetHttpRequests(loadExample(DOWNLOAD_EXAMPLE), sim.baseUrls), folder);
	run = await runWorkflowInN8n({
		workflow,
		credentials: providerCredentials(sim.baseUrls, sim.keys, 'e2e-dl'),
		communityPackageDir: packageDir,
		timeoutMs: N8N_RUN_TIMEOUT_MS,
		env: { N8N_RESTRICT_FILE_ACCESS_TO: folder },
	});
	console.log('download run: n8n timings (ms)', run.timings);
});

afterAll(async () => {
	await sim?.close();
	if (folder) rmSync(folder, { recursive: true, force: true });
});

test('the run succeeds and writes one file per provider', () => {
	expectRunOk(run);
	const written = run.lastNodeItems(NODE_NAMES.downloadWrite);
	expect(written).toHaveLength(PROVIDER_IDS.length);
	const jobIds = PROVIDER_IDS.map((p) => run.lastNodeItems(NODE_NAMES.downloadWait(p))[0]?.json.jobId);
	expect(readdirSync(folder).sort()).toEqual(jobIds.map((id) => `${id}.mp4`).sort());
	// the file node reports the path it wrote, built from the example's expression
	expect(written.map((i) => i.json.fileName)).toEqual(jobIds.map((id) => `${folder}/${id}.mp4`));
});

describe.each(PROVIDER_IDS)('%s', (provider) => {
	it('the file on disk is the simulator\'s video of the job, byte for byte', () => {
		const items = run.lastNodeItems(NODE_NAMES.downloadWait(provider));
		if (items.length !== 1) throw new Error(explain(run));
		const { json, binary } = items[0];
		const record = sim.job(json.jobId);
		expect(record.provider).toBe(provider);
		expect(json).toMatchObject({ provider, status: 'completed', error: null });
		expect(binary?.data).toBeDefined();
		// n8n keeps the binary in its store (filesystem mode) and reports its size
		expect(binary!.data).toMatchObject({ mimeType: 'video/mp4', fileExtension: 'mp4', bytes: record.videoBytes });

		const onDisk = readFileSync(path.join(folder, `${json.jobId}.mp4`));
		const expected = videoBytesFor(record.id, record.videoBytes);
		expect(onDisk.length).toBe(record.videoBytes);
		expect(onDisk.equals(expected)).toBe(true);
		expect(record.videoSha256).toBe(videoSha256For(record.id, record.videoBytes));
	});
});

test('no request to the storage host carried an API key or Authorization header', () => {
	const { storage } = sim.stats();
	expect(storage.refusedAuth).toBe(0);
	for (const entry of storage.log) {
		expect(entry.headerNames).not.toContain('authorization');
		expect(entry.headerNames).not.toContain('x-api-key');
	}
	// every signed/public video was fetched from storage at least once (Poe and AI Stats content may come from the API)
	const fromStorage = new Set(storage.log.filter((e) => e.status === 200 || e.status === 206).map((e) => e.jobId));
	for (const p of ['geekHub', 'reelBot', 'hooked'] as const) {
		const id = run.lastNodeItems(NODE_NAMES.downloadWait(p))[0].json.jobId;
		expect(fromStorage.has(id)).toBe(true);
	}
});

test('nothing in n8n\'s output shows an API key', () => {
	const text = JSON.stringify(run.run) + run.stdout + run.stderr;
	for (const key of Object.values(sim.keys)) expect(text).not.toContain(key);
});
