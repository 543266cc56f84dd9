/**
 * The package as n8n loads it: the compiled node and credentials from dist/ (run `npm run build`
 * first; `npm test` does). Tests use these rather than the TypeScript sources, so what is
 * tested is what ships.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ICredentialType, INodeType } from 'n8n-workflow';

export const ROOT = path.resolve(__dirname, '../..');
export const DIST = path.join(ROOT, 'dist');

const CREDENTIAL_FILES = ['GeekHubApi', 'AiStatsApi', 'ReelBotApi', 'PoeApi', 'HookedApi'];

export function loadBuiltNode(): new () => INodeType {
	const file = path.join(DIST, 'nodes/VideoPoller/VideoPoller.node.js');
	if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first`);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(file).VideoPoller;
}

export function loadBuiltCredentialTypes(): ICredentialType[] {
	return CREDENTIAL_FILES.map((name) => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const module = require(path.join(DIST, `credentials/${name}.credentials.js`));
		return new module[name]();
	});
}

/** Credential type name for each provider (CONTRACT.md). */
export const CREDENTIAL_TYPE = {
	geekHub: 'geekHubApi',
	aiStats: 'aiStatsApi',
	reelBot: 'reelBotApi',
	poe: 'poeApi',
	hooked: 'hookedApi',
} as const;
