import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { route } from './actions/router';
import { providerCredentials } from './description/credentials';
import { jobIdParameter, operationParameter, optionsParameter, providerParameter } from './description/parameters';

export class VideoPoller implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Video Poller',
		name: 'videoPoller',
		icon: { light: 'file:videoPoller.svg', dark: 'file:videoPoller.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ({ waitForVideo: "Wait for Video", getStatus: "Get Status", download: "Download" })[$parameter["operation"]] + ": " + ({ geekHub: "GeekHub", aiStats: "AI Stats", reelBot: "ReelBot", poe: "Poe", hooked: "Hooked" })[$parameter["provider"]] }}',
		description: 'Wait for AI video jobs (GeekHub, AI Stats, ReelBot, Poe, Hooked) and output one normalized item per job',
		defaults: { name: 'Video Poller' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials,
		properties: [providerParameter, operationParameter, jobIdParameter, optionsParameter],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await route.call(this)];
	}
}
