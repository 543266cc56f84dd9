/**
 * Provider simulator: a faithful fake of GeekHub, AI Stats, ReelBot, Poe and Hooked on
 * 127.0.0.1, plus an S3-like storage host on a second port. See README.md beside this file.
 *
 *   const sim = await startSimulator({ timeScale: 100 });
 *   const job = sim.createJob({ provider: 'poe', durationMs: 2000 });
 *   await fetch(`${sim.baseUrls.poe}/v1/videos/${job.id}`, { headers: { Authorization: `Bearer ${sim.keys.poe}` } });
 *   await sim.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl } from './control';
import { sendJson } from './http';
import { PROVIDER_SPECS, jobDefaults } from './providers';
import { serveProvider } from './providers/common';
import { SimState } from './state';
import { handleStorage } from './storage';
import { PATH_PREFIX, PROVIDERS, type Faults, type JobRecord, type JobSpec, type ProviderId, type SimJob, type SimulatorOptions, type Stats } from './types';

export * from './types';
export { videoBytesFor, videoSha256For, contentBytes, contentSha256, DEFAULT_VIDEO_BYTES, THUMBNAIL_BYTES, SPRITESHEET_BYTES } from './content';
export { GEEKHUB_MODELS } from './providers/geekHub';
export { AISTATS_POLL_AFTER, AISTATS_URL_LIFETIME } from './providers/aiStats';
export { REELBOT_URL_LIFETIME } from './providers/reelBot';
export { POE_CONTENT_LIFETIME } from './providers/poe';
export { HOOKED_URL_LIFETIME } from './providers/hooked';

export interface Simulator {
	/** http://127.0.0.1:PORT — the control API lives at `${rootUrl}/_sim`. */
	readonly rootUrl: string;
	readonly port: number;
	/** One path prefix per provider on the main port, e.g. http://127.0.0.1:PORT/geekhub. */
	readonly baseUrls: Readonly<Record<ProviderId, string>>;
	/** The storage host (a separate port = a different origin). */
	readonly storageUrl: string;
	readonly storagePort: number;
	/** The right API key for each provider. */
	readonly keys: Readonly<Record<ProviderId, string>>;
	readonly timeScale: number;
	createJob(spec: JobSpec): SimJob;
	/** Replace the provider-wide faults ({} clears them). */
	setFaults(provider: ProviderId, faults: Faults): void;
	/** Replace a job's faults ({} clears them). */
	setJobFaults(jobId: string, faults: Faults): void;
	/** A snapshot of the job now (throws for an unknown id). */
	job(id: string): JobRecord;
	jobs(): JobRecord[];
	stats(): Stats;
	/** Forget jobs, faults, rate-limit windows and counters; restart the PRNG. */
	reset(): void;
	close(): Promise<void>;
}

/** Per-provider rate limits in force (window in ms before timeScale). */
export const RATE_LIMITS: Readonly<Record<ProviderId, Readonly<Record<string, { limit: number; windowMs: number }>>>> = {
	geekHub: PROVIDER_SPECS.geekHub.limits,
	aiStats: PROVIDER_SPECS.aiStats.limits,
	reelBot: PROVIDER_SPECS.reelBot.limits,
	poe: PROVIDER_SPECS.poe.limits,
	hooked: PROVIDER_SPECS.hooked.limits,
};

const SPEC_BY_PREFIX = new Map(PROVIDERS.map((p) => [PATH_PREFIX[p], PROVIDER_SPECS[p]]));

function listen(server: Server, port: number, host: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const onError = (err: Error): void => reject(err);
		server.once('error', onError);
		server.listen(port, host, () => {
			server.off('error', onError);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

function closeServer(server: Server): Promise<void> {
	return new Promise((resolve) => {
		if (!server.listening) {
			resolve();
			return;
		}
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

function guard(handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>) {
	return (req: IncomingMessage, res: ServerResponse): void => {
		Promise.resolve()
			.then(() => handler(req, res))
			.catch((err: unknown) => {
				if (!res.headersSent) sendJson(res, 500, { error: 'simulator internal error', message: err instanceof Error ? err.message : String(err) });
				else res.destroy();
			});
	};
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
	const host = opts.host ?? '127.0.0.1';
	const sim = new SimState(opts, jobDefaults());

	const main = createServer(
		guard(async (req, res) => {
			const url = new URL(req.url ?? '/', 'http://sim.invalid');
			const m = /^\/([^/]+)(\/.*)?$/.exec(url.pathname);
			const first = m?.[1] ?? '';
			const rest = m?.[2] ?? '';
			if (first === '_sim') return handleControl(sim, req, res, rest);
			const spec = SPEC_BY_PREFIX.get(first);
			if (spec) return serveProvider(sim, spec, req, res, rest, url);
			sendJson(res, 404, { error: `unknown path ${url.pathname}; providers live under /${[...SPEC_BY_PREFIX.keys()].join(', /')}` });
		}),
	);
	const storage = createServer(guard((req, res) => handleStorage(sim, req, res)));

	let port: number;
	let storagePort: number;
	try {
		port = await listen(main, opts.port ?? 0, host);
		storagePort = await listen(storage, opts.storagePort ?? 0, host);
	} catch (err) {
		await Promise.all([closeServer(main), closeServer(storage)]);
		throw err;
	}
	sim.rootUrl = `http://${host}:${port}`;
	sim.storageUrl = `http://${host}:${storagePort}`;
	const baseUrls = {} as Record<ProviderId, string>;
	for (const p of PROVIDERS) baseUrls[p] = sim.baseUrl(p);

	let closing: Promise<void> | undefined;
	return {
		rootUrl: sim.rootUrl,
		port,
		baseUrls,
		storageUrl: sim.storageUrl,
		storagePort,
		keys: { ...sim.keys },
		timeScale: sim.timeScale,
		createJob: (spec) => sim.record(sim.createJob(spec)),
		setFaults: (provider, faults) => sim.setProviderFaults(provider, faults),
		setJobFaults: (jobId, faults) => sim.setJobFaults(jobId, faults),
		job: (id) => {
			const job = sim.findJob(id);
			if (!job) throw new Error(`simulator: no job "${id}"`);
			return sim.record(job);
		},
		jobs: () => [...sim.jobs.values()].map((j) => sim.record(j)),
		stats: () => sim.stats(),
		reset: () => sim.reset(),
		close: () => {
			closing ??= (async () => {
				sim.shutdown();
				await Promise.all([closeServer(main), closeServer(storage)]);
			})();
			return closing;
		},
	};
}
