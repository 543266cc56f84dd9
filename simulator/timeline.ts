/**
 * A job's life: queued → processing (progress 0→99, linear) → terminal. Computed from real time
 * and the job's schedule, so no timer runs per job.
 */
import type { JobOutcome, SimStatus } from './types';

export interface Schedule {
	createdAt: number;
	startedAt: number;
	terminalAt: number;
	outcome: JobOutcome;
}

export interface JobView {
	status: SimStatus;
	terminal: boolean;
	/** 0–100. */
	progress: number;
	createdAt: number;
	/** null while queued. */
	startedAt: number | null;
	/** Last change: creation, the last whole-percent progress step, or the terminal moment. */
	updatedAt: number;
	/** null until terminal. */
	completedAt: number | null;
}

export function viewAt(s: Schedule, now: number): JobView {
	const span = s.terminalAt - s.startedAt;
	if (now >= s.terminalAt) {
		const progress = s.outcome === 'completed' ? 100 : span > 0 ? 99 : 0;
		return {
			status: s.outcome,
			terminal: true,
			progress,
			createdAt: s.createdAt,
			startedAt: s.startedAt,
			updatedAt: s.terminalAt,
			completedAt: s.terminalAt,
		};
	}
	if (now < s.startedAt) {
		return { status: 'queued', terminal: false, progress: 0, createdAt: s.createdAt, startedAt: null, updatedAt: s.createdAt, completedAt: null };
	}
	const progress = Math.min(99, Math.floor((99 * (now - s.startedAt)) / span));
	return {
		status: 'processing',
		terminal: false,
		progress,
		createdAt: s.createdAt,
		startedAt: s.startedAt,
		updatedAt: s.startedAt + Math.floor((progress * span) / 99),
		completedAt: null,
	};
}

export const unixSeconds = (ms: number): number => Math.floor(ms / 1000);
export const iso = (ms: number): string => new Date(ms).toISOString();
