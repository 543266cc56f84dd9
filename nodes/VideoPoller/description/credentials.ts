import type { INodeCredentialDescription } from 'n8n-workflow';

/** One credential type per provider; the editor offers the one matching `provider`. */
export const providerCredentials: INodeCredentialDescription[] = [
	{ name: 'geekHubApi', required: true, displayOptions: { show: { provider: ['geekHub'] } } },
	{ name: 'aiStatsApi', required: true, displayOptions: { show: { provider: ['aiStats'] } } },
	{ name: 'reelBotApi', required: true, displayOptions: { show: { provider: ['reelBot'] } } },
	{ name: 'poeApi', required: true, displayOptions: { show: { provider: ['poe'] } } },
	{ name: 'hookedApi', required: true, displayOptions: { show: { provider: ['hooked'] } } },
];
