/**
 * The API key: from `--api-key-file`, else from the provider's environment variable. The key
 * is never printed; `makeScrubber` removes it from any text that is about to be printed.
 */
import { readFile } from 'node:fs/promises';
import type { ProviderId } from '../providers/types';

export const ENV_VARS: Readonly<Record<ProviderId, string>> = {
	geekHub: 'GEEKHUB_API_KEY',
	aiStats: 'AISTATS_API_KEY',
	reelBot: 'REELBOT_API_KEY',
	poe: 'POE_API_KEY',
	hooked: 'HOOKED_API_KEY',
};

/** A missing or unreadable key: a usage error (exit 3). Messages name where to look, never a key. */
export class KeyError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'KeyError';
	}
}

export async function readApiKey(
	provider: ProviderId,
	apiKeyFile: string | null,
	env: NodeJS.ProcessEnv,
): Promise<string> {
	if (apiKeyFile !== null) {
		let text: string;
		try {
			text = await readFile(apiKeyFile, 'utf8');
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unreadable');
			throw new KeyError(`Cannot read --api-key-file "${apiKeyFile}": ${why}`);
		}
		return checked(text, `the file "${apiKeyFile}"`);
	}
	const name = ENV_VARS[provider];
	const value = env[name];
	if (value === undefined || value.trim() === '') {
		throw new KeyError(`No API key for ${provider}: set ${name} or pass --api-key-file <path>`);
	}
	return checked(value, name);
}

function checked(raw: string, source: string): string {
	const key = raw.trim();
	if (key === '') throw new KeyError(`The API key in ${source} is empty`);
	// A key is one token: anything else would end up in an HTTP header as something else.
	if ([...key].some((ch) => /\s/.test(ch) || ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) throw new KeyError(`The API key in ${source} must be a single line without spaces`);
	return key;
}

/**
 * Returns a function that replaces the key (as is, JSON-escaped and URL-encoded) with
 * `[redacted]`. Very short keys are left alone: replacing them would mangle ordinary text.
 */
export function makeScrubber(key: string | null): (text: string) => string {
	if (!key || key.length < 4) return (text) => text;
	const forms = [...new Set([key, JSON.stringify(key).slice(1, -1), encodeURIComponent(key)])].sort((a, b) => b.length - a.length);
	return (text) => {
		let out = text;
		for (const form of forms) out = out.split(form).join('[redacted]');
		return out;
	};
}
