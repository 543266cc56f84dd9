#!/usr/bin/env node
/**
 * `video-poller` — entry point: arguments, signals and the exit code.
 *
 * Ctrl-C (SIGINT) or SIGTERM aborts the engine through an AbortController: requests in flight
 * and sleeps end at once, partial downloads are removed, the bars are stopped (cursor shown
 * again), one line goes to stderr and the process exits 130 (SIGINT) or 143 (SIGTERM).
 * A second signal exits immediately.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { CancelledError } from '../engine/errors';
import { EXIT, parseCliArgs, USAGE, UsageError } from './args';
import { run, type RunIo } from './run';

/** Parses `argv` (without node and the script) and runs the command; resolves with the exit code. */
export async function main(argv: readonly string[], io: RunIo): Promise<number> {
	let parsed;
	try {
		parsed = parseCliArgs(argv);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		io.stderr.write(`video-poller: ${error.message}\nRun "video-poller --help" for usage.\n`);
		return EXIT.usage;
	}
	if (parsed.kind === 'help') {
		io.stdout.write(USAGE);
		return EXIT.ok;
	}
	if (parsed.kind === 'version') {
		io.stdout.write(`${packageVersion()}\n`);
		return EXIT.ok;
	}
	return await run(parsed.options, io);
}

/** The version in the package's own package.json (found upwards from src/cli or dist/src/cli). */
export function packageVersion(): string {
	let dir = __dirname;
	for (let depth = 0; depth < 5; depth++) {
		const file = join(dir, 'package.json');
		if (existsSync(file)) {
			try {
				const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
				if (pkg.name === 'n8n-nodes-video-poller' && pkg.version) return pkg.version;
			} catch {
				// not ours or unreadable: keep looking upwards
			}
		}
		dir = dirname(dir);
	}
	return 'unknown';
}

const SIGNAL_EXIT: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = { SIGINT: EXIT.sigint, SIGTERM: EXIT.sigterm };
/** If the engine has not wound down by then, exit anyway. */
const FORCED_EXIT_MS = 2000;

function flushed(stream: Writable): Promise<void> {
	return new Promise((done) => {
		if (stream.writableEnded || stream.destroyed) done();
		else stream.write('', () => done());
	});
}

async function cli(): Promise<void> {
	const controller = new AbortController();
	let stoppedBy: 'SIGINT' | 'SIGTERM' | null = null;
	let forcedExit: NodeJS.Timeout | undefined;
	const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
		if (stoppedBy) process.exit(SIGNAL_EXIT[stoppedBy]);
		stoppedBy = signal;
		controller.abort();
		forcedExit = setTimeout(() => {
			if (process.stderr.isTTY) process.stderr.write('\x1B[?25h');
			process.exit(SIGNAL_EXIT[signal]);
		}, FORCED_EXIT_MS).unref();
	};
	process.on('SIGINT', () => onSignal('SIGINT'));
	process.on('SIGTERM', () => onSignal('SIGTERM'));
	// A reader that went away (`| head -1`) is not an error worth a stack trace.
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
	});

	let code: number;
	try {
		code = await main(process.argv.slice(2), {
			stdout: process.stdout,
			stderr: process.stderr,
			env: process.env,
			signal: controller.signal,
		});
	} catch (error) {
		if (!(error instanceof CancelledError)) {
			process.stderr.write(`video-poller: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
		}
		code = EXIT.unavailable;
	}
	clearTimeout(forcedExit);
	if (process.env.VIDEO_POLLER_DEBUG) {
		// What would still keep the process alive (a test checks that no timer is left behind).
		process.stderr.write(`video-poller: debug: active resources: ${process.getActiveResourcesInfo().join(', ')}\n`);
	}
	if (stoppedBy) {
		process.stderr.write(`video-poller: stopped by ${stoppedBy}; waiting was aborted\n`);
		code = SIGNAL_EXIT[stoppedBy];
	}
	await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
	process.exit(code);
}

if (require.main === module) void cli();
