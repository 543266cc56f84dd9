/** Virtual time for engine tests: sleeps resolve when the test advances the clock, never by wall time. */
import type { Clock } from '../../../src/engine/clock';
import { CancelledError } from '../../../src/engine/errors';

interface Timer {
	at: number;
	resolve: () => void;
}

export class FakeClock implements Clock {
	private time: number;
	private timers: Timer[] = [];

	constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
		this.time = start;
	}

	now(): number {
		return this.time;
	}

	get pendingTimers(): number {
		return this.timers.length;
	}

	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) return Promise.reject(new CancelledError());
		return new Promise((resolve, reject) => {
			const timer: Timer = {
				at: this.time + Math.max(0, ms),
				resolve: () => {
					signal?.removeEventListener('abort', onAbort);
					resolve();
				},
			};
			const onAbort = () => {
				this.timers = this.timers.filter((t) => t !== timer);
				reject(new CancelledError());
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.timers.push(timer);
		});
	}

	/** Moves time forward to `until`, firing timers in order. */
	async advanceTo(until: number): Promise<void> {
		for (let i = 0; i < 100_000; i++) {
			await flush();
			const next = this.earliest();
			if (!next || next.at > until) break;
			this.fire(next);
		}
		this.time = Math.max(this.time, until);
		await flush();
	}

	/** Runs virtual time until `promise` settles; fails if nothing is left to wake it. */
	async run<T>(promise: Promise<T>, maxVirtualMs = 24 * 3600_000): Promise<T> {
		let settled = false;
		promise.then(
			() => (settled = true),
			() => (settled = true),
		);
		const limit = this.time + maxVirtualMs;
		for (let i = 0; i < 1_000_000 && !settled; i++) {
			await flush();
			if (settled) break;
			const next = this.earliest();
			if (!next) throw new Error('FakeClock: the promise waits on something other than the clock');
			if (next.at > limit) throw new Error('FakeClock: virtual time limit reached');
			this.fire(next);
		}
		return await promise;
	}

	private earliest(): Timer | undefined {
		return this.timers.reduce<Timer | undefined>((a, t) => (!a || t.at < a.at ? t : a), undefined);
	}

	private fire(timer: Timer): void {
		this.timers = this.timers.filter((t) => t !== timer);
		this.time = Math.max(this.time, timer.at);
		timer.resolve();
	}
}

/** Lets pending promise callbacks run (several turns: chains are a few deep). */
export async function flush(): Promise<void> {
	for (let i = 0; i < 20; i++) await Promise.resolve();
	await new Promise((resolve) => setImmediate(resolve));
}
