/**
 * Runs ONE node inside a real n8n workflow execution, in-process, through n8n-core's
 * `WorkflowExecute` — no mocked IExecuteFunctions. Modelled on n8n's own
 * packages/core/nodes-testing/node-test-harness.ts (a `Workflow`, a credentials helper,
 * `ExecutionLifecycleHooks` whose `workflowExecuteAfter` resolves the run, `additionalData`
 * carrying both), written from scratch so that it works on n8n-core 2.8 AND 2.41.
 *
 * Workflow built for each run:   Start (harness stand-in, passes `inputItems` through)
 *                                  └──> <node under test>
 * The node sees the items with `pairedItem` set by the engine, exactly as after a real trigger.
 *
 * WHICH n8n IS USED (2.8 vs 2.41) — the mechanism
 * ------------------------------------------------
 * n8n-workflow is a peer dependency of a community node: at run time the node and the host's
 * n8n-core must share ONE copy of n8n-workflow (errors are checked with `instanceof`, the
 * expression engine is a singleton, ...). So the version is chosen by MODULE RESOLUTION, for
 * the harness and the node under test together, never by handing the harness other objects:
 *  - default (jest.config.js projects `n8n`, `test/harness-selftest/jest.config.js`):
 *    `require('n8n-core')` / `require('n8n-workflow')` resolve to /work/main/node_modules,
 *    i.e. n8n-core 2.8.1 + n8n-workflow 2.8.0 (what n8n 2.8.4 pins).
 *  - compat (`test/compat/jest.config.js`): jest `moduleNameMapper` maps
 *    `^n8n-workflow(/.*)?$` and `^n8n-core(/.*)?$` to test/compat/node_modules/… (2.41.x).
 *    Jest applies the mapper to EVERY require inside its module registry — this harness, the
 *    node under test (src or dist) and n8n-core's own `require('n8n-workflow')` — so all of
 *    them get the single 2.41 copy. `@n8n/di` (the DI container holding BinaryDataService) is
 *    resolved from next to whichever n8n-core was loaded, so it is that n8n-core's copy too.
 *  - outside jest (tsx / plain node): `node -r ./test/compat/register.cjs …` installs the same
 *    redirection with a Module._resolveFilename hook.
 * `HarnessOptions.n8nCore / n8nWorkflow / di` let a caller pass modules explicitly, but they
 * MUST be the same copies the node under test resolves; normally leave them unset.
 *
 * N8N_USER_FOLDER: n8n-core's InstanceSettings writes an encryption key under
 * `$N8N_USER_FOLDER/.n8n` the first time the container builds it. This module points that at
 * a temp folder (unless already set) BEFORE n8n-core is first required (it is required
 * lazily, inside runNode).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IRun,
	IRunData,
} from 'n8n-workflow';

/**
 * Objects of n8n's modules (two versions: 2.8 and 2.41) and of n8n's run JSON are handled
 * structurally, so they are typed loosely on purpose.
 */
 
type Dyn = any;

/** Temp folders this module created; removed when the process exits. */
const tempDirs: string[] = [];
function makeTempDir(prefix: string): string {
	const dir = mkdtempSync(path.join(tmpdir(), prefix));
	if (tempDirs.length === 0) {
		const cleanup = () => {
			for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
		};
		// under jest, process 'exit' handlers registered from a test sandbox do not run: use afterAll
		const jestAfterAll = (globalThis as { afterAll?: (fn: () => void) => void }).afterAll;
		if (typeof jestAfterAll === 'function') jestAfterAll(cleanup);
		else process.once('exit', cleanup);
	}
	tempDirs.push(dir);
	return dir;
}

const inheritedUserFolder = process.env.N8N_USER_FOLDER;
// (a folder of ours removed by an earlier test file in the same jest worker is replaced)
if (!inheritedUserFolder || (inheritedUserFolder.includes('vp-harness-user-') && !existsSync(inheritedUserFolder))) {
	process.env.N8N_USER_FOLDER = makeTempDir('vp-harness-user-');
}
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
process.env.N8N_ENCRYPTION_KEY ??= 'video-poller-harness-key';
// n8n-core 2.41's logger (winston) prints every node error to the console; set N8N_LOG_LEVEL to see them
process.env.N8N_LOG_LEVEL ??= 'silent';

/* ------------------------------------------------------------------------------------------ */
/* modules                                                                                    */
/* ------------------------------------------------------------------------------------------ */

export interface HarnessOptions {
	/** n8n-core module; default `require('n8n-core')` (see the header for how 2.41 is chosen). */
	n8nCore?: Dyn;
	/** n8n-workflow module; default `require('n8n-workflow')`. */
	n8nWorkflow?: Dyn;
	/** @n8n/di module used by that n8n-core; default: resolved next to n8n-core. */
	di?: Dyn;
}

export interface LoadedModules {
	core: Dyn;
	workflow: Dyn;
	di: Dyn;
	coreVersion: string;
	workflowVersion: string;
}

let cachedDefault: LoadedModules | undefined;

/** Loads (and caches) the n8n modules the harness runs on. Exported for tests that assert versions. */
export function loadN8nModules(opts: HarnessOptions = {}): LoadedModules {
	const useDefault = !opts.n8nCore && !opts.n8nWorkflow && !opts.di;
	if (useDefault && cachedDefault) return cachedDefault;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const core = opts.n8nCore ?? require('n8n-core');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const workflow = opts.n8nWorkflow ?? require('n8n-workflow');
	let di = opts.di;
	let coreVersion = 'unknown';
	let workflowVersion = 'unknown';
	try {
		// Under jest, require.resolve honours moduleNameMapper, so this is the n8n-core actually used.
		const corePkg = require.resolve('n8n-core/package.json');
		if (!opts.n8nCore) {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			coreVersion = require(corePkg).version;
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			di ??= require(require.resolve('@n8n/di', { paths: [path.dirname(corePkg)] }));
		}
	} catch {
		/* fall through */
	}
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		if (!opts.n8nWorkflow) workflowVersion = require('n8n-workflow/package.json').version;
	} catch {
		/* ignore */
	}
	if (!di) {
		throw new Error(
			'workflowExecuteHarness: pass HarnessOptions.di (the @n8n/di module of the n8n-core you passed)',
		);
	}
	const loaded = { core, workflow, di, coreVersion, workflowVersion };
	if (useDefault) cachedDefault = loaded;
	unrefCoreTimers(loaded);
	return loaded;
}

/**
 * n8n-core 2.8's SSHClientsManager (built by the container on the first node execution) starts a
 * ref'd 60 s setInterval that keeps a test process alive ("Jest did not exit"); 2.41 unrefs it.
 * Build it now and unref its timer.
 */
function unrefCoreTimers(m: LoadedModules): void {
	try {
		const corePkg = require.resolve('n8n-core/package.json');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const mod = require(path.join(path.dirname(corePkg), 'dist/execution-engine/ssh-clients-manager.js'));
		const manager = m.di.Container.get(mod.SSHClientsManager);
		manager?.cleanupTimer?.unref?.();
	} catch {
		/* not present in this n8n-core version: nothing to do */
	}
}

/* ------------------------------------------------------------------------------------------ */
/* binary data                                                                                */
/* ------------------------------------------------------------------------------------------ */

export type BinaryMode = 'memory' | 'filesystem';
const binaryInitDone = new WeakMap<object, BinaryMode>();

/**
 * Without an initialised manager, n8n-core's BinaryDataService keeps binaries in memory
 * (base64 in `binary.data`) — n8n's old "default" mode. `filesystem` stores them on disk like
 * n8n 2.x does by default (`binary.id = 'filesystem-v2:…'`, `data` = the mode name). Use
 * `readBinary()` to get the bytes in either mode.
 */
async function ensureBinaryDataService(m: LoadedModules, mode: BinaryMode): Promise<void> {
	const service = m.di.Container.get(m.core.BinaryDataService);
	if (binaryInitDone.get(service) === mode) return;
	if (mode === 'filesystem') {
		const storage = makeTempDir('vp-harness-binary-');
		// 2.8 and 2.41: init() reads its settings from the injected BinaryDataConfig.
		service.config.localStoragePath = storage;
		service.config.mode = 'filesystem';
		if (Array.isArray(service.config.availableModes) && !service.config.availableModes.includes('filesystem')) {
			service.config.availableModes.push('filesystem');
		}
		await service.init();
	} else {
		// memory: no manager registered for the current mode → store() keeps base64 in the item.
		service.mode = 'default';
	}
	binaryInitDone.set(service, mode);
}

/** The bytes of `item.binary[property]`, whatever the binary mode. */
export async function readBinary(
	item: INodeExecutionData,
	property = 'data',
	modules?: HarnessOptions,
): Promise<Buffer> {
	const binary = item.binary?.[property];
	if (!binary) throw new Error(`item has no binary property "${property}"`);
	if (!binary.id) return Buffer.from(binary.data, 'base64');
	const m = loadN8nModules(modules);
	return await m.di.Container.get(m.core.BinaryDataService).getAsBuffer(binary);
}

/* ------------------------------------------------------------------------------------------ */
/* credentials helper                                                                         */
/* ------------------------------------------------------------------------------------------ */

export interface CredentialCall {
	method: string;
	type?: string;
}

/**
 * Our ICredentialsHelper: hands the node the test credentials, as n8n's CLI CredentialsHelper
 * would after decryption — defaults of the credential type applied (getNodeParameters), then
 * expressions resolved — and authenticates requests the way n8n does: a function `authenticate`
 * is called, a `generic` one has each `={{ $credentials.x }}` resolved by the workflow's real
 * expression engine (`workflow.expression.getSimpleParameterValue`, mode 'internal').
 * It does not extend n8n-workflow's abstract ICredentialsHelper, so no module copy is baked in.
 */
export class HarnessCredentialsHelper {
	readonly calls: CredentialCall[] = [];

	constructor(
		private readonly workflowModule: Dyn,
		private readonly credentialTypes: Record<string, ICredentialType>,
		private readonly store: Record<string, ICredentialDataDecryptedObject>,
		private readonly usableByNode: (credType: string, nodeType: string) => boolean = () => true,
	) {}

	private typeDef(type: string): ICredentialType {
		const def = this.credentialTypes[type];
		if (!def) throw new Error(`harness: unknown credential type "${type}"`);
		return def;
	}

	getParentTypes(type: string): string[] {
		const out: string[] = [];
		let ext = this.credentialTypes[type]?.extends ?? [];
		while (ext.length) {
			out.push(...ext);
			ext = ext.flatMap((e) => this.credentialTypes[e]?.extends ?? []);
		}
		return out;
	}

	getCredentialsProperties(type: string) {
		const def = this.typeDef(type);
		const props = [...def.properties];
		for (const parent of this.getParentTypes(type)) {
			for (const p of this.credentialTypes[parent]?.properties ?? []) {
				if (!props.some((q) => q.name === p.name)) props.push(p);
			}
		}
		return props;
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		this.calls.push({ method: 'isCredentialUsableByNode', type: credentialType });
		return this.usableByNode(credentialType, nodeType);
	}

	getOAuth2Options(type: string) {
		return (this.credentialTypes[type] as Dyn)?.oauth2;
	}

	async getDecrypted(
		_additionalData: unknown,
		_nodeCredentials: unknown,
		type: string,
		mode?: string,
		executeData?: unknown,
		raw?: boolean,
		expressionResolveValues?: Dyn,
	): Promise<ICredentialDataDecryptedObject> {
		this.calls.push({ method: 'getDecrypted', type });
		const stored = this.store[type];
		if (!stored) throw new Error(`harness: no test credentials of type "${type}"`);
		const original = structuredClone(stored);
		if (raw === true) return original;
		const { NodeHelpers } = this.workflowModule;
		let data =
			NodeHelpers.getNodeParameters(this.getCredentialsProperties(type), original, true, false, null, null) ?? {};
		if (expressionResolveValues) {
			const e = expressionResolveValues;
			data = e.workflow.expression.getParameterValue(
				data,
				e.runExecutionData,
				e.runIndex,
				e.itemIndex,
				e.node.name,
				e.connectionInputData,
				mode ?? 'manual',
				{},
				executeData,
				false,
				data,
			);
		}
		return data as ICredentialDataDecryptedObject;
	}

	async getCredentials(nodeCredentials: { id: string | null; name: string }, type: string) {
		this.calls.push({ method: 'getCredentials', type });
		return { id: nodeCredentials.id, name: nodeCredentials.name, type, getData: () => this.store[type] };
	}

	async updateCredentials(_nodeCredentials: unknown, type: string, data: ICredentialDataDecryptedObject) {
		this.calls.push({ method: 'updateCredentials', type });
		this.store[type] = { ...data };
	}

	async updateCredentialsOauthTokenData(_nodeCredentials: unknown, type: string, data: ICredentialDataDecryptedObject) {
		this.calls.push({ method: 'updateCredentialsOauthTokenData', type });
		this.store[type] = { ...(this.store[type] ?? {}), ...data };
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incoming: IHttpRequestOptions,
		workflow: Dyn,
		node: INode,
	): Promise<IHttpRequestOptions> {
		this.calls.push({ method: 'authenticate', type: typeName });
		const requestOptions = incoming as Dyn;
		const def = this.typeDef(typeName);
		const auth = def.authenticate as Dyn;
		if (!auth) return requestOptions;
		if (typeof auth === 'function') return await auth(credentials, requestOptions);
		requestOptions.headers ??= {};
		if (auth.type === 'generic') {
			for (const [outerKey, outerValue] of Object.entries(auth.properties ?? {})) {
				for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
					const k = String(this.resolveValue(key, credentials, workflow, node));
					const v = this.resolveValue(value, credentials, workflow, node);
					requestOptions[outerKey] ??= {};
					requestOptions[outerKey][k] = v;
				}
			}
		}
		return requestOptions;
	}

	private resolveValue(value: unknown, credentials: ICredentialDataDecryptedObject, workflow: Dyn, node: INode) {
		if (typeof value !== 'string' || !value.startsWith('=')) return value;
		const out = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		return out ? String(out) : '';
	}

	async preAuthentication(
		helpers: unknown,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const def = this.typeDef(typeName) as Dyn;
		const expirable = def.properties.find(
			(p: Dyn) => p.type === 'hidden' && p?.typeOptions?.expirable === true,
		);
		if (!expirable || typeof def.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		this.calls.push({ method: 'preAuthentication', type: typeName });
		const output = await def.preAuthentication.call(helpers, credentials);
		if (output?.[expirable.name] === undefined) return undefined;
		this.store[typeName] = { ...(this.store[typeName] ?? {}), ...output };
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(helpers: unknown, credentials: ICredentialDataDecryptedObject, typeName: string) {
		const def = this.typeDef(typeName) as Dyn;
		if (typeof def.preAuthentication !== 'function') return undefined;
		return await def.preAuthentication.call(helpers, credentials);
	}
}

/* ------------------------------------------------------------------------------------------ */
/* runNode                                                                                    */
/* ------------------------------------------------------------------------------------------ */

export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

export interface RunNodeOptions {
	/** The node class (`new VideoPoller()`), or an instance. */
	nodeClass: (new () => INodeType) | INodeType;
	/** Credential type instances by name (`{ geekHubApi: new GeekHubApi() }`), or an array of instances. */
	credentialTypes?: Record<string, ICredentialType> | ICredentialType[];
	/** Plain (decrypted) credential data by credential type name; defaults of the type are applied. */
	credentials?: Record<string, Record<string, unknown>>;
	/** The node's parameters as saved in a workflow (expressions start with `=`). */
	parameters: Record<string, unknown>;
	/** Items fed into the node (via the Start stand-in). Default: one `{ json: {} }`. */
	inputItems?: INodeExecutionData[];
	/** Node setting "On Error". */
	onError?: OnError;
	/** Legacy node setting; same as onError 'continueRegularOutput'. */
	continueOnFail?: boolean;
	/** Other node settings (retryOnFail, maxTries, waitBetweenTries, alwaysOutputData, ...). */
	nodeSettings?: Partial<INode>;
	/** Aborting it cancels the execution the way n8n does (PCancelable.cancel() → abort controller). */
	signal?: AbortSignal;
	/** After a cancel, how long to wait for the node to return before giving up on it. Default 5000. */
	cancelGraceMs?: number;
	/** n8n's workflow-level execution timeout (additionalData.executionTimeoutTimestamp). */
	executionTimeoutMs?: number;
	/** Node name in the workflow. Default 'Node under test'. */
	nodeName?: string;
	/** Node type string. Default `CUSTOM.<description.name>` (as with N8N_CUSTOM_EXTENSIONS). */
	nodeTypeName?: string;
	typeVersion?: number;
	/** Execution mode. Default 'manual'. */
	mode?: string;
	/** Binary data storage; default 'memory' (base64 in the item). */
	binaryMode?: BinaryMode;
	/** Decides isCredentialUsableByNode; default: always true. */
	credentialUsableByNode?: (credentialType: string, nodeType: string) => boolean;
	/** Which n8n modules to use (see header). Normally unset. */
	modules?: HarnessOptions;
}

export interface HarnessError {
	message: string;
	description?: string | null;
	name?: string;
	httpCode?: string | null;
	context?: IDataObject;
	node?: string;
	[key: string]: unknown;
}

export interface RunNodeResult {
	/** Main output 0 of the node under test (its first run). */
	items: INodeExecutionData[];
	/** Output 1 when onError = 'continueErrorOutput'. */
	errorItems?: INodeExecutionData[];
	/** All outputs of the node under test. */
	outputs: INodeExecutionData[][];
	/** The run's error (node threw and the workflow stopped, or cancelled). */
	error?: HarnessError;
	/** The node's own task error (runData[node][0].error), if any. */
	nodeError?: HarnessError;
	/** Execution status as n8n reports it: 'success' | 'error' | 'canceled' | ... */
	status: string;
	/** Full runData of the execution. */
	runData: IRunData;
	/** The full IRun. */
	run: IRun;
	/** Credentials helper calls (getDecrypted, authenticate, ...). */
	credentialCalls: CredentialCall[];
	/** Cancellation bookkeeping when `signal` aborted. */
	cancel?: { requested: boolean; nodeReturnedWithinGrace: boolean; msFromCancelToEnd: number };
	/** Wall time of processRunExecutionData. */
	durationMs: number;
	/** Versions actually used. */
	versions: { n8nCore: string; n8nWorkflow: string };
}

const START_TYPE = 'harness.start';

function startNodeType(): INodeType {
	const description: INodeTypeDescription = {
		displayName: 'Harness Start',
		name: START_TYPE,
		group: ['input'],
		version: 1,
		description: 'Passes the harness input items on',
		defaults: { name: 'Start' },
		inputs: ['main'] as Dyn,
		outputs: ['main'] as Dyn,
		properties: [],
	};
	return {
		description,
		async execute(this: Dyn) {
			return [this.getInputData()];
		},
	} as INodeType;
}

function toError(e: Dyn): HarnessError | undefined {
	if (!e) return undefined;
	const out: HarnessError = { ...e, message: String(e.message ?? e) };
	for (const k of ['description', 'name', 'httpCode', 'context', 'stack'] as const) {
		if (e[k] !== undefined) (out as Dyn)[k] = e[k];
	}
	if (e.node?.name) out.node = e.node.name;
	return out;
}

function deferred<T>() {
	let resolve!: (v: T) => void;
	let reject!: (e: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

export async function runNode(opts: RunNodeOptions): Promise<RunNodeResult> {
	const m = loadN8nModules(opts.modules);
	const { Workflow, NodeHelpers } = m.workflow;
	const { WorkflowExecute, ExecutionLifecycleHooks } = m.core;
	await ensureBinaryDataService(m, opts.binaryMode ?? 'memory');

	const nodeType: INodeType =
		typeof opts.nodeClass === 'function' ? new (opts.nodeClass as new () => INodeType)() : opts.nodeClass;
	const description = nodeType.description;
	const typeName = opts.nodeTypeName ?? `CUSTOM.${description.name}`;
	const typeVersion =
		opts.typeVersion ??
		(Array.isArray(description.version) ? Math.max(...description.version) : description.version);
	const nodeName = opts.nodeName ?? 'Node under test';

	const credentialTypes: Record<string, ICredentialType> = Array.isArray(opts.credentialTypes)
		? Object.fromEntries(opts.credentialTypes.map((c) => [c.name, c]))
		: { ...(opts.credentialTypes ?? {}) };
	const store: Record<string, ICredentialDataDecryptedObject> = structuredClone(
		(opts.credentials ?? {}) as Record<string, ICredentialDataDecryptedObject>,
	);
	const credentialsHelper = new HarnessCredentialsHelper(
		m.workflow,
		credentialTypes,
		store,
		opts.credentialUsableByNode,
	);

	const types: Record<string, INodeType> = { [START_TYPE]: startNodeType(), [typeName]: nodeType };
	const nodeTypes = {
		getByName: (type: string) => {
			const t = types[type];
			if (!t) throw new Error(`harness: unknown node type "${type}"`);
			return t;
		},
		getByNameAndVersion: (type: string, version?: number) =>
			NodeHelpers.getVersionedNodeType(nodeTypes.getByName(type), version),
		getKnownTypes: () => ({}),
	};

	const nodeCredentials: Record<string, { id: string; name: string }> = {};
	for (const type of Object.keys(store)) nodeCredentials[type] = { id: `cred-${type}`, name: `${type} (test)` };

	const startNode: INode = {
		id: 'harness-start',
		name: 'Start',
		type: START_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodeUnderTest: INode = {
		id: 'harness-node',
		name: nodeName,
		type: typeName,
		typeVersion,
		position: [200, 0],
		parameters: opts.parameters as Dyn,
		credentials: nodeCredentials,
		...(opts.onError ? { onError: opts.onError } : {}),
		...(opts.continueOnFail ? { continueOnFail: true } : {}),
		...(opts.nodeSettings ?? {}),
	} as INode;

	const workflow = new Workflow({
		id: 'harness-workflow',
		name: 'Harness workflow',
		nodes: [startNode, nodeUnderTest],
		connections: { Start: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } },
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
		staticData: {},
	});

	const executionId = `harness-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
	const mode = opts.mode ?? 'manual';
	const workflowData = {
		id: 'harness-workflow',
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		nodes: [startNode, nodeUnderTest],
		connections: workflow.connectionsBySourceNode,
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const after = deferred<IRun>();
	hooks.addHandler('workflowExecuteAfter', (fullRunData: IRun) => after.resolve(fullRunData));

	const additionalData: Record<string, unknown> = {
		hooks,
		credentialsHelper,
		executionId,
		currentNodeExecutionIndex: 0,
		currentNodeParameters: undefined,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		variables: {},
		userId: 'harness-user',
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
		logAiEvent: () => {},
		executeWorkflow: async () => {
			throw new Error('harness: executeWorkflow is not supported');
		},
		getRunExecutionData: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('harness: task runners are not supported');
		},
		...(opts.executionTimeoutMs ? { executionTimeoutTimestamp: Date.now() + opts.executionTimeoutMs } : {}),
	};

	const inputItems = opts.inputItems ?? [{ json: {} }];
	const runExecutionData = m.workflow.createRunExecutionData
		? m.workflow.createRunExecutionData({
				executionData: {
					nodeExecutionStack: [{ node: startNode, data: { main: [inputItems] }, source: null }],
				},
			})
		: {
				startData: {},
				resultData: { runData: {} },
				executionData: {
					contextData: {},
					metadata: {},
					nodeExecutionStack: [{ node: startNode, data: { main: [inputItems] }, source: null }],
					waitingExecution: {},
					waitingExecutionSource: {},
				},
			};

	const started = Date.now();
	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	const execution = workflowExecute.processRunExecutionData(workflow);

	let cancelInfo: RunNodeResult['cancel'];
	let onAbort: (() => void) | undefined;
	const cancelled = deferred<void>();
	let cancelAt = 0;
	if (opts.signal) {
		onAbort = () => {
			cancelAt = Date.now();
			execution.cancel();
			cancelled.resolve();
		};
		if (opts.signal.aborted) onAbort();
		else opts.signal.addEventListener('abort', onAbort, { once: true });
	}

	let run: IRun;
	try {
		const finished = execution.then((r: IRun) => ({ kind: 'done' as const, r }));
		const raced = await Promise.race([
			finished,
			cancelled.promise.then(async () => {
				const grace = opts.cancelGraceMs ?? 5000;
				let timer: NodeJS.Timeout | undefined;
				const timeout = new Promise<{ kind: 'grace'; r?: undefined }>((res) => {
					timer = setTimeout(() => res({ kind: 'grace' }), grace);
				});
				const r = await Promise.race([finished, timeout]);
				if (timer) clearTimeout(timer);
				return r;
			}),
		]);
		if (raced.kind === 'done' && raced.r) {
			run = raced.r;
		} else {
			// the node ignored the abort: take what the cancel hook reported
			run = await after.promise;
		}
		if (cancelAt) {
			cancelInfo = {
				requested: true,
				nodeReturnedWithinGrace: raced.kind === 'done',
				msFromCancelToEnd: Date.now() - cancelAt,
			};
		}
	} finally {
		if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
	}
	const durationMs = Date.now() - started;

	const runData: IRunData = run.data.resultData.runData ?? {};
	const task = runData[nodeName]?.[0];
	const outputs = ((task?.data?.main ?? []) as Array<INodeExecutionData[] | null>).map((o) => o ?? []);
	const result: RunNodeResult = {
		items: outputs[0] ?? [],
		outputs,
		status: (run as Dyn).status ?? (workflowExecute as Dyn).status,
		runData,
		run,
		credentialCalls: credentialsHelper.calls,
		durationMs,
		versions: { n8nCore: m.coreVersion, n8nWorkflow: m.workflowVersion },
	};
	if (opts.onError === 'continueErrorOutput') result.errorItems = outputs[1] ?? [];
	const runError = toError(run.data.resultData.error);
	if (runError) result.error = runError;
	const nodeError = toError(task?.error);
	if (nodeError) result.nodeError = nodeError;
	if (cancelInfo) result.cancel = cancelInfo;
	return result;
}
