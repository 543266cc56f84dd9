/**
 * Job durations for the scenarios, drawn with a seeded PRNG from the typical times in
 * /work/shared/seeds/geekhub-get-video-job.md ("How often to poll" table), in provider time;
 * the simulator divides them by its timeScale.
 */
import { GEEKHUB_MODELS } from '../simulator';
import { between, mulberry32 } from '../simulator/prng';

export interface DrawnJob {
	model: string;
	/** Creation → terminal, provider ms. */
	durationMs: number;
	/** The queued part, provider ms (as the simulator draws GeekHub's: ≤ 20 %, 2–15 s). */
	queuedMs: number;
}

/** Jobs of one batch: each a model of the seed's table (uniformly), its total time uniform in the model's range. */
export function drawBatch(count: number, seed: number): DrawnJob[] {
	const rand = mulberry32(seed);
	return Array.from({ length: count }, () => {
		const row = GEEKHUB_MODELS[Math.floor(rand() * GEEKHUB_MODELS.length)]!;
		const [lo, hi] = row.totalSeconds;
		const durationMs = Math.round(between(rand, lo, hi) * 1000);
		const queuedMs = Math.round(Math.min(durationMs * 0.2, between(rand, 2000, 15_000)));
		return { model: row.model, durationMs, queuedMs };
	});
}
