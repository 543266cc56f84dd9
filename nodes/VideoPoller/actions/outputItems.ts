/** Applies "On Timeout", "On Job Failure" and n8n's "On Error" to one job's outcome. */
import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { PollError } from '../../../src/engine/errors';
import type { JobOutcome } from '../../../src/engine/pollJobs';
import type { NormalizedJob } from '../../../src/providers/types';
import type { ItemOptions } from './readParameters';

const HTTP_KINDS = new Set(['auth', 'notFound', 'client', 'unavailable', 'server', 'network']);
const FAILED = new Set(['failed', 'cancelled', 'expired']);

export function outcomeToItem(
	context: IExecuteFunctions,
	providerName: string,
	request: { itemIndex: number; options: ItemOptions },
	outcome: JobOutcome,
): INodeExecutionData {
	const { itemIndex, options } = request;
	const pairedItem = { item: itemIndex };
	const job = outcome.job;

	let nodeError: NodeApiError | NodeOperationError | null = null;
	if (outcome.error) {
		if (outcome.error.kind === 'timeout' && options.onTimeout === 'returnLastStatus' && job) {
			return { json: toJson(job), pairedItem };
		}
		nodeError = toNodeError(context, outcome.error, itemIndex);
	} else if (job && FAILED.has(job.status) && options.onJobFailure === 'error') {
		const reason = job.error?.message ? `: ${job.error.message}` : '';
		nodeError = new NodeOperationError(context.getNode(), `${providerName} job "${job.jobId}" ended ${job.status}${reason}`, {
			itemIndex,
			description:
				'The provider reports that the job itself did not succeed. Set "On Job Failure" to "Output Item" to pass such jobs on as normal items.',
		});
	}

	if (!nodeError) return { json: toJson(job!), pairedItem };
	if (!context.continueOnFail()) throw nodeError;
	if (context.getNode().onError === 'continueErrorOutput') {
		// n8n routes an item to the error output by its `error`, and then keeps only the message.
		return { json: { error: nodeError.message }, error: nodeError, pairedItem };
	}
	// "Continue": the item goes on with every normalized field that was known, plus the error.
	return {
		json: {
			...(job ? toJson(job) : { provider: outcome.error?.provider ?? null, jobId: outcome.jobId }),
			error: {
				message: nodeError.message,
				code: outcome.error ? (outcome.error.providerCode ?? outcome.error.kind) : job!.status,
				description: nodeError.description ?? null,
			},
		},
		pairedItem,
	};
}

function toJson(job: NormalizedJob): JsonObject {
	return job as unknown as JsonObject;
}

function toNodeError(context: IExecuteFunctions, error: PollError, itemIndex: number): NodeApiError | NodeOperationError {
	const description = error.hint ?? undefined;
	if (HTTP_KINDS.has(error.kind)) {
		// Only these plain fields reach the error: never the request, its headers or the key.
		const response: JsonObject = {
			message: error.message,
			provider: error.provider,
			jobId: error.jobId,
			code: error.providerCode,
			httpStatus: error.httpStatus,
		};
		return new NodeApiError(context.getNode(), response, {
			message: error.message,
			description,
			httpCode: error.httpStatus ? String(error.httpStatus) : undefined,
			itemIndex,
		});
	}
	return new NodeOperationError(context.getNode(), error.message, { itemIndex, description });
}
