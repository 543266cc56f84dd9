import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class ReelBotApi implements ICredentialType {
	name = 'reelBotApi';

	displayName = 'ReelBot API';

	icon: Icon = {
		light: 'file:../nodes/VideoPoller/videoPoller.svg',
		dark: 'file:../nodes/VideoPoller/videoPoller.dark.svg',
	};

	documentationUrl = 'https://github.com/video-poller/n8n-nodes-video-poller#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Your ReelBot API key (it starts with <code>rb_live_</code>). Generate it in ReelBot under Settings → Developer API.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://reelbot.space',
			placeholder: 'e.g. https://reelbot.space',
			description:
				'Address of ReelBot, without <code>/api/v1</code>. Keep the default unless requests must go through a proxy, a self-hosted gateway or a test server.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-API-Key': '={{$credentials.apiKey}}',
			},
		},
	};

	// ReelBot's API has no list or account endpoint: its only reads are the per-project status and
	// download calls, and creating a video spends quota. So the test asks for the status of a project
	// that cannot exist and reads the answer's error code instead of its HTTP status (a good key gets
	// 404 NOT_FOUND, which n8n would otherwise count as a failure; a wrong key gets 401 UNAUTHORIZED).
	// The status route is the cheap one (60 requests/min; download allows 30/h).
	// Every documented ReelBot error carries `code`; an answer without one (an HTML page, another
	// service) means the Base URL does not point at ReelBot.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.baseUrl || "https://reelbot.space").replace(/\\/+$/, "") }}',
			url: '/api/v1/video/status/00000000-0000-0000-0000-000000000000',
			method: 'GET',
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 'UNAUTHORIZED',
					message: 'ReelBot rejected the API key (401 UNAUTHORIZED): check that it is complete and not revoked',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 'RATE_LIMITED',
					message: 'ReelBot is rate limiting this key (429 RATE_LIMITED, 60 status checks per minute): try again in a minute',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 'INTERNAL_ERROR',
					message: 'ReelBot answered with a server error (INTERNAL_ERROR), so the key could not be checked: try again later',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 'SERVICE_UNAVAILABLE',
					message: 'ReelBot is temporarily unavailable (SERVICE_UNAVAILABLE), so the key could not be checked: try again later',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 'CONFIG_ERROR',
					message: 'ReelBot reported a server misconfiguration (CONFIG_ERROR), so the key could not be checked',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: undefined,
					message:
						'The Base URL did not answer like the ReelBot API (no error code in its reply to a status check for an unknown project): check the Base URL',
				},
			},
		],
	};
}
