import { setTimeout as delay } from 'node:timers/promises';
import { CancelledError } from './errors';

/** Time as the engine sees it; tests swap in a fake one. */
export interface Clock {
	now(): number;
	/** Resolves after `ms`; rejects with CancelledError at once when `signal` aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Real time. The delay is Node's own abortable timer rather than n8n's `sleepWithAbort`,
 * which is gone from current n8n-workflow: aborting clears the timer, nothing is left behind.
 */
export const systemClock: Clock = {
	now: () => Date.now(),
	async sleep(ms, signal) {
		if (signal?.aborted) throw new CancelledError();
		try {
			await delay(Math.max(0, ms), undefined, { signal });
		} catch (error) {
			if (signal?.aborted) throw new CancelledError();
			throw error;
		}
	},
};
