/**
 * `npm run simulator` — run the provider simulator until Ctrl-C.
 *   --port 4010  --storage-port 4011  --time-scale 1  --seed 1  --no-rate-limits
 */
import { parseArgs } from 'node:util';
import { startSimulator } from './index';
import { PROVIDERS } from './types';

function num(value: string | undefined, name: string, fallback: number): number {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0) {
		process.stderr.write(`--${name}: expected a number, got "${value}"\n`);
		process.exit(2);
	}
	return n;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			'storage-port': { type: 'string' },
			'time-scale': { type: 'string' },
			seed: { type: 'string' },
			'no-rate-limits': { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false },
		},
		strict: true,
	});
	if (values.help) {
		process.stdout.write('Usage: tsx simulator/main.ts [--port 4010] [--storage-port 4011] [--time-scale 1] [--seed 1] [--no-rate-limits]\n');
		return;
	}
	const port = num(values.port, 'port', 4010);
	const timeScale = num(values['time-scale'], 'time-scale', 1);
	if (timeScale <= 0) {
		process.stderr.write('--time-scale must be greater than 0\n');
		process.exit(2);
	}
	const sim = await startSimulator({
		port,
		storagePort: num(values['storage-port'], 'storage-port', port === 0 ? 0 : port + 1),
		timeScale,
		seed: num(values.seed, 'seed', 1),
		enforceRateLimits: !values['no-rate-limits'],
	});

	const lines = [
		`Video provider simulator (timeScale ${sim.timeScale}, rate limits ${values['no-rate-limits'] ? 'off' : 'on'})`,
		'',
		...PROVIDERS.map((p) => `  ${p.padEnd(8)} ${sim.baseUrls[p].padEnd(36)} key: ${sim.keys[p]}`),
		`  storage  ${sim.storageUrl}`,
		`  control  ${sim.rootUrl}/_sim  (POST /_sim/jobs, POST /_sim/faults, GET /_sim/jobs/{id}, GET /_sim/stats, POST /_sim/reset)`,
		'',
		`Example: curl -s -XPOST ${sim.rootUrl}/_sim/jobs -d '{"provider":"poe","durationMs":20000}'`,
		'Ctrl-C to stop.',
		'',
	];
	process.stdout.write(lines.join('\n'));

	let stopping = false;
	const stop = (): void => {
		if (stopping) return;
		stopping = true;
		process.stdout.write('\nStopping…\n');
		sim.close().then(
			() => process.exit(0),
			(err: unknown) => {
				process.stderr.write(`${String(err)}\n`);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
	process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
	process.exit(1);
});
