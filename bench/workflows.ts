/**
 * The n8n 2.8.4 workflows the contenders run. Every one starts the same way: a Manual Trigger,
 * then an HTTP Request that creates the batch (the bench's POST /batch answers [{id}, …], which
 * n8n splits into one item per job), and ends with an HTTP Request to POST /done.
 */
import type { WorkerInfo } from './simWorker';

type Json = any;

let counter = 0;
/** n8n workflow ids are 16 characters. */
export function workflowId(tag: string): string {
	counter += 1;
	return `bench${tag}${counter}${Date.now().toString(36)}`.replace(/[^A-Za-z0-9]/g, '').slice(0, 16).padEnd(16, '0');
}

const trigger = { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {}, position: [0, 0] };

/**
 * n8n keeps working for a few seconds after `execute` has started the workflow (loading node
 * types, settings): the batch is created only after this pause, so that start-up tail is not
 * counted as the cost of waiting.
 */
export const SETTLE_SECONDS = 5;
const settle = {
	name: 'Settle',
	type: 'n8n-nodes-base.wait',
	typeVersion: 1.1,
	position: [100, 0],
	webhookId: '0c5e8f2a-1b3d-4e6f-8a9b-7c6d5e4f3a2b',
	parameters: { amount: SETTLE_SECONDS, unit: 'seconds' },
};

function createBatch(info: WorkerInfo): Json {
	return {
		name: 'Create videos',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [200, 0],
		parameters: { method: 'POST', url: `${info.benchUrl}/batch`, options: {} },
	};
}

function donePing(info: WorkerInfo, position: [number, number]): Json {
	return {
		name: 'Done',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		executeOnce: true,
		parameters: { method: 'POST', url: `${info.benchUrl}/done`, options: {} },
	};
}

const link = (node: string, index = 0) => ({ node, type: 'main', index });

export interface BuiltWorkflow {
	workflow: Json;
	credentials: Json[];
}

/** (a) Video Poller "Wait for Video" over the whole batch. */
export function videoPollerWorkflow(
	info: WorkerInfo,
	opts: { provider: string; credentialType: string; pollIntervalSeconds: number; maxWaitSeconds: number; download?: boolean },
): BuiltWorkflow {
	const credId = 'benchVideoCred01';
	return {
		credentials: [{ id: credId, name: 'Simulator', type: opts.credentialType, data: { apiKey: info.key, baseUrl: info.baseUrl } }],
		workflow: {
			id: workflowId('vp'),
			name: 'bench: Video Poller',
			settings: { executionOrder: 'v1' },
			nodes: [
				trigger,
				settle,
				createBatch(info),
				{
					name: 'Wait for videos',
					type: 'CUSTOM.videoPoller',
					typeVersion: 1,
					position: [400, 0],
					parameters: {
						provider: opts.provider,
						operation: 'waitForVideo',
						jobId: '={{ $json.id }}',
						options: {
							pollInterval: opts.pollIntervalSeconds,
							maxWait: opts.maxWaitSeconds,
							...(opts.download ? { download: true } : {}),
						},
					},
					credentials: { [opts.credentialType]: credId },
				},
				donePing(info, [600, 0]),
			],
			connections: {
				Start: { main: [[link('Settle')]] },
				Settle: { main: [[link('Create videos')]] },
				'Create videos': { main: [[link('Wait for videos')]] },
				'Wait for videos': { main: [[link('Done')]] },
			},
		},
	};
}

/** A status request as users write it: HTTP Request + a "Header Auth" credential. */
function getStatus(info: WorkerInfo, statusPath: string, credId: string, position: [number, number], retry: boolean): Json {
	return {
		name: 'Get status',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		// n8n's node defaults; `retry`: "Retry On Fail" switched on with n8n's own defaults
		// (3 tries, 1 s apart), what a user does after the first 429 stopped their workflow.
		...(retry ? { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 } : {}),
		parameters: {
			url: `=${info.baseUrl}${statusPath}`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			options: {},
		},
		credentials: { httpHeaderAuth: credId },
	};
}

function isDone(position: [number, number]): Json {
	const condition = (id: string, value: string) => ({
		id,
		leftValue: '={{ $json.status }}',
		rightValue: value,
		operator: { type: 'string', operation: 'equals' },
	});
	return {
		name: 'Done?',
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		position,
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [condition('c1', 'completed'), condition('c2', 'failed')],
				combinator: 'or',
			},
			options: {},
		},
	};
}

function waitNode(seconds: number, position: [number, number]): Json {
	return {
		name: 'Wait',
		type: 'n8n-nodes-base.wait',
		typeVersion: 1.1,
		position,
		webhookId: '5f0b2a4e-3c1d-4a8e-9b7f-6d2e1c0a9b8f',
		parameters: { amount: seconds, unit: 'seconds' },
	};
}

function headerCredential(authHeader: { name: string; value: string }) {
	return { id: 'benchHeaderCred1', name: 'Provider key', type: 'httpHeaderAuth', data: { name: authHeader.name, value: authHeader.value } };
}

/** (b1) HTTP Request → IF (status) → Wait → back to HTTP Request, all items at once. */
export function ifWaitLoopWorkflow(info: WorkerInfo, opts: { statusPath: string; authHeader: { name: string; value: string }; waitSeconds: number; retry?: boolean }): BuiltWorkflow {
	const cred = headerCredential(opts.authHeader);
	return {
		credentials: [cred],
		workflow: {
			id: workflowId('loop'),
			name: 'bench: IF/Wait loop',
			settings: { executionOrder: 'v1' },
			nodes: [trigger, settle, createBatch(info), getStatus(info, opts.statusPath, cred.id, [400, 0], opts.retry ?? false), isDone([600, 0]), waitNode(opts.waitSeconds, [800, 100]), donePing(info, [800, -100])],
			connections: {
				Start: { main: [[link('Settle')]] },
				Settle: { main: [[link('Create videos')]] },
				'Create videos': { main: [[link('Get status')]] },
				'Get status': { main: [[link('Done?')]] },
				'Done?': { main: [[link('Done')], [link('Wait')]] },
				Wait: { main: [[link('Get status')]] },
			},
		},
	};
}

/** (b2) Loop Over Items (batch size 1) → HTTP Request → IF → Wait → back; one job after another. */
export function loopOverItemsWorkflow(info: WorkerInfo, opts: { statusPath: string; authHeader: { name: string; value: string }; waitSeconds: number }): BuiltWorkflow {
	const cred = headerCredential(opts.authHeader);
	return {
		credentials: [cred],
		workflow: {
			id: workflowId('each'),
			name: 'bench: Loop Over Items',
			settings: { executionOrder: 'v1' },
			nodes: [
				trigger,
				settle,
				createBatch(info),
				{ name: 'Loop Over Items', type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, position: [400, 0], parameters: { batchSize: 1, options: {} } },
				getStatus(info, opts.statusPath, cred.id, [600, 100], false),
				isDone([800, 100]),
				waitNode(opts.waitSeconds, [1000, 200]),
				donePing(info, [600, -100]),
			],
			connections: {
				Start: { main: [[link('Settle')]] },
				Settle: { main: [[link('Create videos')]] },
				'Create videos': { main: [[link('Loop Over Items')]] },
				// Loop Over Items v3: output 0 = done, output 1 = loop
				'Loop Over Items': { main: [[link('Done')], [link('Get status')]] },
				'Get status': { main: [[link('Done?')]] },
				'Done?': { main: [[link('Loop Over Items')], [link('Wait')]] },
				Wait: { main: [[link('Get status')]] },
			},
		},
	};
}

/** A workflow that only waits: n8n's own idle cost (RSS, CPU) for the same kind of process. */
export function idleWorkflow(info: WorkerInfo, seconds: number): BuiltWorkflow {
	return {
		credentials: [],
		workflow: {
			id: workflowId('idle'),
			name: 'bench: idle',
			settings: { executionOrder: 'v1' },
			nodes: [trigger, settle, createBatch(info), waitNode(seconds, [400, 0]), donePing(info, [600, 0])],
			connections: {
				Start: { main: [[link('Settle')]] },
				Settle: { main: [[link('Create videos')]] },
				'Create videos': { main: [[link('Wait')]] },
				Wait: { main: [[link('Done')]] },
			},
		},
	};
}
