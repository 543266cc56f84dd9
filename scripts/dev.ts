/**
 * `npm run dev` — the n8n editor on http://localhost:5678 with this package installed as a
 * community package (node type `n8n-nodes-video-poller.videoPoller`, as users get it), the
 * provider simulator running, a credential per provider pointing at it, every example workflow
 * imported and ready to run, and an owner account. Ctrl-C stops everything.
 *
 *   npm run dev                      editor on 5678, simulator on 4010 (+4011 storage)
 *   npm run dev -- --port 5679 --simulator-port 0 --time-scale 50
 *
 * `npm run dev` installs n8n into n8n-host/ (first time only) and builds the package first; after
 * changing the node, stop, and run it again.
 */
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { startDevEnvironment, type DevEnvironment } from './lib/devEnvironment';
import { PROVIDER_IDS, PROVIDER_LABELS, ROOT } from './lib/examples';

const out = (line = '') => process.stdout.write(`${line}\n`);

function number(value: string | undefined, name: string, fallback: number): number {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0) throw new Error(`--${name}: expected a number, got "${value}"`);
	return n;
}

async function portFree(port: number): Promise<boolean> {
	if (port === 0) return true;
	return await new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			'simulator-port': { type: 'string' },
			'time-scale': { type: 'string' },
			verbose: { type: 'boolean', default: false },
		},
		strict: true,
	});
	const port = number(values.port, 'port', 5678);
	const simulatorPort = number(values['simulator-port'], 'simulator-port', 4010);
	const timeScale = number(values['time-scale'], 'time-scale', 20) || 20;

	if (!existsSync(path.join(ROOT, 'n8n-host/node_modules/n8n/bin/n8n'))) throw new Error('n8n is not installed in n8n-host/: run "npm run dev" (it installs it) or "npm run n8n:install"');
	if (!existsSync(path.join(ROOT, 'dist/nodes/VideoPoller/VideoPoller.node.js'))) throw new Error('the package is not built: run "npm run dev" or "npm run build" first');
	for (const [p, what] of [
		[port, 'the editor'],
		[simulatorPort, 'the simulator'],
		[simulatorPort === 0 ? 0 : simulatorPort + 1, 'the simulator\'s storage host'],
	] as const) {
		if (!(await portFree(p))) throw new Error(`port ${p} (for ${what}) is in use — stop what uses it, or pick another port (--port / --simulator-port)`);
	}

	const videosDir = path.join(ROOT, '.tmp', 'videos');
	out(`Starting the provider simulator and n8n (first start of n8n takes ~30 s)…`);
	const running: { starting?: Promise<DevEnvironment> } = {};
	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		out(`\n${signal}: stopping n8n and the simulator…`);
		// n8n runs in its own process group (Ctrl-C does not reach it): stop it, even mid-start
		const env = await running.starting?.catch(() => undefined);
		await env?.stop();
		out('Stopped.');
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('Ctrl-C'));
	process.on('SIGTERM', () => void stop('SIGTERM'));

	running.starting = startDevEnvironment({ packageDir: ROOT, port, simulatorPort, timeScale, videosDir, inheritOutput: values.verbose });
	const env = await running.starting;
	if (stopping) return; // stop() takes it down
	const editor = `http://localhost:${env.server.port}`;
	const owner = env.server.owner!;
	out();
	out(`n8n editor:  ${editor}`);
	out(`  log in:    ${owner.email} / ${owner.password}`);
	out();
	out(`Provider simulator (provider time ×${env.sim.timeScale}): ${env.sim.rootUrl}  — jobs and stats at ${env.sim.rootUrl}/_sim/jobs, /_sim/stats`);
	for (const p of PROVIDER_IDS) {
		const cred = env.credentials.find((c) => c.id === `dev-${p}`)!;
		out(`  ${PROVIDER_LABELS[p].padEnd(9)} ${env.sim.baseUrls[p].padEnd(36)} credential "${cred.name}" (${cred.type})`);
	}
	out();
	out('Workflows (Overview → Workflows):');
	for (const wf of env.workflows) out(`  ${wf.name.padEnd(62)} ${editor}/workflow/${wf.id}`);
	out();
	out('How to use it:');
	out('  - Open a "create, wait, use" example and click "Execute workflow": the HTTP Request node creates a job at');
	out('    the simulator, Video Poller waits for it (a few seconds here), the last node shows the video link.');
	out('  - The batch example waits for six jobs started at launch (one fails on purpose) across the five providers.');
	out(`  - The download example writes the videos to ${videosDir}`);
	out('  - Add a Video Poller to a new workflow: search the nodes panel for "Video Poller".');
	out(`  - Faults: curl -s -XPOST ${env.sim.rootUrl}/_sim/faults -H 'content-type: application/json' -d '{"provider":"poe","faults":{"rateLimit":2}}'`);
	out('  - Credential "Test" buttons call routes the simulator does not implement for most providers; the workflows do not need them.');
	out();
	out('Ctrl-C stops n8n and the simulator.');
}

main().catch((error: unknown) => {
	process.stderr.write(`\nnpm run dev failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
