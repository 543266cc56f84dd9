/**
 * One provider simulator per contender, in its own process (so a contender that floods it
 * does not slow the bench's own clock and samplers), plus two bench routes on a side port:
 *
 *   POST /batch  creates the scenario's jobs at once and answers [{id}, …] — the workflow's
 *                "create" step, so every contender's clock starts when its jobs are created
 *   POST /done   the contender says it has finished (last one counts)
 *
 * Started by bench/run.ts with fork(); talks to it over IPC:
 *   parent → {type:'init', config}        child → {type:'ready', info}
 *   child  → {type:'batch', at} / {type:'done', at}
 *   parent → {type:'records'}             child → {type:'records', jobs, stats}
 * Only 127.0.0.1.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type JobSpec, type ProviderId, type Simulator } from '../simulator';

export interface WorkerConfig {
	provider: ProviderId;
	timeScale: number;
	seed: number;
	enforceRateLimits: boolean;
	/** Durations etc. in provider time (the simulator divides by timeScale). */
	jobs: Array<Pick<JobSpec, 'durationMs' | 'queuedMs' | 'model' | 'videoBytes'>>;
}

export interface WorkerInfo {
	rootUrl: string;
	baseUrl: string;
	storageUrl: string;
	key: string;
	benchUrl: string;
}

export interface JobRow {
	id: string;
	createdAt: number;
	terminalAt: number;
	firstTerminalServedAt: number | null;
	statusRequests: number;
	otherRequests: number;
	rateLimited: number;
	storageRequests: number;
}

type Msg = { type: 'init'; config: WorkerConfig } | { type: 'records' } | { type: 'stop' };

let sim: Simulator | undefined;
let config: WorkerConfig | undefined;
let created: string[] = [];

function send(message: unknown): void {
	process.send?.(message);
}

async function init(cfg: WorkerConfig): Promise<void> {
	config = cfg;
	sim = await startSimulator({ timeScale: cfg.timeScale, seed: cfg.seed, enforceRateLimits: cfg.enforceRateLimits });
	const server = createServer((req, res) => {
		const reply = (status: number, body: unknown) => {
			const text = JSON.stringify(body);
			res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
			res.end(text);
		};
		req.resume();
		req.on('end', () => {
			if (req.method === 'POST' && req.url === '/batch') {
				if (created.length > 0) return reply(409, { error: 'batch already created' });
				const at = Date.now();
				created = cfg.jobs.map((spec) => sim!.createJob({ provider: cfg.provider, ...spec }).id);
				send({ type: 'batch', at });
				return reply(200, created.map((id) => ({ id })));
			}
			if (req.method === 'POST' && req.url === '/done') {
				send({ type: 'done', at: Date.now() });
				return reply(200, { ok: true });
			}
			reply(404, { error: 'no such bench route' });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	const info: WorkerInfo = {
		rootUrl: sim.rootUrl,
		baseUrl: sim.baseUrls[cfg.provider],
		storageUrl: sim.storageUrl,
		key: sim.keys[cfg.provider],
		benchUrl: `http://127.0.0.1:${port}`,
	};
	send({ type: 'ready', info });
}

function records(): void {
	const jobs: JobRow[] = created.map((id) => {
		const r = sim!.job(id);
		return {
			id,
			createdAt: r.createdAt,
			terminalAt: r.terminalAt,
			firstTerminalServedAt: r.firstTerminalServedAt,
			statusRequests: r.statusRequests,
			otherRequests: r.otherRequests,
			rateLimited: r.rateLimited,
			storageRequests: r.storageRequests,
		};
	});
	const stats = sim!.stats();
	send({ type: 'records', jobs, provider: stats.providers[config!.provider], bytesServed: stats.storage.bytesServed });
}

process.on('message', (msg: Msg) => {
	if (msg.type === 'init') void init(msg.config).catch((error) => send({ type: 'error', message: String(error) }));
	else if (msg.type === 'records') records();
	else if (msg.type === 'stop') void sim?.close().finally(() => process.exit(0));
});
// The bench is our parent: if it goes, so do we.
process.on('disconnect', () => process.exit(0));
