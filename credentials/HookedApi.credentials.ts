import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class HookedApi implements ICredentialType {
	name = 'hookedApi';

	displayName = 'Hooked API';

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
			description: 'Your Hooked API key, from hooked.so/settings/api',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.hooked.so',
			placeholder: 'e.g. https://api.hooked.so',
			description:
				'Address of the Hooked API, without <code>/v1</code> (Hooked’s MCP server uses <code>https://api.hooked.so/api</code>). Keep the default unless requests must go through a proxy, a self-hosted gateway or a test server.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-api-key': '={{$credentials.apiKey}}',
			},
		},
	};

	// GET /v1/video/list?limit=1 (List Videos) answers 200 for a valid key. Hooked answers 403, not
	// 401, for a wrong or missing key. (GET /v1/video/{id} with a dummy id would answer 404 for a
	// good key, which n8n counts as a failed test.)
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.baseUrl || "https://api.hooked.so").replace(/\\/+$/, "") }}',
			url: '/v1/video/list',
			method: 'GET',
			qs: { limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'Hooked rejected the API key (403 Not authenticated): check that it is complete and not revoked',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Hooked rejected the API key (401): check that it is complete and not revoked',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 429,
					message: 'Hooked is rate limiting this key (429): try again in a minute',
				},
			},
		],
	};
}
