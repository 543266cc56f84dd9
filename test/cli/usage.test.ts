/** The real process for --help, --version and bad arguments (no provider needed). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cliEnv, runCli } from './helpers';

test('--help: the usage text on stdout, exit 0', async () => {
	const run = await runCli(['--help']);
	expect(run).toMatchObject({ code: 0, stderr: '' });
	expect(run.stdout).toMatch(/^Usage: video-poller <command> <provider> <jobId…> \[options\]/);
	expect(run.stdout).toContain('Exit codes');
});

test('--version: the package version, exit 0', async () => {
	const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
	const run = await runCli(['--version']);
	expect(run).toMatchObject({ code: 0, stdout: `${version}\n` });
});

test.each([
	[['wait', 'vimeo', 'x'], 'Unknown provider "vimeo"'],
	[['wait', 'poe', 'x', '--interval', 'soon'], '--interval expects a number'],
	[['status'], 'Missing provider'],
])('%j → exit 3, the reason and a pointer to --help on stderr, nothing on stdout', async (args, reason) => {
	const run = await runCli(args, cliEnv({ POE_API_KEY: 'unused-key' }));
	expect(run).toMatchObject({ code: 3, stdout: '' });
	expect(run.stderr).toBe(`video-poller: ${run.stderr.split('\n')[0].slice('video-poller: '.length)}\nRun "video-poller --help" for usage.\n`);
	expect(run.stderr).toContain(reason);
});
