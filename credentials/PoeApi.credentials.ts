import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class PoeApi implements ICredentialType {
	name = 'poeApi';

	displayName = 'Poe API';

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
			description: 'Your Poe API key, from poe.com/api/keys',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.poe.com',
			placeholder: 'e.g. https://api.poe.com',
			description:
				'Address of the Poe API, without <code>/v1</code>. Keep the default unless requests must go through a proxy, a self-hosted gateway or a test server.',
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

	// GET /usage/current_balance is Poe's documented key check: it takes no parameters, costs no
	// points, answers 200 {current_point_balance} for a valid key and 401 authentication_error
	// otherwise. (GET /v1/videos/{id} with a dummy id would answer 404 for a good key, which n8n
	// counts as a failed test.)
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.baseUrl || "https://api.poe.com").replace(/\\/+$/, "") }}',
			url: '/usage/current_balance',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Poe rejected the API key (401 authentication_error): check that it is complete and not revoked',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'Poe accepted the key but refused access (403): check that the account may use the API',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 429,
					message: 'Poe is rate limiting this key (429): try again in a moment',
				},
			},
		],
	};
}
