/**
 * On a terminal: live bars on stderr, the cursor hidden while they run and shown again at the
 * end — also after Ctrl-C. Runs the command in a pseudo-terminal through util-linux `script`
 * (part of every Debian base system).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startSimulator, type Simulator } from '../../simulator';
import { MAIN, ROOT, cliEnv } from './helpers';

const found = ['/usr/bin/script', '/bin/script'].find((path) => existsSync(path));
if (!found) throw new Error('util-linux `script` is needed to give the command a terminal (apt-get install util-linux)');
const SCRIPT: string = found;
const maybe = describe;

const TIME_SCALE = 60;
const realMs = (ms: number) => ms * TIME_SCALE;
const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ timeScale: TIME_SCALE, linkTimeScale: 1 });
});
afterAll(async () => {
	await sim?.close();
});

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

interface PtyRun {
	output: string;
	code: number | null;
}

/**
 * Runs `shell` (which starts the CLI in the background, prints `PID=<pid>` and `rc=<exit code>`)
 * inside a pseudo-terminal; `onOutput` sees the terminal's output as it grows.
 */
function inTerminal(shell: string, env: NodeJS.ProcessEnv, onOutput: (output: string) => void = () => {}): Promise<PtyRun> {
	const child = spawn(SCRIPT!, ['-qec', shell, '/dev/null'], { cwd: ROOT, env: { ...env, COLUMNS: '120', LINES: '40' }, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		output += chunk;
		onOutput(output);
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	return new Promise((done, fail) => {
		child.on('error', fail);
		child.on('close', (code) => done({ output, code }));
	});
}

function cliCommand(args: string[]): string {
	const command = [process.execPath, '--import', 'tsx', MAIN, ...args].map(quote).join(' ');
	return `stty cols 120 2>/dev/null; ${command} & pid=$!; echo "PID=$pid"; wait $pid; echo "rc=$?"`;
}

maybe('on a terminal', () => {
	test('bars on stderr, cursor hidden then shown, JSON on stdout with --json after the bars', async () => {
		const job = sim.createJob({ provider: 'poe', durationMs: realMs(600) });
		const run = await inTerminal(
			cliCommand(['wait', 'poe', job.id, '--json', '--base-url', sim.baseUrls.poe, '--interval', '0.1']),
			cliEnv({ POE_API_KEY: sim.keys.poe }),
		);

		expect(run.output).toMatch(/rc=0/);
		expect(run.output).toContain(HIDE_CURSOR);
		expect(run.output.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(run.output.lastIndexOf(HIDE_CURSOR));
		expect(run.output).toMatch(new RegExp(`${job.id} \\[[█░]+\\] +\\d+% \\| (queued|processing|completed) \\| \\d+s`));
		const json = run.output.split(/\r?\n/).filter((line) => line.startsWith('{'));
		expect(json).toHaveLength(1);
		expect(JSON.parse(json[0])).toMatchObject({ jobId: job.id, status: 'completed' });
		// The JSON line comes after the bars have been stopped (cursor shown again).
		expect(run.output.indexOf(json[0])).toBeGreaterThan(run.output.lastIndexOf(SHOW_CURSOR));
	});

	test('Ctrl-C: bars stopped, cursor shown, one line, exit 130', async () => {
		const job = sim.createJob({ provider: 'geekHub', durationMs: realMs(600_000) });
		let signalled = false;
		const run = await inTerminal(
			cliCommand(['wait', 'geekHub', job.id, '--base-url', sim.baseUrls.geekHub, '--interval', '0.1']),
			cliEnv({ GEEKHUB_API_KEY: sim.keys.geekHub }),
			(output) => {
				// Once a bar shows the job's first status, interrupt the CLI itself.
				const pid = /PID=(\d+)/.exec(output)?.[1];
				if (!signalled && pid && /\| (queued|processing) \|/.test(output)) {
					signalled = true;
					process.kill(Number(pid), 'SIGINT');
				}
			},
		);

		expect(signalled).toBe(true);
		expect(run.output).toMatch(/rc=130/);
		expect(run.output).toContain('video-poller: stopped by SIGINT; waiting was aborted');
		expect(run.output.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(run.output.lastIndexOf(HIDE_CURSOR));
		expect(run.output).not.toMatch(/^\s+at /m);
	});
});
