/** The node's parameters, named exactly as CONTRACT.md fixes them (saved workflows depend on it). */
import type { INodeProperties } from 'n8n-workflow';

export const providerParameter: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	default: 'geekHub',
	description: 'The video API that runs the jobs. The credential field above follows this choice.',
	options: [
		{ name: 'AI Stats (Phaseo)', value: 'aiStats', description: 'Video jobs at api.phaseo.app' },
		{ name: 'GeekHub', value: 'geekHub', description: 'Video generations at api.geekhub.mx' },
		{ name: 'Hooked', value: 'hooked', description: 'Videos at api.hooked.so' },
		{ name: 'Poe', value: 'poe', description: 'Videos at api.poe.com' },
		{ name: 'ReelBot', value: 'reelBot', description: 'Video projects at reelbot.space' },
	],
};

export const operationParameter: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'waitForVideo',
	options: [
		{
			name: 'Wait for Video',
			value: 'waitForVideo',
			action: 'Wait for a video job to finish',
			description: 'Poll each job until it completes, fails or the deadline passes, then output it',
		},
		{
			name: 'Get Status',
			value: 'getStatus',
			action: 'Get the status of a video job',
			description: 'Look at each job once and output its current state',
		},
		{
			name: 'Download',
			value: 'download',
			action: 'Download a finished video',
			description: 'Fetch the video of each completed job as binary data',
		},
	],
};

export const jobIdParameter: INodeProperties = {
	displayName: 'Job ID',
	name: 'jobId',
	type: 'string',
	required: true,
	default: '={{ $json.id }}',
	placeholder: 'e.g. e8c96506-72a1-429f-a7ed-4bb0a42541be',
	description:
		'The ID the provider returned when the job was created (ReelBot: the project ID; Hooked: the video ID). One job per input item.',
};

export const optionsParameter: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Binary Property',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			description: 'Name of the binary property the video is written to',
		},
		{
			displayName: 'Download Video',
			name: 'download',
			type: 'boolean',
			default: false,
			description: 'Whether to also fetch the finished video as binary data',
			displayOptions: { show: { '/operation': ['waitForVideo'] } },
		},
		{
			displayName: 'Include Raw Response',
			name: 'includeRaw',
			type: 'boolean',
			default: false,
			description: "Whether to add the provider's last response body as the raw field",
		},
		{
			displayName: 'Max Download Size (MB)',
			name: 'maxDownloadSize',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1024,
			description: 'Largest video accepted; a larger one fails the item instead of filling the disk',
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWait',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 900,
			description: 'Overall deadline for one job. What happens when it passes is set by "On Timeout".',
			displayOptions: { show: { '/operation': ['waitForVideo'] } },
		},
		{
			displayName: 'On Job Failure',
			name: 'onJobFailure',
			type: 'options',
			default: 'error',
			description: 'What to do with a job that ends failed, cancelled or expired',
			options: [
				{
					name: 'Error',
					value: 'error',
					description: 'The item fails, so the node\'s "On Error" setting decides what happens next',
				},
				{
					name: 'Output Item',
					value: 'output',
					description: 'Output the job like any other; its status and error fields tell what went wrong',
				},
			],
		},
		{
			displayName: 'On Timeout',
			name: 'onTimeout',
			type: 'options',
			default: 'error',
			description: 'What to do when a job has not ended by "Max Wait"',
			displayOptions: { show: { '/operation': ['waitForVideo'] } },
			options: [
				{ name: 'Error', value: 'error', description: 'The item fails' },
				{
					name: 'Return Last Status',
					value: 'returnLastStatus',
					description: 'Output the last status seen, with polling.timedOut set to true',
				},
			],
		},
		{
			displayName: 'Poe Content Variant',
			name: 'variant',
			type: 'options',
			default: 'video',
			description: "Which of Poe's files to download",
			displayOptions: { show: { '/provider': ['poe'] } },
			options: [
				{ name: 'Video', value: 'video' },
				{ name: 'Thumbnail', value: 'thumbnail' },
				{ name: 'Spritesheet', value: 'spritesheet' },
			],
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			hint: '0 = automatic',
			description:
				"Seconds between two looks at a job. 0 = automatic: the provider's own hint or its documented cadence (GeekHub 10–30 s by model, Poe and Hooked 5 s, ReelBot 4 s).",
			displayOptions: { show: { '/operation': ['waitForVideo'] } },
		},
	],
};
