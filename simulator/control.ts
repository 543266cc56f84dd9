/**
 * Control API on the main port, for tests and scripts in other processes:
 *   POST /_sim/jobs        JobSpec → 201 JobRecord
 *   GET  /_sim/jobs        JobRecord[]
 *   GET  /_sim/jobs/{id}   JobRecord
 *   POST /_sim/faults      {provider, faults} (replaces the provider's faults) or {jobId, faults}
 *   GET  /_sim/stats       Stats
 *   POST /_sim/reset       forget jobs, faults, limits, counters
 *   GET  /_sim/info        base URLs, storage URL, keys, timeScale
 * Errors: {error: message} with 400/404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObject, readJson, safeDecode, sendJson } from './http';
import type { SimState } from './state';
import { PROVIDERS, type JobSpec, type ProviderId } from './types';

export function simInfo(sim: SimState): Record<string, unknown> {
	const baseUrls = {} as Record<ProviderId, string>;
	for (const p of PROVIDERS) baseUrls[p] = sim.baseUrl(p);
	return { rootUrl: sim.rootUrl, baseUrls, storageUrl: sim.storageUrl, keys: sim.keys, timeScale: sim.timeScale, seed: sim.seed, enforceRateLimits: sim.enforceRateLimits };
}

export async function handleControl(sim: SimState, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
	const bad = (message: string, status = 400): void => sendJson(res, status, { error: message });
	const body = async (): Promise<Record<string, unknown> | undefined> => {
		const parsed = await readJson(req);
		if (!parsed.ok) {
			bad(parsed.message);
			return undefined;
		}
		if (!isObject(parsed.value)) {
			bad('expected a JSON object');
			return undefined;
		}
		return parsed.value;
	};
	const m = /^\/jobs\/([^/]+)$/.exec(path);
	try {
		if (req.method === 'POST' && path === '/jobs') {
			const spec = await body();
			if (spec) sendJson(res, 201, sim.record(sim.createJob(spec as unknown as JobSpec)));
		} else if (req.method === 'GET' && path === '/jobs') {
			sendJson(res, 200, [...sim.jobs.values()].map((j) => sim.record(j)));
		} else if (req.method === 'GET' && m) {
			const job = sim.findJob(safeDecode(m[1] ?? ''));
			if (job) sendJson(res, 200, sim.record(job));
			else bad('job not found', 404);
		} else if (req.method === 'POST' && path === '/faults') {
			const b = await body();
			if (!b) return;
			if (typeof b.jobId === 'string') sim.setJobFaults(b.jobId, b.faults as JobSpec['faults']);
			else sim.setProviderFaults(b.provider as ProviderId, b.faults as JobSpec['faults']);
			sendJson(res, 200, { ok: true });
		} else if (req.method === 'GET' && path === '/stats') {
			sendJson(res, 200, sim.stats());
		} else if (req.method === 'POST' && path === '/reset') {
			sim.reset();
			sendJson(res, 200, { ok: true });
		} else if (req.method === 'GET' && (path === '/info' || path === '' || path === '/')) {
			sendJson(res, 200, simInfo(sim));
		} else {
			bad(`no control route ${req.method ?? ''} /_sim${path}`, 404);
		}
	} catch (err) {
		if (!res.headersSent) bad(err instanceof Error ? err.message : String(err));
	}
}
