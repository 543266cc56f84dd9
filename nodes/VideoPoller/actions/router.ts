/**
 * Reads the parameters of every item, waits for all jobs together through the engine, and
 * turns each outcome into an output item or an item error (honouring "On Error").
 */
import { NodeOperationError, type IBinaryData, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { downloadVideo } from '../../../src/engine/download';
import { CancelledError, PollError } from '../../../src/engine/errors';
import { pollJobs, type JobOutcome } from '../../../src/engine/pollJobs';
import { getProvider } from '../../../src/providers';
import { createN8nTransport } from '../transport/n8nTransport';
import {
	type ItemOptions,
	type Operation,
	readJobId,
	readOptions,
	readProvider,
	toPollSettings,
	wantsDownload,
} from './readParameters';
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
	const transport = createN8nTransport(this, adapter.credentialType, credentials);
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
	const binaries = new Map<number, IBinaryData>();
	const poll = (jobIds: string[], options: ItemOptions, mode: Operation) =>
		pollJobs(jobIds, toPollSettings(mode, options), { adapter, baseUrl, transport, signal });
	try {
		await Promise.all(
			[...batches.values()].map(async (batch) => {
				const results = await poll(batch.map((r) => r.jobId), batch[0].options, operation);
				results.forEach((outcome, position) => outcomes.set(batch[position].itemIndex, outcome));
			}),
		);
		// Downloads, a few at a time: each streams to n8n's binary store, not into memory.
		const toDownload = requests.filter((r) => wantsDownload(operation, r.options) && outcomes.get(r.itemIndex)?.job?.status === 'completed' && !outcomes.get(r.itemIndex)?.error);
		await forEachLimited(toDownload, DOWNLOAD_CONCURRENCY, async (request) => {
			const outcome = outcomes.get(request.itemIndex)!;
			try {
				const video = await downloadVideo(
					outcome.job!,
					{ maxBytes: request.options.maxDownloadBytes, variant: request.options.variant },
					{
						adapter,
						baseUrl,
						transport,
						signal,
						refresh: async () => (await poll([request.jobId], request.options, 'getStatus'))[0],
					},
				);
				binaries.set(request.itemIndex, await this.helpers.prepareBinaryData(video.stream, video.fileName, video.mimeType));
				outcome.job = { ...video.job, polling: outcome.job!.polling };
			} catch (error) {
				if (error instanceof CancelledError) throw stopped(this);
				if (!(error instanceof PollError)) throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: request.itemIndex });
				error.job = outcome.job;
				outcome.error = error;
			}
		});
		for (const request of requests) {
			const outcome = outcomes.get(request.itemIndex)!;
			if (operation === 'download' && !outcome.error && outcome.job && outcome.job.status !== 'completed' && !binaries.has(request.itemIndex)) {
				outcome.error = notCompleted(adapter.displayName, outcome);
			}
		}
	} catch (error) {
		if (error instanceof CancelledError) throw stopped(this);
		throw new NodeOperationError(this.getNode(), error as Error);
	}

	const output: INodeExecutionData[] = [];
	for (const request of requests) {
		const outcome = outcomes.get(request.itemIndex)!;
		const item = outcomeToItem(this, adapter.displayName, request, outcome);
		const binary = binaries.get(request.itemIndex);
		if (binary && !item.error) item.binary = { [request.options.binaryPropertyName]: binary };
		output.push(item);
	}
	return output;
}

const DOWNLOAD_CONCURRENCY = 3;

function stopped(context: IExecuteFunctions): NodeOperationError {
	return new NodeOperationError(context.getNode(), 'The execution was stopped while waiting for videos');
}

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) await work(items[next++]);
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function notCompleted(providerName: string, outcome: JobOutcome): PollError {
	const job = outcome.job!;
	const error = new PollError({
		kind: 'download',
		provider: job.provider,
		jobId: job.jobId,
		message: `${providerName} job "${job.jobId}" is ${job.status} (${job.providerStatus}); only a completed job has a video to download`,
		hint: 'Use "Wait for Video" with "Download Video" on, to wait for the job and then download it.',
	});
	error.job = job;
	return error;
}
