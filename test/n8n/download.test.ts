/**
 * Downloading the finished video as binary data, in real n8n against the simulator: each
 * provider's way to the file, the key never sent to storage, the size cap, expired links.
 */
import { startSimulator, videoBytesFor, type Simulator } from '../../simulator';
import type { ProviderId } from '../../src/providers/types';
import { readBinary } from '../support/workflowExecuteHarness';
import { PROVIDERS, everything, jsonOf, runPoller } from './support';

jest.setTimeout(60_000);

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ seed: 11 });
});
afterAll(async () => {
	await sim.close();
});

const SIZE = 300_000;

function storageRequestsFor(jobId: string) {
	return sim.stats().storage.log.filter((entry) => entry.jobId === jobId);
}

describe.each(PROVIDERS)('%s', (provider: ProviderId) => {
	it('Wait for Video with "Download Video" outputs the video, byte for byte, with no key sent to storage', async () => {
		const job = sim.createJob({ provider, durationMs: 700, videoBytes: SIZE });
		const result = await runPoller(sim, { provider, jobIds: [job.id], options: { download: true, binaryPropertyName: 'video' }, binaryMode: 'filesystem' });
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(item.json).toMatchObject({ jobId: job.id, status: 'completed' });
		const binary = item.binary!.video;
		expect(binary.mimeType).toBe('video/mp4');
		expect(binary.fileName).toMatch(/\.mp4$/);
		const bytes = await readBinary(item, 'video');
		expect(bytes.length).toBe(SIZE);
		expect(bytes.equals(videoBytesFor(job.id, SIZE))).toBe(true);
		for (const entry of storageRequestsFor(job.id)) {
			expect(entry.headerNames).not.toContain('authorization');
			expect(entry.headerNames).not.toContain('x-api-key');
		}
		if (provider === 'poe') {
			// Poe's file is only on its own key-protected endpoint: fetched there, not from storage.
			expect(storageRequestsFor(job.id)).toHaveLength(0);
			expect(binary.fileName).toBe(`poe-${job.id}.mp4`);
		} else {
			expect(storageRequestsFor(job.id).filter((e) => e.status === 200)).toHaveLength(1);
		}
		expect(everything(result)).not.toContain(sim.keys[provider]);
	});
});

describe('download', () => {
	it('the Download operation fetches a completed job; a job still running is a clear item error', async () => {
		const done = sim.createJob({ provider: 'hooked', durationMs: 100, videoBytes: SIZE });
		const running = sim.createJob({ provider: 'hooked', durationMs: 600_000 });
		await new Promise((resolve) => setTimeout(resolve, 300));
		const result = await runPoller(sim, { provider: 'hooked', jobIds: [done.id, running.id], operation: 'download', onError: 'continueRegularOutput' });
		expect((await readBinary(result.items[0])).equals(videoBytesFor(done.id, SIZE))).toBe(true);
		expect(result.items[1].binary).toBeUndefined();
		expect(jsonOf(result.items)[1].error.message).toMatch(/is processing \(STARTED\); only a completed job has a video/);
	});

	it('AI Stats key-protected content_url: the key goes to the provider host only', async () => {
		const job = sim.createJob({ provider: 'aiStats', durationMs: 300, videoBytes: SIZE, variant: 'bytes' });
		const result = await runPoller(sim, { provider: 'aiStats', jobIds: [job.id], options: { download: true } });
		const [item] = result.items;
		expect(item.json.videoUrlRequiresAuth).toBe(true);
		expect((await readBinary(item)).equals(videoBytesFor(job.id, SIZE))).toBe(true);
		expect(sim.job(job.id).otherRequests).toBe(1);
	});

	it("Poe's thumbnail variant", async () => {
		const job = sim.createJob({ provider: 'poe', durationMs: 300 });
		const result = await runPoller(sim, { provider: 'poe', jobIds: [job.id], operation: 'waitForVideo', options: { download: true, variant: 'thumbnail' } });
		expect(result.items[0].binary!.data.mimeType).toMatch(/^image\//);
	});

	it('a video above "Max Download Size" fails the item without reading it', async () => {
		const job = sim.createJob({ provider: 'geekHub', durationMs: 300, videoBytes: 3 * 1024 * 1024 });
		const result = await runPoller(sim, { provider: 'geekHub', jobIds: [job.id], options: { download: true, maxDownloadSize: 1 } });
		expect(result.error?.message).toMatch(/is 3\.0 MB, above the 1\.0 MB limit/);
		expect(sim.stats().storage.bytesServed).toBeGreaterThanOrEqual(0);
	});

	it('an expired link is renewed once: ReelBot gives a fresh download URL', async () => {
		const job = sim.createJob({ provider: 'reelBot', durationMs: 300, videoBytes: SIZE, faults: { expiredLinks: 1 } });
		const result = await runPoller(sim, { provider: 'reelBot', jobIds: [job.id], options: { download: true } });
		expect(result.error).toBeUndefined();
		expect((await readBinary(result.items[0])).equals(videoBytesFor(job.id, SIZE))).toBe(true);
		expect(sim.job(job.id).otherRequests).toBe(2); // the expired URL, then a fresh one
		expect(Date.parse(result.items[0].json.videoUrlExpiresAt as string)).toBeGreaterThan(Date.now());
	});

	it('an expired link is renewed once: Hooked through a new status look', async () => {
		const job = sim.createJob({ provider: 'hooked', durationMs: 300, videoBytes: SIZE, faults: { expiredLinks: 1 } });
		const result = await runPoller(sim, { provider: 'hooked', jobIds: [job.id], options: { download: true } });
		expect((await readBinary(result.items[0])).equals(videoBytesFor(job.id, SIZE))).toBe(true);
	});

	it('a link that stays expired is a clear error', async () => {
		const job = sim.createJob({ provider: 'hooked', durationMs: 300, faults: { expiredUrl: true } });
		const result = await runPoller(sim, { provider: 'hooked', jobIds: [job.id], options: { download: true } });
		expect(result.error?.message).toMatch(/expired at .* and the provider gave no fresh one/);
	});
});
