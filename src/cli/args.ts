/**
 * Command-line arguments: parsing (Node's own `util.parseArgs`), checking, and the usage text.
 * Nothing here touches the network, the environment or the file system.
 */
import { parseArgs } from 'node:util';
import { PROVIDERS } from '../providers';
import { PROVIDER_IDS, type ProviderId } from '../providers/types';
import { ENV_VARS } from './keys';

export type Command = 'wait' | 'status' | 'download';
export const COMMANDS: readonly Command[] = ['wait', 'status', 'download'];

export const DEFAULT_MAX_WAIT_SECONDS = 900;
export const DEFAULT_MAX_SIZE_MB = 1024;

export interface CliOptions {
	command: Command;
	provider: ProviderId;
	jobIds: string[];
	apiKeyFile: string | null;
	/** null = the provider's public base URL. */
	baseUrl: string | null;
	/** Seconds between polls; null = automatic (the provider's hint or documented cadence). */
	intervalSeconds: number | null;
	maxWaitSeconds: number;
	/** Fetch the finished videos (the `download` command, or `wait --download` / `--output-dir`). */
	download: boolean;
	/** Where videos go; null = the current directory. */
	outputDir: string | null;
	/** JSON lines on stdout even when stdout is a terminal. */
	json: boolean;
	/** Poe's content variant (video, thumbnail, spritesheet); null = the video. */
	variant: string | null;
	maxSizeBytes: number;
}

export type ParsedArgs = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; options: CliOptions };

/** Bad arguments: exit code 3, the message and a pointer to --help on stderr. */
export class UsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}

export const EXIT = {
	ok: 0,
	jobFailed: 1,
	deadline: 2,
	usage: 3,
	unavailable: 4,
	sigint: 130,
	sigterm: 143,
} as const;

const envNames = PROVIDER_IDS.map((id) => ENV_VARS[id]);

export const USAGE = `Usage: video-poller <command> <provider> <jobId…> [options]

Waits for AI video jobs and prints one normalized job per line (JSON) on stdout.

Commands:
  wait      poll until every job has ended (or --max-wait is reached)
  status    one status look at each job, no waiting
  download  one status look, then fetch the video of each completed job

Providers: geekHub, aiStats, reelBot, poe, hooked
  (case-insensitive; kebab-case such as ai-stats or reel-bot is accepted)

Options:
  --api-key-file <path>  read the API key from this file; default: the provider's
                         variable ${envNames.slice(0, 3).join(', ')},
                         ${envNames.slice(3, -1).join(', ')} or ${envNames[envNames.length - 1]}
  --base-url <url>       the provider's API base URL (default: its public URL)
  --interval <s>         seconds between polls, fractions allowed (default: automatic,
                         the provider's hint or documented cadence)
  --max-wait <s>         deadline for the whole wait, in seconds (default ${DEFAULT_MAX_WAIT_SECONDS})
  --download             wait: also fetch each completed video
  --output-dir <dir>     where videos are saved (default: the current directory; created
                         if missing; on wait it implies --download)
  --variant <name>       Poe only: video (default), thumbnail or spritesheet
  --max-size <MB>        refuse videos larger than this (default ${DEFAULT_MAX_SIZE_MB})
  --json                 JSON lines on stdout even when stdout is a terminal
  -h, --help             show this text
  -V, --version          show the version

Output:
  stdout  one JSON object per job ID, in the order given, each printed as soon as it and
          every job before it are known (jq-friendly). The object is the normalized job
          (provider, jobId, status, providerStatus, done, progress, videoUrl, …, polling);
          a saved video adds "file" (absolute path); a job that could not be followed adds
          "error": {message, code, description}. When stdout is a terminal (and no --json)
          a one-line summary per job is printed instead, after the progress display ends.
  stderr  progress: live bars when stderr is a terminal, otherwise plain lines such as
          "geekHub job abc: processing 40%", printed only when something changes.
  Videos are written to <output-dir>/<name>.part and renamed to <name> once complete; the
  name is the one in the video URL, else <provider>-<jobId>.mp4.

Exit codes (when jobs end differently, the first matching line wins, top to bottom):
  3    usage or auth: bad arguments, unknown provider, missing key, HTTP 401/403,
       other refused requests (400, 402 balance/quota, 409)
  4    provider unavailable: network failure or HTTP 5xx after retries, AI Stats 501
       (video routes switched off), answers that are not the provider's API
  2    --max-wait reached before every job ended
  1    a job failed, was cancelled or expired, is unknown to the provider (HTTP 404),
       or its video could not be downloaded (download: the job is not completed yet)
  0    every job completed (status: every status was read and none failed)
  130  stopped by Ctrl-C (SIGINT); 143 stopped by SIGTERM

Examples:
  GEEKHUB_API_KEY=… video-poller wait geekHub job_1 job_2 | jq -r .videoUrl
  video-poller wait ai-stats vid_123 --download --output-dir videos --api-key-file ~/.aistats
  video-poller download poe video_abc --variant thumbnail
`;

/** `ai-stats`, `AISTATS`, `ai_stats` → `aiStats`. */
export function resolveProvider(name: string): ProviderId {
	const squash = (value: string) => value.toLowerCase().replace(/[-_\s]/g, '');
	const match = PROVIDER_IDS.find((id) => squash(id) === squash(name));
	if (!match) throw new UsageError(`Unknown provider "${name}". Expected one of: ${PROVIDER_IDS.join(', ')}`);
	return match;
}

function seconds(value: string | undefined, flag: string, { allowZero }: { allowZero: boolean }): number | null {
	if (value === undefined) return null;
	const parsed = value.trim() === '' ? NaN : Number(value);
	if (!Number.isFinite(parsed) || parsed < 0 || (!allowZero && parsed === 0)) {
		throw new UsageError(`${flag} expects a number ${allowZero ? '≥ 0' : '> 0'}, got "${value}"`);
	}
	return parsed;
}

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
	let parsed;
	try {
		parsed = parseArgs({
			args: [...argv],
			allowPositionals: true,
			strict: true,
			options: {
				'api-key-file': { type: 'string' },
				'base-url': { type: 'string' },
				interval: { type: 'string' },
				'max-wait': { type: 'string' },
				download: { type: 'boolean' },
				'output-dir': { type: 'string' },
				variant: { type: 'string' },
				'max-size': { type: 'string' },
				json: { type: 'boolean' },
				help: { type: 'boolean', short: 'h' },
				version: { type: 'boolean', short: 'V' },
			},
		});
	} catch (error) {
		// parseArgs' own messages name the option ("Unknown option '--foo'", "Option '--interval <value>' argument missing").
		throw new UsageError(error instanceof Error ? error.message : String(error));
	}
	const { values, positionals } = parsed;
	if (values.help || positionals[0] === 'help') return { kind: 'help' };
	if (values.version) return { kind: 'version' };

	const [commandName, providerName, ...jobIds] = positionals;
	if (commandName === undefined) throw new UsageError('Missing command: wait, status or download');
	const command = COMMANDS.find((c) => c === commandName.toLowerCase());
	if (!command) throw new UsageError(`Unknown command "${commandName}". Expected one of: ${COMMANDS.join(', ')}`);
	if (providerName === undefined) throw new UsageError(`Missing provider. Expected one of: ${PROVIDER_IDS.join(', ')}`);
	const provider = resolveProvider(providerName);
	const ids = jobIds.map((id) => id.trim());
	if (ids.length === 0) throw new UsageError('Missing job ID: give at least one');
	const empty = ids.findIndex((id) => id === '');
	if (empty >= 0) throw new UsageError(`Job ID number ${empty + 1} is empty`);

	const baseUrl = values['base-url']?.trim() || null;
	if (baseUrl !== null) {
		let url: URL | null = null;
		try {
			url = new URL(baseUrl);
		} catch {
			url = null;
		}
		if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
			throw new UsageError(`--base-url expects an http(s) URL, got "${baseUrl}"`);
		}
	}

	const outputDir = values['output-dir'] ?? null;
	if (outputDir !== null && outputDir.trim() === '') throw new UsageError('--output-dir is empty');
	const download = command === 'download' || (command === 'wait' && (values.download === true || outputDir !== null));
	if (command === 'status') {
		const misplaced = (['download', 'output-dir', 'variant', 'max-size'] as const).filter((flag) => values[flag] !== undefined);
		if (misplaced.length > 0) {
			throw new UsageError(`--${misplaced[0]} does not apply to "status"; use "download" or "wait --download"`);
		}
	}

	const variant = values.variant?.trim() || null;
	if (variant !== null) {
		const allowed = PROVIDERS[provider].downloadVariants;
		if (!allowed) throw new UsageError(`--variant is not available for ${provider} (only Poe has content variants)`);
		if (!allowed.includes(variant)) throw new UsageError(`--variant expects one of: ${allowed.join(', ')}; got "${variant}"`);
	}

	const interval = seconds(values.interval, '--interval', { allowZero: true });
	const maxSizeMb = seconds(values['max-size'], '--max-size', { allowZero: false }) ?? DEFAULT_MAX_SIZE_MB;
	return {
		kind: 'run',
		options: {
			command,
			provider,
			jobIds: ids,
			apiKeyFile: values['api-key-file'] ?? null,
			baseUrl,
			intervalSeconds: interval && interval > 0 ? interval : null,
			maxWaitSeconds: seconds(values['max-wait'], '--max-wait', { allowZero: false }) ?? DEFAULT_MAX_WAIT_SECONDS,
			download,
			outputDir,
			json: values.json === true,
			variant,
			maxSizeBytes: Math.round(maxSizeMb * 1024 * 1024),
		},
	};
}
