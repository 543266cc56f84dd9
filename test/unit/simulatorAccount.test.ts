/** The simulator answers the requests the n8n credential tests make: 2xx for the right key, 401/403 otherwise. */
import { startSimulator, type Simulator } from '../../simulator';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ seed: 3 });
});
afterAll(async () => {
	await sim.close();
});

const cases = [
	{ provider: 'geekHub', path: '/v1/models', header: (k: string) => ({ Authorization: `Bearer ${k}` }), denied: 401 },
	{ provider: 'aiStats', path: '/v1/videos?limit=1', header: (k: string) => ({ Authorization: `Bearer ${k}` }), denied: 401 },
	{ provider: 'poe', path: '/usage/current_balance', header: (k: string) => ({ Authorization: `Bearer ${k}` }), denied: 401 },
	{ provider: 'hooked', path: '/v1/video/list?limit=1', header: (k: string) => ({ 'x-api-key': k }), denied: 403 },
] as const;

it.each(cases)('$provider $path', async ({ provider, path, header, denied }) => {
	const url = `${sim.baseUrls[provider]}${path}`;
	const right = await fetch(url, { headers: header(sim.keys[provider]) });
	expect(right.status).toBe(200);
	const wrong = await fetch(url, { headers: header('wrong-key') });
	expect(wrong.status).toBe(denied);
});

it('the AI Stats list carries the jobs, Hooked its latest video', async () => {
	const job = sim.createJob({ provider: 'aiStats', durationMs: 1000 });
	const list = (await (await fetch(`${sim.baseUrls.aiStats}/v1/videos`, { headers: { Authorization: `Bearer ${sim.keys.aiStats}` } })).json()) as { data: Array<{ id: string }> };
	expect(list.data.map((v) => v.id)).toContain(job.id);
	const video = sim.createJob({ provider: 'hooked', durationMs: 1000 });
	const hooked = (await (await fetch(`${sim.baseUrls.hooked}/api/v1/video/list`, { headers: { 'x-api-key': sim.keys.hooked } })).json()) as { data: Array<{ id: string }> };
	expect(hooked.data.map((v) => v.id)).toEqual([video.id]);
});
