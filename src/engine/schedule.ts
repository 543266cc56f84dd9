import type { JobSnapshot, ProviderAdapter } from '../providers/types';

/** Never poll faster than this, whatever was asked: a zero interval would spin. */
export const MIN_INTERVAL_SECONDS = 0.1;
/** Up to this share is added at random, so a batch's polls do not march in step. */
export const JITTER = 0.1;

/** Delay before the next poll of a job: the user's interval wins, else the provider's hint or cadence. */
export function nextPollDelayMs(
	adapter: ProviderAdapter,
	snapshot: JobSnapshot | null,
	userIntervalSeconds: number | null,
	random: () => number,
): number {
	const base = userIntervalSeconds && userIntervalSeconds > 0 ? userIntervalSeconds : adapter.automaticInterval(snapshot);
	const seconds = Math.max(MIN_INTERVAL_SECONDS, base);
	return Math.round(seconds * 1000 * (1 + JITTER * random()));
}
