import type { ICredentialsDisplayOptions, INodeCredentialDescription } from 'n8n-workflow';

/**
 * Shown only for its own provider. Written as a `_cnd` condition rather than a plain value list:
 * n8n's editor takes a parameter that every credential `show`s on by plain values as the node's
 * authentication switch, hides it from the panel and picks the provider through the credential
 * dialog instead. With `_cnd` (evaluated the same by n8n 2.8 and 2.41, editor and backend) the
 * Provider dropdown stays visible and "Create new credential" opens the matching type.
 */
const onlyFor = (provider: string): ICredentialsDisplayOptions =>
	// The credential typing predates `_cnd`; n8n evaluates it for credentials as for parameters.
	({ show: { provider: [{ _cnd: { eq: provider } }] } }) as unknown as ICredentialsDisplayOptions;

/** One credential type per provider; the editor offers the one matching `provider`. */
export const providerCredentials: INodeCredentialDescription[] = [
	{ name: 'geekHubApi', required: true, displayOptions: onlyFor('geekHub') },
	{ name: 'aiStatsApi', required: true, displayOptions: onlyFor('aiStats') },
	{ name: 'reelBotApi', required: true, displayOptions: onlyFor('reelBot') },
	{ name: 'poeApi', required: true, displayOptions: onlyFor('poe') },
	{ name: 'hookedApi', required: true, displayOptions: onlyFor('hooked') },
];
