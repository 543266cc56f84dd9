/**
 * Reads the parameters of every item, waits for all jobs together through the engine, and
 * turns each outcome into an output item or an item error (honouring "On Error").
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { CancelledError } from '../../../src/engine/errors';
import { pollJobs, type JobOutcome } from '../../../src/engine/pollJobs';
import { getProvider } from '../../../src/providers';
import { createN8nTransport } from '../transport/n8nTransport';
import { type ItemOptions, type Operation, readJobId, readOptions, readProvider, toPollSettings } from './readParameters';
import { outcomeToItem } from './outputItems';

interface ItemRequest {
	itemIndex: number;
	jobId: string;
	options: ItemOptions;
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as Operation;
	const adapter = getProvider(readProvider(this));
	const credentials = await this.getCredentials<{ baseUrl?: string }>(adapter.credentialType);
	const baseUrl = (credentials.baseUrl ?? '').trim() || adapter.defaultBaseUrl;
	const transport = createN8nTransport(this, adapter.credentialType);
	const signal = this.getExecutionCancelSignal();

	const requests: ItemRequest[] = items.map((_item, itemIndex) => ({
		itemIndex,
		jobId: readJobId(this, itemIndex),
		options: readOptions(this, itemIndex),
	}));

	// Items with the same options are waited on as one batch (usually: all of them).
	const batches = new Map<string, ItemRequest[]>();
	for (const request of requests) {
		const key = JSON.stringify(toPollSettings(operation, request.options));
		batches.set(key, [...(batches.get(key) ?? []), request]);
	}

	const outcomes = new Map<number, JobOutcome>();
	try {
		await Promise.all(
			[...batches.values()].map(async (batch) => {
				const settings = toPollSettings(operation, batch[0].options);
				const results = await pollJobs(
					batch.map((r) => r.jobId),
					settings,
					{ adapter, baseUrl, transport, signal },
				);
				results.forEach((outcome, position) => outcomes.set(batch[position].itemIndex, outcome));
			}),
		);
	} catch (error) {
		if (error instanceof CancelledError) {
			throw new NodeOperationError(this.getNode(), 'The execution was stopped while waiting for videos');
		}
		throw error;
	}

	const output: INodeExecutionData[] = [];
	for (const request of requests) {
		const outcome = outcomes.get(request.itemIndex)!;
		output.push(outcomeToItem(this, adapter.displayName, request, outcome));
	}
	return output;
}
