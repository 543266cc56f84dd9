import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { PollSettings } from '../../../src/engine/pollJobs';
import { PROVIDER_IDS, type ProviderId } from '../../../src/providers/types';

export type Operation = 'waitForVideo' | 'getStatus' | 'download';

export interface ItemOptions {
	pollInterval: number | null;
	maxWait: number;
	onTimeout: 'error' | 'returnLastStatus';
	onJobFailure: 'error' | 'output';
	download: boolean;
	binaryPropertyName: string;
	includeRaw: boolean;
	maxDownloadBytes: number;
	variant: string;
}

export const DEFAULT_MAX_WAIT_SECONDS = 900;
export const DEFAULT_MAX_DOWNLOAD_MB = 1024;

export function readProvider(context: IExecuteFunctions): ProviderId {
	const provider = context.getNodeParameter('provider', 0) as string;
	if (!(PROVIDER_IDS as readonly string[]).includes(provider)) {
		throw new NodeOperationError(context.getNode(), `Unknown provider "${provider}"`, {
			description: `Choose one of: ${PROVIDER_IDS.join(', ')}`,
		});
	}
	return provider as ProviderId;
}

export function readJobId(context: IExecuteFunctions, itemIndex: number): string {
	const value = context.getNodeParameter('jobId', itemIndex, '') as unknown;
	if (typeof value === 'number') return String(value);
	return typeof value === 'string' ? value.trim() : '';
}

export function readOptions(context: IExecuteFunctions, itemIndex: number): ItemOptions {
	const raw = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const number = (name: string, fallback: number | null): number | null => {
		const value = raw[name];
		if (value === undefined || value === null || value === '') return fallback;
		const parsed = Number(value);
		if (!Number.isFinite(parsed) || parsed < 0) {
			throw new NodeOperationError(context.getNode(), `Option "${name}" must be a number of seconds ≥ 0, got "${String(value)}"`, {
				itemIndex,
			});
		}
		return parsed;
	};
	const pollInterval = number('pollInterval', null);
	return {
		pollInterval: pollInterval && pollInterval > 0 ? pollInterval : null,
		maxWait: number('maxWait', DEFAULT_MAX_WAIT_SECONDS) || DEFAULT_MAX_WAIT_SECONDS,
		onTimeout: raw.onTimeout === 'returnLastStatus' ? 'returnLastStatus' : 'error',
		onJobFailure: raw.onJobFailure === 'output' ? 'output' : 'error',
		download: raw.download === true,
		binaryPropertyName: typeof raw.binaryPropertyName === 'string' && raw.binaryPropertyName.trim() ? raw.binaryPropertyName.trim() : 'data',
		includeRaw: raw.includeRaw === true,
		maxDownloadBytes: Math.round((number('maxDownloadSize', DEFAULT_MAX_DOWNLOAD_MB) || DEFAULT_MAX_DOWNLOAD_MB) * 1024 * 1024),
		variant: typeof raw.variant === 'string' && raw.variant ? raw.variant : 'video',
	};
}

export function wantsDownload(operation: Operation, options: ItemOptions): boolean {
	return operation === 'download' || (operation === 'waitForVideo' && options.download);
}

export function toPollSettings(operation: Operation, options: ItemOptions): PollSettings {
	return {
		mode: operation === 'waitForVideo' ? 'wait' : 'status',
		pollIntervalSeconds: options.pollInterval,
		maxWaitSeconds: options.maxWait,
		includeRaw: options.includeRaw,
	};
}
