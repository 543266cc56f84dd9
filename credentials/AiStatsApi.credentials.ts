import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class AiStatsApi implements ICredentialType {
	name = 'aiStatsApi';

	displayName = 'AI Stats API';

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
				'Your AI Stats (Phaseo) gateway API key (it starts with <code>aistats_v1_sk_</code>). Create one in the AI Stats dashboard under Gateway → Keys.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.phaseo.app',
			placeholder: 'e.g. https://api.phaseo.app',
			description:
				'Address of the AI Stats gateway, without <code>/v1</code>. Keep the default unless requests must go through a proxy, a self-hosted gateway or a test server.',
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

	// GET /v1/videos (the list of the key's video jobs) answers 2xx for a valid key and 401 for a
	// wrong one, and it exercises the very routes the node polls. (GET /v1/videos/{id} with a dummy
	// id would answer 404 for a good key, which n8n counts as a failed test; /v1/credits wants a
	// management key, and the model catalogue may be public, so it would pass any key.)
	// While AI Stats keeps its video routes switched off they answer 501 not_implemented; the test
	// then says so instead of claiming the key is wrong.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.baseUrl || "https://api.phaseo.app").replace(/\\/+$/, "") }}',
			url: '/v1/videos',
			method: 'GET',
			qs: { limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'AI Stats rejected the API key (401): check that it is a gateway key, complete and not revoked',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'AI Stats accepted the key but it may not use the video API (403): check the key’s workspace and permissions',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 501,
					message:
						'AI Stats answered 501 not_implemented: its video routes are switched off for now, so the key could not be checked and polling will fail the same way until AI Stats turns them back on',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 429,
					message: 'AI Stats (or its upstream provider) is rate limiting this key (429): try again in a moment',
				},
			},
		],
	};
}
