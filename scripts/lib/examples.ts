/**
 * The example workflows in examples/ and what the demo, `npm run dev` and the end-to-end tests
 * do with them: load them, point their HTTP Request nodes at another host (the simulator), give
 * the batch example its job list and the download example its folder, and make credentials
 * that the examples' credential references (by name) bind to on import.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { CliCredential } from '../../n8n-host/n8nHost';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Workflow = Record<string, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WorkflowNode = Record<string, any>;

export type ProviderId = 'geekHub' | 'aiStats' | 'reelBot' | 'poe' | 'hooked';
export const PROVIDER_IDS: readonly ProviderId[] = ['geekHub', 'aiStats', 'reelBot', 'poe', 'hooked'];

export const ROOT = path.resolve(__dirname, '../..');
export const EXAMPLES_DIR = path.join(ROOT, 'examples');

/** The node type as a user gets it from the community package. */
export const VIDEO_POLLER_TYPE = 'n8n-nodes-video-poller.videoPoller';

/** Each provider's public API address, as written in the examples' HTTP Request nodes. */
export const PUBLIC_BASE_URLS: Readonly<Record<ProviderId, string>> = {
	geekHub: 'https://api.geekhub.mx',
	aiStats: 'https://api.phaseo.app',
	reelBot: 'https://reelbot.space',
	poe: 'https://api.poe.com',
	hooked: 'https://api.hooked.so',
};

export const CREDENTIAL_TYPES: Readonly<Record<ProviderId, string>> = {
	geekHub: 'geekHubApi',
	aiStats: 'aiStatsApi',
	reelBot: 'reelBotApi',
	poe: 'poeApi',
	hooked: 'hookedApi',
};

/** The credential names the examples refer to (n8n binds a reference to a credential of that name on import). */
export const CREDENTIAL_NAMES: Readonly<Record<ProviderId, string>> = {
	geekHub: 'GeekHub account',
	aiStats: 'AI Stats account',
	reelBot: 'ReelBot account',
	poe: 'Poe account',
	hooked: 'Hooked account',
};

export const PROVIDER_LABELS: Readonly<Record<ProviderId, string>> = {
	geekHub: 'GeekHub',
	aiStats: 'AI Stats',
	reelBot: 'ReelBot',
	poe: 'Poe',
	hooked: 'Hooked',
};

/** examples/<file> per provider: Manual Trigger → create (HTTP Request) → Video Poller → Edit Fields. */
export const PROVIDER_EXAMPLES: Readonly<Record<ProviderId, string>> = {
	geekHub: 'geekhub-create-and-wait.json',
	aiStats: 'aistats-create-and-wait.json',
	reelBot: 'reelbot-create-and-wait.json',
	poe: 'poe-create-and-wait.json',
	hooked: 'hooked-create-and-wait.json',
};
export const BATCH_EXAMPLE = 'batch-wait-for-many-jobs.json';
export const DOWNLOAD_EXAMPLE = 'download-to-disk.json';

/** Node names the code below relies on (the examples are the source of truth; tests check they exist). */
export const NODE_NAMES = {
	trigger: 'When clicking ‘Execute workflow’',
	providerCreate: (p: ProviderId) => `Create ${PROVIDER_LABELS[p]} video`,
	providerWait: 'Wait for video',
	providerUse: 'Keep the video link',
	batchJobs: 'Jobs to wait for',
	batchWait: (p: ProviderId) => `Wait for ${PROVIDER_LABELS[p]} videos`,
	batchMerge: 'All results',
	batchSummary: 'Summary',
	downloadSettings: 'Where to save',
	downloadCreate: (p: ProviderId) => `Create ${PROVIDER_LABELS[p]} video`,
	downloadWait: (p: ProviderId) => `Wait for ${PROVIDER_LABELS[p]} video and download it`,
	downloadWrite: 'Write video to disk',
} as const;

export function exampleFiles(): string[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort();
}

export function loadExample(file: string): Workflow {
	return JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as Workflow;
}

export function nodeByName(workflow: Workflow, name: string): WorkflowNode {
	const node = (workflow.nodes as WorkflowNode[]).find((n) => n.name === name);
	if (!node) throw new Error(`workflow "${workflow.name}" has no node "${name}"`);
	return node;
}

/**
 * A copy whose HTTP Request nodes call `baseUrls[provider]` instead of the provider's public
 * address. Nothing else changes. Throws if an HTTP Request URL matches no provider.
 */
export function retargetHttpRequests(workflow: Workflow, baseUrls: Readonly<Record<ProviderId, string>>): Workflow {
	const copy = structuredClone(workflow);
	for (const node of copy.nodes as WorkflowNode[]) {
		if (node.type !== 'n8n-nodes-base.httpRequest') continue;
		const url = String(node.parameters?.url ?? '');
		const provider = PROVIDER_IDS.find((p) => url.startsWith(PUBLIC_BASE_URLS[p]));
		if (!provider) throw new Error(`HTTP Request node "${node.name}" calls ${url}, which is no provider's public API`);
		node.parameters.url = baseUrls[provider].replace(/\/+$/, '') + url.slice(PUBLIC_BASE_URLS[provider].length);
	}
	return copy;
}

/** The batch example with its "Jobs to wait for" Code node returning these jobs instead of the placeholders. */
export function withBatchJobs(workflow: Workflow, jobs: ReadonlyArray<{ provider: ProviderId; id: string }>): Workflow {
	const copy = structuredClone(workflow);
	const node = nodeByName(copy, NODE_NAMES.batchJobs);
	const items = jobs.map((j) => `  { json: ${JSON.stringify({ provider: j.provider, id: j.id })} },`).join('\n');
	node.parameters.jsCode = `return [\n${items}\n];`;
	return copy;
}

/** The download example writing into `folder` instead of /home/node/.n8n-files/videos. */
export function withDownloadFolder(workflow: Workflow, folder: string): Workflow {
	const copy = structuredClone(workflow);
	const node = nodeByName(copy, NODE_NAMES.downloadSettings);
	const field = (node.parameters.assignments.assignments as Array<{ name: string; value: unknown }>).find((a) => a.name === 'folder');
	if (!field) throw new Error(`"${NODE_NAMES.downloadSettings}" has no "folder" field`);
	field.value = folder;
	return copy;
}

/**
 * Several workflows as one, so one `n8n execute` runs them all: node names get a prefix, and
 * one Manual Trigger starts every part (each part's own trigger is dropped; what it started is
 * started by the shared one). n8n runs the parts one after another (execution order v1).
 */
export function combineWorkflows(name: string, parts: ReadonlyArray<{ prefix: string; workflow: Workflow }>): Workflow {
	const triggerName = 'Start';
	const nodes: WorkflowNode[] = [{ name: triggerName, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {}, position: [0, 0] }];
	const connections: Workflow = { [triggerName]: { main: [[]] } };
	parts.forEach(({ prefix, workflow }, index) => {
		const rename = (n: string) => `${prefix}${n}`;
		const triggers = new Set<string>();
		for (const node of workflow.nodes as WorkflowNode[]) {
			if (node.type === 'n8n-nodes-base.manualTrigger') {
				triggers.add(node.name);
				continue;
			}
			if (node.type === 'n8n-nodes-base.stickyNote') continue;
			const copy = structuredClone(node);
			copy.name = rename(node.name);
			delete copy.id;
			copy.position = [node.position[0] + 300, node.position[1] + index * 1000];
			nodes.push(copy);
		}
		for (const [from, byType] of Object.entries(workflow.connections as Workflow)) {
			const outputs = (byType.main ?? []) as Array<Array<{ node: string; type: string; index: number }>>;
			const renamed = outputs.map((targets) => (targets ?? []).map((t) => ({ ...t, node: rename(t.node) })));
			if (triggers.has(from)) {
				connections[triggerName].main[0].push(...renamed.flat());
			} else {
				connections[rename(from)] = { main: renamed };
			}
		}
	});
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

/**
 * Credentials for every provider pointing at `baseUrls` with `keys`, named as the examples
 * name them (so the examples' references bind on import). `idPrefix` keeps ids unique.
 */
export function providerCredentials(
	baseUrls: Readonly<Record<ProviderId, string>>,
	keys: Readonly<Record<ProviderId, string>>,
	idPrefix = 'sim',
): CliCredential[] {
	return PROVIDER_IDS.map((p) => ({
		id: `${idPrefix}-${p}`,
		name: CREDENTIAL_NAMES[p],
		type: CREDENTIAL_TYPES[p],
		data: { apiKey: keys[p], baseUrl: baseUrls[p] },
	}));
}
