import type { JobDefaults } from '../state';
import type { ProviderId } from '../types';
import { aiStats } from './aiStats';
import type { ProviderSpec } from './common';
import { geekHub } from './geekHub';
import { hooked } from './hooked';
import { poe } from './poe';
import { reelBot } from './reelBot';

export const PROVIDER_SPECS: Readonly<Record<ProviderId, ProviderSpec>> = { geekHub, aiStats, reelBot, poe, hooked };

export function jobDefaults(): Record<ProviderId, JobDefaults> {
	return {
		geekHub: geekHub.jobs,
		aiStats: aiStats.jobs,
		reelBot: reelBot.jobs,
		poe: poe.jobs,
		hooked: hooked.jobs,
	};
}
