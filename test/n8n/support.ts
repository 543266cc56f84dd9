/** Runs the built Video Poller inside n8n-core's WorkflowExecute against the simulator. */
import type { INodeExecutionData } from 'n8n-workflow';
import type { Simulator } from '../../simulator';
import type { ProviderId } from '../../src/providers/types';
import { CREDENTIAL_TYPE, loadBuiltCredentialTypes, loadBuiltNode } from '../support/builtPackage';
import { runNode, type OnError, type RunNodeResult } from '../support/workflowExecuteHarness';

export interface PollerRun {
	provider: ProviderId;
	jobIds: string[];
	operation?: 'waitForVideo' | 'getStatus' | 'download';
	options?: Record<string, unknown>;
	onError?: OnError;
	signal?: AbortSignal;
	apiKey?: string;
	baseUrl?: string;
	binaryMode?: 'memory' | 'filesystem';
	/** Node settings such as retryOnFail. */
	nodeSettings?: Parameters<typeof runNode>[0]['nodeSettings'];
}

export async function runPoller(sim: Simulator, run: PollerRun): Promise<RunNodeResult> {
	return await runNode({
		nodeClass: loadBuiltNode(),
		credentialTypes: loadBuiltCredentialTypes(),
		credentials: {
			[CREDENTIAL_TYPE[run.provider]]: {
				apiKey: run.apiKey ?? sim.keys[run.provider],
				baseUrl: run.baseUrl ?? sim.baseUrls[run.provider],
			},
		},
		parameters: {
			provider: run.provider,
			operation: run.operation ?? 'waitForVideo',
			jobId: '={{ $json.id }}',
			options: { pollInterval: 0.2, ...(run.options ?? {}) },
		},
		inputItems: run.jobIds.map((id) => ({ json: { id } })),
		onError: run.onError,
		signal: run.signal,
		binaryMode: run.binaryMode,
		nodeSettings: run.nodeSettings,
	});
}

export function jsonOf(items: INodeExecutionData[]): Array<Record<string, any>> {
	return items.map((item) => item.json as Record<string, any>);
}

/** Everything a run produced, as text: output, errors, run data — for "the key never shows" checks. */
export function everything(result: RunNodeResult): string {
	const seen = new WeakSet();
	return JSON.stringify(
		{ items: result.items, errorItems: result.errorItems, error: result.error, nodeError: result.nodeError, runData: result.runData },
		(_key, value) => {
			if (value && typeof value === 'object') {
				if (seen.has(value)) return '[circular]';
				seen.add(value);
			}
			if (value instanceof Error) return { ...value, message: value.message, stack: value.stack };
			return value;
		},
	);
}

export const PROVIDERS: ProviderId[] = ['geekHub', 'aiStats', 'reelBot', 'poe', 'hooked'];

export { COMPLETED_WORD, FAILED_WORD } from '../support/providerWords';
