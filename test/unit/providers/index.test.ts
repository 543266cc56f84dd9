import { getProvider, isProviderId, PROVIDERS } from '../../../src/providers';
import { PROVIDER_IDS } from '../../../src/providers/types';

describe('provider registry', () => {
	it('has exactly the contract\'s providers, each under its own id', () => {
		expect(Object.keys(PROVIDERS).sort()).toEqual(['aiStats', 'geekHub', 'hooked', 'poe', 'reelBot']);
		for (const id of PROVIDER_IDS) expect(PROVIDERS[id].id).toBe(id);
	});

	it('credential types and display names follow CONTRACT.md', () => {
		expect(PROVIDER_IDS.map((id) => PROVIDERS[id].credentialType)).toEqual([
			'geekHubApi',
			'aiStatsApi',
			'reelBotApi',
			'poeApi',
			'hookedApi',
		]);
		expect(PROVIDER_IDS.map((id) => PROVIDERS[id].displayName)).toEqual([
			'GeekHub',
			'AI Stats',
			'ReelBot',
			'Poe',
			'Hooked',
		]);
	});

	it('getProvider returns the adapter', () => {
		expect(getProvider('poe')).toBe(PROVIDERS.poe);
		expect(getProvider('reelBot').completeJob).toBeDefined();
	});

	it('getProvider throws a clear error for an unknown id', () => {
		expect(() => getProvider('runway')).toThrow(
			'Unknown provider "runway". Expected one of: geekHub, aiStats, reelBot, poe, hooked',
		);
		expect(() => getProvider('toString')).toThrow('Unknown provider "toString"');
		expect(() => getProvider('GEEKHUB')).toThrow('Unknown provider');
	});

	it('isProviderId', () => {
		expect(isProviderId('hooked')).toBe(true);
		expect(isProviderId('Hooked')).toBe(false);
		expect(isProviderId(undefined)).toBe(false);
	});
});
