/**
 * The engine alone (no n8n) against an in-process simulator: for tuning and for the
 * "rate budget under time scaling" check. `tsx bench/engineProbe.ts [jobs] [provider] [limits] [scale]`
 */
import { RATE_LIMITS, startSimulator, type ProviderId } from '../simulator';
import { pollJobs } from '../src/engine/pollJobs';
import { BudgetRegistry } from '../src/engine/requestBudget';
import { getProvider } from '../src/providers';
import { createAxiosTransport } from '../src/transport/axiosTransport';
import { drawBatch } from './scenarios';

export interface ProbeResult {
	jobs: number;
	wallS: number;
	oracleS: number;
	statusRequests: number;
	otherRequests: number;
	rateLimited: number;
	lastLagS: number;
	lastIndex?: number;
	lastEndS?: number;
	unseen: number;
}

export async function probe(count: number, provider: ProviderId, enforce: boolean, timeScale: number, seed: number, pollIntervalSeconds: number | null, verbose = false): Promise<ProbeResult> {
	const sim = await startSimulator({ timeScale, seed, enforceRateLimits: enforce });
	try {
		const adapter = getProvider(provider);
		const transport = createAxiosTransport(adapter.authHeaders(sim.keys[provider]));
		const ids = drawBatch(count, seed).map((j) => sim.createJob({ provider, ...j }).id);
		const start = Date.now();
		await pollJobs(ids, { mode: 'wait', pollIntervalSeconds, maxWaitSeconds: 900 }, {
			adapter, baseUrl: sim.baseUrls[provider], transport, budgets: new BudgetRegistry(),
			onUpdate: verbose ? (i, job) => console.log(((Date.now() - start) / 1000).toFixed(2), i, job.status, job.progress, job.polling.attempts) : undefined,
		});
		const records = ids.map((id) => sim.job(id));
		const lastEnd = Math.max(...records.map((r) => r.terminalAt));
		const last = records.find((r) => r.terminalAt === lastEnd)!;
		return {
			jobs: count,
			wallS: (Math.max(...records.map((r) => r.firstTerminalServedAt ?? Infinity)) - start) / 1000,
			oracleS: (lastEnd - start) / 1000,
			statusRequests: records.reduce((s, r) => s + r.statusRequests, 0),
			otherRequests: records.reduce((s, r) => s + r.otherRequests, 0),
			rateLimited: records.reduce((s, r) => s + r.rateLimited, 0),
			lastLagS: ((last.firstTerminalServedAt ?? Infinity) - last.terminalAt) / 1000,
			lastIndex: records.indexOf(last),
			lastEndS: (last.terminalAt - start) / 1000,
			unseen: records.filter((r) => r.firstTerminalServedAt === null).length,
		};
	} finally {
		await sim.close();
	}
}

export interface BudgetCheck {
	provider: ProviderId;
	documented: string;
	scaledLimit: string;
	headers: string;
	seconds: number;
	requests: number;
	/** What the simulator would have let through in that time: its windows × its limit. */
	capacity: number;
	rateLimited: number;
}

const HEADERS: Record<ProviderId, string> = {
	reelBot: '`X-RateLimit-Limit/Remaining/Reset` (epoch s)',
	poe: '`x-ratelimit-*-requests` (reset as a duration)',
	geekHub: 'none (Retry-After on a 429 only)',
	aiStats: 'none',
	hooked: 'none',
};

/** Jobs that never end, polled far faster than allowed: does the budget keep under the (scaled) limit without 429s, and use it? */
export async function probeBudget(provider: ProviderId, timeScale: number, seed: number, seconds: number): Promise<BudgetCheck> {
	const sim = await startSimulator({ timeScale, seed, enforceRateLimits: true });
	try {
		const adapter = getProvider(provider);
		const transport = createAxiosTransport(adapter.authHeaders(sim.keys[provider]));
		const ids = Array.from({ length: 40 }, () => sim.createJob({ provider, durationMs: 3_600_000 }).id);
		const start = Date.now();
		await pollJobs(ids, { mode: 'wait', schedule: 'eager', pollIntervalSeconds: 0.1, maxWaitSeconds: seconds }, {
			adapter, baseUrl: sim.baseUrls[provider], transport, budgets: new BudgetRegistry(),
		});
		const elapsed = (Date.now() - start) / 1000;
		const records = ids.map((id) => sim.job(id));
		const limits = RATE_LIMITS[provider];
		const bucket = limits.status ?? limits.api ?? Object.values(limits)[0]!;
		const requests = records.reduce((s, r) => s + r.statusRequests, 0);
		return {
			provider,
			documented: `${adapter.statusRateLimit.requests} per ${adapter.statusRateLimit.perSeconds} s`,
			scaledLimit: `${bucket.limit} per ${bucket.windowMs / 1000 / timeScale} s`,
			headers: HEADERS[provider],
			seconds,
			requests,
			capacity: Math.ceil(elapsed / (bucket.windowMs / 1000 / timeScale)) * bucket.limit,
			rateLimited: records.reduce((s, r) => s + r.rateLimited, 0),
		};
	} finally {
		await sim.close();
	}
}

if (require.main === module && process.argv[2] === 'budget') {
	void (async () => {
		for (const p of ['reelBot', 'poe', 'geekHub'] as const) console.log(JSON.stringify(await probeBudget(p, 10, 1, 10)));
	})();
} else if (require.main === module) {
	const [n = '50', provider = 'poe', limits = 'nolimits', scale = '10', verbose = '', seed = '1'] = process.argv.slice(2);
	void probe(Number(n), provider as ProviderId, limits === 'limits', Number(scale), Number(seed), 5 / Number(scale), verbose === 'v').then((r) => console.log(JSON.stringify(r)));
}
