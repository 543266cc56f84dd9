/**
 * What `npm run dev` runs (and the e2e editor test checks): the provider simulator, and the real
 * n8n editor (`n8n start`) with the package installed as a community package, one credential
 * per provider pointing at the simulator, every example workflow imported — its HTTP Request
 * nodes pointed at the simulator, the batch example given simulator jobs, the download example
 * writing into `videosDir` (which N8N_RESTRICT_FILE_ACCESS_TO allows) — and an owner account.
 */
import { mkdirSync } from 'node:fs';

import { DEFAULT_OWNER, startN8nServer, type N8nServer } from '../../n8n-host/n8nHost';
import { startSimulator, type JobRecord, type Simulator } from '../../simulator';
import {
	BATCH_EXAMPLE,
	DOWNLOAD_EXAMPLE,
	exampleFiles,
	loadExample,
	providerCredentials,
	retargetHttpRequests,
	withBatchJobs,
	withDownloadFolder,
	type Workflow,
} from './examples';

export interface DevEnvironmentOptions {
	/** Built package root (package.json + dist/), installed as a community package. */
	packageDir: string;
	/** Editor port (default 5678). */
	port?: number;
	/** Simulator port (its storage host takes the next one); 0 = any free port. Default 0. */
	simulatorPort?: number;
	/** Provider time speed-up. Default 20 (a 3-minute render takes 9 s). */
	timeScale?: number;
	/** Folder the download example writes into (created). */
	videosDir: string;
	/** Stream n8n's own log to this terminal. */
	inheritOutput?: boolean;
}

export interface DevEnvironment {
	sim: Simulator;
	server: N8nServer;
	/** Imported workflows: name and id, in examples/ order. */
	workflows: Array<{ file: string; name: string; id: string }>;
	/** Simulator jobs the batch example waits for. */
	batchJobs: JobRecord[];
	credentials: Array<{ id: string; name: string; type: string }>;
	videosDir: string;
	stop(): Promise<void>;
}

export async function startDevEnvironment(options: DevEnvironmentOptions): Promise<DevEnvironment> {
	const simulatorPort = options.simulatorPort ?? 0;
	const sim = await startSimulator({
		port: simulatorPort,
		storagePort: simulatorPort === 0 ? 0 : simulatorPort + 1,
		timeScale: options.timeScale ?? 20,
	});
	try {
		mkdirSync(options.videosDir, { recursive: true });
		// Jobs "started elsewhere" for the batch example: a mix of quick, slower and one that fails.
		const batchJobs = [
			sim.createJob({ provider: 'geekHub', model: 'runway/gen-4' }),
			sim.createJob({ provider: 'geekHub', outcome: 'failed' }),
			sim.createJob({ provider: 'aiStats' }),
			sim.createJob({ provider: 'reelBot' }),
			sim.createJob({ provider: 'poe' }),
			sim.createJob({ provider: 'hooked' }),
		];
		const files = exampleFiles();
		const workflows: Workflow[] = files.map((file) => {
			let wf = retargetHttpRequests(loadExample(file), sim.baseUrls);
			if (file === BATCH_EXAMPLE) wf = withBatchJobs(wf, batchJobs.map((j) => ({ provider: j.provider, id: j.id })));
			if (file === DOWNLOAD_EXAMPLE) wf = withDownloadFolder(wf, options.videosDir);
			return wf;
		});
		const credentials = providerCredentials(sim.baseUrls, sim.keys, 'dev');
		const server = await startN8nServer({
			port: options.port ?? 5678,
			communityPackageDir: options.packageDir,
			credentials,
			workflows,
			owner: DEFAULT_OWNER,
			inheritOutput: options.inheritOutput,
			env: { N8N_RESTRICT_FILE_ACCESS_TO: options.videosDir },
		});
		let stopping: Promise<void> | undefined;
		return {
			sim,
			server,
			workflows: files.map((file, i) => ({ file, name: String(workflows[i].name), id: server.workflowIds[i] })),
			batchJobs,
			credentials: credentials.map(({ id, name, type }) => ({ id, name, type })),
			videosDir: options.videosDir,
			stop: () => {
				stopping ??= (async () => {
					await server.stop();
					await sim.close();
				})();
				return stopping;
			},
		};
	} catch (error) {
		await sim.close();
		throw error;
	}
}

