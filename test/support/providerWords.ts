/** Each provider's own word for a completed / failed job (the simulator's vocabulary), for the n8n and e2e suites. */
import type { ProviderId } from '../../src/providers/types';

export const COMPLETED_WORD: Record<ProviderId, string> = {
	geekHub: 'completed',
	aiStats: 'completed',
	reelBot: 'completed',
	poe: 'completed',
	hooked: 'COMPLETED',
};

export const FAILED_WORD: Record<ProviderId, string> = {
	geekHub: 'failed',
	aiStats: 'failed',
	reelBot: 'failed',
	poe: 'failed',
	hooked: 'FAILED',
};
