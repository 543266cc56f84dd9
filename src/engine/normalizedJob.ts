import type { JobSnapshot, NormalizedJob, PollingStats, ProviderId } from '../providers/types';
import { isTerminal } from '../providers/types';

/** The contract's output object, fields in the contract's order. */
export function toNormalizedJob(
	provider: ProviderId,
	jobId: string,
	snapshot: JobSnapshot,
	polling: PollingStats,
	includeRaw: boolean,
): NormalizedJob {
	const done = isTerminal(snapshot.status);
	// Only a completed job has a finished video; some providers show an access URL all along.
	const videoUrl = snapshot.status === 'completed' ? snapshot.videoUrl : null;
	const job: NormalizedJob = {
		provider,
		jobId,
		status: snapshot.status,
		providerStatus: snapshot.providerStatus,
		done,
		progress: snapshot.status === 'completed' ? 100 : snapshot.progress,
		videoUrl,
		videoUrlRequiresAuth: videoUrl ? snapshot.videoUrlRequiresAuth : false,
		videoUrlExpiresAt: videoUrl ? snapshot.videoUrlExpiresAt : null,
		thumbnailUrl: snapshot.thumbnailUrl,
		durationSeconds: snapshot.durationSeconds,
		model: snapshot.model,
		createdAt: snapshot.createdAt,
		updatedAt: snapshot.updatedAt,
		completedAt: snapshot.completedAt,
		error: snapshot.error,
		polling,
	};
	if (includeRaw) job.raw = snapshot.raw;
	return job;
}
