import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class GeekHubApi implements ICredentialType {
	name = 'geekHubApi';

	displayName = 'GeekHub API';

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
				'Your GeekHub API key (it starts with <code>ghub_sk_</code>). Create one in the GeekHub dashboard under API keys.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.geekhub.mx',
			placeholder: 'e.g. https://api.geekhub.mx',
			description:
				'Address of the GeekHub API, without <code>/v1</code>. Keep the default unless requests must go through a proxy, a self-hosted gateway or a test server.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// GeekHub documents no list of video jobs, and its only per-job read (GET /v1/videos/{id})
	// answers 404 for a good key with an unknown id, which n8n would report as a failed test.
	// GET /v1/models is the call GeekHub's authentication page uses to show a key in use: 2xx for a
	// valid key, 401 invalid_api_key / missing_api_key otherwise.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.baseUrl || "https://api.geekhub.mx").replace(/\\/+$/, "") }}',
			url: '/v1/models',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'GeekHub rejected the API key (401): check that it is complete and not revoked',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 402,
					message: 'GeekHub accepted the key but the account balance is used up (402 insufficient_balance)',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 429,
					message: 'GeekHub is rate limiting this key (429): try again in a moment',
				},
			},
		],
	};
}
