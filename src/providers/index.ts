/** The provider registry: one adapter per `provider` parameter value (CONTRACT.md). */
import { aiStats } from './aiStats';
import { geekHub } from './geekHub';
import { hooked } from './hooked';
import { poe } from './poe';
import { reelBot } from './reelBot';
import { PROVIDER_IDS, type ProviderAdapter, type ProviderId } from './types';

export const PROVIDERS: Readonly<Record<ProviderId, ProviderAdapter>> = Object.freeze({
	geekHub,
	aiStats,
	reelBot,
	poe,
	hooked,
});

export function isProviderId(value: unknown): value is ProviderId {
	return typeof value === 'string' && (PROVIDER_IDS as readonly string[]).includes(value);
}

/** The adapter for a provider ID; throws a clear Error naming the valid IDs for any other value. */
export function getProvider(id: string): ProviderAdapter {
	if (!isProviderId(id)) {
		throw new Error(
			`Unknown provider "${String(id)}". Expected one of: ${PROVIDER_IDS.join(', ')}`,
		);
	}
	return PROVIDERS[id];
}

export { aiStats, geekHub, hooked, poe, reelBot };
