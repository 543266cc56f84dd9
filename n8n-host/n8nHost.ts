/**
 * Runs the real n8n 2.8.4 CLI (node_modules/n8n) headless, always asynchronously (spawn): tests
 * serve mock HTTP APIs from their own process, and a synchronous child-process call would block
 * the event loop so the mock could never answer.
 *
 *  - runWorkflowInN8n(): fresh user folder → `n8n import:credentials` → `n8n import:workflow` →
 *    `n8n execute --id=… --rawOutput`, then the run JSON is parsed out of stdout.
 *  - startN8nServer(): `n8n start` (editor + REST) with /healthz wait and owner setup.
 *
 * Our package is loaded either as a custom extension (N8N_CUSTOM_EXTENSIONS=<pkg>/dist, node
 * types `CUSTOM.<name>`) or as a community package copied into
 * <userFolder>/.n8n/nodes/node_modules/<package name> (types `<package name>.<name>`).
 * Every process gets its own N8N_USER_FOLDER, task-runner broker port (and N8N_PORT for
 * start), N8N_DIAGNOSTICS_ENABLED=false and a fixed N8N_ENCRYPTION_KEY.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Objects of n8n's modules (two versions: 2.8 and 2.41) and of n8n's run JSON are handled
 * structurally, so they are typed loosely on purpose.
 */
 
type Dyn = any;

export const N8N_ENCRYPTION_KEY = 'video-poller-e2e-encryption-key';


/* ------------------------------------------------------------------------------------------ */
/* small utilities                                                                            */
/* ------------------------------------------------------------------------------------------ */

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function getFreePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

/** The n8n CLI entry point, from this folder's own install (`npm ci --prefix n8n-host`). */
export function n8nBinPath(): string {
	const bin = path.join(__dirname, 'node_modules/n8n/bin/n8n');
	if (!existsSync(bin)) {
		throw new Error(`n8n is not installed in ${__dirname}: run "npm run n8n:install" (npm ci --prefix n8n-host) first`);
	}
	return bin;
}

function randomId(len = 16): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = randomBytes(len);
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** Extract the first complete top-level JSON object in `text` that starts at a line beginning with `{`. */
export function extractRunJson(text: string): Dyn | undefined {
	const starts: number[] = [];
	if (text.startsWith('{')) starts.push(0);
	for (let i = text.indexOf('\n{'); i !== -1; i = text.indexOf('\n{', i + 1)) starts.push(i + 1);
	for (const start of starts) {
		let depth = 0;
		let inString = false;
		let escaped = false;
		for (let i = start; i < text.length; i++) {
			const c = text[i];
			if (inString) {
				if (escaped) escaped = false;
				else if (c === '\\') escaped = true;
				else if (c === '"') inString = false;
				continue;
			}
			if (c === '"') inString = true;
			else if (c === '{') depth++;
			else if (c === '}') {
				depth--;
				if (depth === 0) {
					try {
						const parsed = JSON.parse(text.slice(start, i + 1));
						if (parsed && typeof parsed === 'object' && parsed.data?.resultData) return parsed;
					} catch {
						/* try the next candidate */
					}
					break;
				}
			}
		}
	}
	return undefined;
}

interface ProcResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	timedOut: boolean;
	ms: number;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* gone */
		}
	}
}

/** Spawn `node <n8n bin> ...args` in its own process group; resolves on exit (never rejects). */
function runN8nCommand(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number, cwd: string): Promise<ProcResult> {
	const started = Date.now();
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [n8nBinPath(), ...args], {
			cwd,
			env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		child.stdout!.setEncoding('utf8').on('data', (d) => (stdout += d));
		child.stderr!.setEncoding('utf8').on('data', (d) => (stderr += d));
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (e) => {
			stderr += `\n[spawn error] ${e.message}`;
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			// the command may leave a task runner behind in its group
			killGroup(child, 'SIGKILL');
			resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
		});
	});
}

export type LoadAs = 'custom' | 'community';

export interface PackageLoadOptions {
	/**
	 * Our package root (containing package.json and the built dist/), or a dist/ folder itself.
	 * Loaded as N8N_CUSTOM_EXTENSIONS=<root>/dist (node types `CUSTOM.<name>`). Pointing
	 * N8N_CUSTOM_EXTENSIONS at a package ROOT would make n8n scan node_modules for *.node.js.
	 */
	customExtensionsDir?: string;
	/**
	 * A package root to install as a community package instead: package.json + dist/ are copied to
	 * <userFolder>/.n8n/nodes/node_modules/<name> (its node_modules/ is symlinked), node types
	 * `<package name>.<name>`.
	 */
	communityPackageDir?: string;
}

function baseEnv(userFolder: string, brokerPort: number, extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env };
	// do not inherit another n8n's settings
	for (const k of Object.keys(env)) if (k.startsWith('N8N_') || k === 'DB_TYPE') delete env[k];
	// under jest NODE_ENV=test: n8n then refuses to load nodes ("Not available in tests") and
	// prints nothing, so the child must not inherit it
	delete env.NODE_ENV;
	delete env.JEST_WORKER_ID;
	Object.assign(env, {
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		NO_COLOR: '1',
	});
	for (const [k, v] of Object.entries(extra)) {
		if (v === undefined) delete env[k];
		else env[k] = v;
	}
	return env;
}

function prepareUserFolder(prefix: string, load: PackageLoadOptions): { userFolder: string; extraEnv: Record<string, string> } {
	const userFolder = mkdtempSync(path.join(tmpdir(), prefix));
	const extraEnv: Record<string, string> = {};
	if (load.customExtensionsDir) {
		let dir = path.resolve(load.customExtensionsDir);
		if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'dist'))) dir = path.join(dir, 'dist');
		if (!existsSync(dir)) throw new Error(`customExtensionsDir ${dir} does not exist (build first?)`);
		extraEnv.N8N_CUSTOM_EXTENSIONS = dir;
	}
	if (load.communityPackageDir) installCommunityPackage(userFolder, load.communityPackageDir);
	return { userFolder, extraEnv };
}

/** Copies a package into <userFolder>/.n8n/nodes/node_modules/<name>, as n8n's installer would leave it. */
export function installCommunityPackage(userFolder: string, packageDir: string): string {
	const src = path.resolve(packageDir);
	const pkg = JSON.parse(readFileSync(path.join(src, 'package.json'), 'utf8'));
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const dest = path.join(nodesDir, 'node_modules', pkg.name);
	mkdirSync(dest, { recursive: true });
	cpSync(path.join(src, 'package.json'), path.join(dest, 'package.json'));
	cpSync(path.join(src, 'dist'), path.join(dest, 'dist'), { recursive: true });
	if (existsSync(path.join(src, 'node_modules'))) {
		symlinkSync(path.join(src, 'node_modules'), path.join(dest, 'node_modules'), 'dir');
	}
	const nodesPkg = path.join(nodesDir, 'package.json');
	if (!existsSync(nodesPkg)) {
		writeFileSync(
			nodesPkg,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [pkg.name]: pkg.version } }, null, 2),
		);
	}
	return dest;
}

/* ------------------------------------------------------------------------------------------ */
/* runWorkflowInN8n                                                                           */
/* ------------------------------------------------------------------------------------------ */

export interface CliCredential {
	id: string;
	name: string;
	type: string;
	/** Plain fields; n8n encrypts them on import with N8N_ENCRYPTION_KEY. */
	data: Record<string, unknown>;
}

export interface RunWorkflowOptions extends PackageLoadOptions {
	/**
	 * n8n workflow JSON: { nodes, connections, settings?, name?, id? }. The first node must be a
	 * Manual Trigger (n8n-nodes-base.manualTrigger). Missing node ids are filled in. A node's
	 * `credentials: { someApi: "<credential id>" }` shorthand is expanded to { id, name }.
	 */
	workflow: Record<string, Dyn>;
	credentials?: CliCredential[];
	/** Overall limit for the three commands. Default 180 s. */
	timeoutMs?: number;
	/** Extra environment for n8n (wins over ours; undefined deletes). */
	env?: Record<string, string | undefined>;
	/** Keep the temp user folder (for debugging). */
	keepUserFolder?: boolean;
}

export interface N8nRunError {
	message: string;
	description?: string | null;
	node?: string;
	name?: string;
	[key: string]: unknown;
}

export interface N8nRunResult {
	/** Exit code of `n8n execute` (0 = success). */
	exitCode: number | null;
	/** Execution status from the run JSON: 'success' | 'error' | 'canceled' ... */
	status?: string;
	/** resultData.runData (undefined if no run JSON could be parsed). */
	runData?: Record<string, Dyn[]>;
	/** The whole run JSON printed by --rawOutput. */
	run?: Dyn;
	/** Items of a node's output (default output 0, last run). [] if the node did not run. */
	lastNodeItems(nodeName: string, outputIndex?: number): Array<{ json: Dyn; binary?: Dyn; pairedItem?: Dyn }>;
	/** The run's error (resultData.error), or a harness-level error (timeout, import failure, no JSON). */
	error?: N8nRunError;
	stdout: string;
	stderr: string;
	timings: { importCredentialsMs: number; importWorkflowMs: number; executeMs: number; totalMs: number };
	userFolder: string;
	workflowId: string;
	/** Workarounds applied (e.g. 'zod-dedupe'). */
	workarounds: string[];
}

function normaliseWorkflow(input: Record<string, Dyn>, credentials: CliCredential[]) {
	const wf = structuredClone(input);
	wf.id ??= randomId();
	wf.name ??= `test workflow ${wf.id}`;
	wf.active ??= false;
	wf.settings ??= { executionOrder: 'v1' };
	wf.connections ??= {};
	for (const node of wf.nodes ?? []) {
		node.id ??= randomUUID();
		node.parameters ??= {};
		node.position ??= [0, 0];
		node.typeVersion ??= 1;
		for (const [type, ref] of Object.entries(node.credentials ?? {})) {
			if (typeof ref === 'string') {
				const c = credentials.find((x) => x.id === ref || x.name === ref);
				if (!c) throw new Error(`node ${node.name}: no credential ${ref} of type ${type}`);
				node.credentials[type] = { id: c.id, name: c.name };
			}
		}
	}
	return wf;
}

export async function runWorkflowInN8n(opts: RunWorkflowOptions): Promise<N8nRunResult> {
	const t0 = Date.now();
	const deadline = t0 + (opts.timeoutMs ?? 180_000);
	const credentials = opts.credentials ?? [];
	const workflow = normaliseWorkflow(opts.workflow, credentials);
	const { userFolder, extraEnv } = prepareUserFolder('vp-n8n-run-', opts);
	const brokerPort = await getFreePort();
	const env = baseEnv(userFolder, brokerPort, { ...extraEnv, ...(opts.env ?? {}) });
	const workarounds: string[] = [];

	let stdout = '';
	let stderr = '';
	const timings = { importCredentialsMs: 0, importWorkflowMs: 0, executeMs: 0, totalMs: 0 };
	const finish = (r: Partial<N8nRunResult> & { exitCode: number | null }): N8nRunResult => {
		timings.totalMs = Date.now() - t0;
		if (!opts.keepUserFolder) rmSync(userFolder, { recursive: true, force: true });
		const run = r.run;
		return {
			stdout,
			stderr,
			timings,
			userFolder,
			workflowId: workflow.id,
			workarounds,
			...r,
			lastNodeItems(nodeName: string, outputIndex = 0) {
				const runs = run?.data?.resultData?.runData?.[nodeName];
				if (!runs?.length) return [];
				return runs[runs.length - 1]?.data?.main?.[outputIndex] ?? [];
			},
		};
	};
	const step = async (label: string, args: string[]) => {
		const remaining = deadline - Date.now();
		const res = await runN8nCommand(args, env, Math.max(remaining, 1000), userFolder);
		stdout += `\n----- n8n ${label} -----\n${res.stdout}`;
		stderr += `\n----- n8n ${label} -----\n${res.stderr}`;
		return res;
	};

	try {
		if (credentials.length) {
			const file = path.join(userFolder, 'credentials.json');
			writeFileSync(file, JSON.stringify(credentials, null, 2));
			const r = await step('import:credentials', ['import:credentials', `--input=${file}`]);
			timings.importCredentialsMs = r.ms;
			if (r.code !== 0 || r.timedOut) {
				return finish({ exitCode: r.code, error: { message: `import:credentials failed${r.timedOut ? ' (timeout)' : ''}: ${tail(r.stderr || r.stdout)}` } });
			}
		}
		const wfFile = path.join(userFolder, 'workflow.json');
		writeFileSync(wfFile, JSON.stringify([workflow], null, 2));
		const w = await step('import:workflow', ['import:workflow', `--input=${wfFile}`]);
		timings.importWorkflowMs = w.ms;
		if (w.code !== 0 || w.timedOut) {
			return finish({ exitCode: w.code, error: { message: `import:workflow failed${w.timedOut ? ' (timeout)' : ''}: ${tail(w.stderr || w.stdout)}` } });
		}
		const x = await step('execute', ['execute', `--id=${workflow.id}`, '--rawOutput']);
		timings.executeMs = x.ms;
		const run = extractRunJson(x.stdout);
		let error: N8nRunError | undefined;
		if (x.timedOut) error = { message: `n8n execute timed out after ${opts.timeoutMs ?? 180_000} ms` };
		else if (run?.data?.resultData?.error) {
			const e = run.data.resultData.error;
			error = { ...e, message: e.message, description: e.description, node: e.node?.name ?? e.node };
		} else if (!run) {
			error = { message: `no run JSON in n8n output (exit ${x.code}): ${tail(x.stderr || x.stdout)}` };
		} else if (x.code !== 0) {
			error = { message: `n8n execute exited ${x.code}` };
		}
		return finish({
			exitCode: x.code,
			status: run?.status,
			run,
			runData: run?.data?.resultData?.runData,
			...(error ? { error } : {}),
		});
	} catch (e) {
		return finish({ exitCode: null, error: { message: (e as Error).message } });
	}
}

function tail(s: string, n = 1500): string {
	return s.length > n ? '…' + s.slice(-n) : s;
}

/* ------------------------------------------------------------------------------------------ */
/* startN8nServer                                                                             */
/* ------------------------------------------------------------------------------------------ */

export interface StartN8nServerOptions extends PackageLoadOptions {
	/** Editor/REST port. Default: a free port. */
	port?: number;
	/** Owner to create through POST /rest/owner/setup; false to leave the setup page. */
	owner?: { email: string; firstName: string; lastName: string; password: string } | false;
	/** Imported before start. */
	credentials?: CliCredential[];
	workflows?: Array<Record<string, Dyn>>;
	env?: Record<string, string | undefined>;
	/** How long to wait for /healthz. Default 120 s. */
	startTimeoutMs?: number;
	keepUserFolder?: boolean;
	/** Stream n8n's output to this process's stdout/stderr. */
	inheritOutput?: boolean;
}

export interface N8nServer {
	url: string;
	port: number;
	userFolder: string;
	owner?: { email: string; firstName: string; lastName: string; password: string };
	/** Cookie header value (n8n-auth=…) of the owner session, when the owner was set up. */
	authCookie?: string;
	/** Workflow ids as imported (same order as options.workflows). */
	workflowIds: string[];
	/** n8n's output so far. */
	logs(): { stdout: string; stderr: string };
	/** Kill the whole process group (n8n + task runners) and remove the user folder. */
	stop(): Promise<void>;
}

export const DEFAULT_OWNER = {
	email: 'owner@example.com',
	firstName: 'Test',
	lastName: 'Owner',
	password: 'Passw0rd-Video',
};

async function waitForHealthz(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) throw new Error(`n8n exited (${child.exitCode ?? child.signalCode}) before it was ready`);
		try {
			const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
			if (res.ok) {
				// /healthz answers while n8n still serves "n8n is starting up. Please wait" (200,
				// text/html) for every other path; the REST API is up once /rest/settings is JSON
				const s = await fetch(`${url}/rest/settings`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
				if (s?.ok && (s.headers.get('content-type') ?? '').includes('json')) return;
			}
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 300));
	}
	throw new Error(`n8n did not answer ${url}/healthz within ${timeoutMs} ms`);
}

export async function startN8nServer(opts: StartN8nServerOptions = {}): Promise<N8nServer> {
	const { userFolder, extraEnv } = prepareUserFolder('vp-n8n-server-', opts);
	const port = opts.port ?? (await getFreePort());
	const brokerPort = await getFreePort();
	const env = baseEnv(userFolder, brokerPort, {
		...extraEnv,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		...(opts.env ?? {}),
	});
	const url = `http://127.0.0.1:${port}`;

	const workflowIds: string[] = [];
	const credentials = opts.credentials ?? [];
	if (credentials.length) {
		const file = path.join(userFolder, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials, null, 2));
		const r = await runN8nCommand(['import:credentials', `--input=${file}`], env, 120_000, userFolder);
		if (r.code !== 0) throw new Error(`import:credentials failed: ${tail(r.stderr || r.stdout)}`);
	}
	if (opts.workflows?.length) {
		const wfs = opts.workflows.map((w) => normaliseWorkflow(w, credentials));
		workflowIds.push(...wfs.map((w) => w.id));
		const file = path.join(userFolder, 'workflows.json');
		writeFileSync(file, JSON.stringify(wfs, null, 2));
		const r = await runN8nCommand(['import:workflow', `--input=${file}`], env, 120_000, userFolder);
		if (r.code !== 0) throw new Error(`import:workflow failed: ${tail(r.stderr || r.stdout)}`);
	}

	const child = spawn(process.execPath, [n8nBinPath(), 'start'], {
		cwd: userFolder,
		env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout!.setEncoding('utf8').on('data', (d) => {
		stdout += d;
		if (opts.inheritOutput) process.stdout.write(d);
	});
	child.stderr!.setEncoding('utf8').on('data', (d) => {
		stderr += d;
		if (opts.inheritOutput) process.stderr.write(d);
	});
	const exited = new Promise<void>((r) => child.once('close', () => r()));

	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		if (child.exitCode === null && child.signalCode === null) {
			killGroup(child, 'SIGTERM');
			const t = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
			await exited;
			clearTimeout(t);
		}
		// task runners may outlive the main process: make sure the group is gone
		killGroup(child, 'SIGKILL');
		if (!opts.keepUserFolder) rmSync(userFolder, { recursive: true, force: true });
	};

	try {
		await waitForHealthz(url, opts.startTimeoutMs ?? 120_000, child);
		let owner: N8nServer['owner'];
		let authCookie: string | undefined;
		if (opts.owner !== false) {
			owner = opts.owner ?? DEFAULT_OWNER;
			const res = await fetch(`${url}/rest/owner/setup`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(owner),
			});
			if (!res.ok) throw new Error(`owner setup failed: ${res.status} ${await res.text()}`);
			const setCookie = res.headers.getSetCookie?.() ?? [];
			const auth = setCookie.find((c) => c.startsWith('n8n-auth='));
			if (auth) authCookie = auth.split(';')[0];
		}
		return { url, port, userFolder, owner, authCookie, workflowIds, logs: () => ({ stdout, stderr }), stop };
	} catch (e) {
		await stop();
		throw new Error(`${(e as Error).message}\n--- n8n stdout ---\n${tail(stdout)}\n--- n8n stderr ---\n${tail(stderr)}`);
	}
}
