import type { INodeCredentialDescription } from 'n8n-workflow';

const PROVIDERS = ['geekHub', 'aiStats', 'reelBot', 'poe', 'hooked'];
const others = (provider: string) => PROVIDERS.filter((p) => p !== provider);

/**
 * One credential type per provider; the editor offers the one matching `provider`.
 * `hide` (not `show`): n8n's editor takes a parameter that every credential `show`s on as the
 * node's authentication switch and moves it out of the parameter list — the Provider dropdown
 * would vanish from the panel. With `hide` it stays a normal, visible parameter.
 */
export const providerCredentials: INodeCredentialDescription[] = [
	{ name: 'geekHubApi', required: true, displayOptions: { hide: { provider: others('geekHub') } } },
	{ name: 'aiStatsApi', required: true, displayOptions: { hide: { provider: others('aiStats') } } },
	{ name: 'reelBotApi', required: true, displayOptions: { hide: { provider: others('reelBot') } } },
	{ name: 'poeApi', required: true, displayOptions: { hide: { provider: others('poe') } } },
	{ name: 'hookedApi', required: true, displayOptions: { hide: { provider: others('hooked') } } },
];
