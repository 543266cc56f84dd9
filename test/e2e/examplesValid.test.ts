/**
 * The example workflows as files (no n8n process runs a workflow here): every node type and
 * typeVersion exists in n8n 2.8.4 (or in our built package), every parameter name is one the
 * node knows in that version, connections name real nodes, HTTP Request nodes call a provider's
 * real public API with the provider credential, credentials are referenced by name/placeholder
 * id, and examples/README.md lists every file.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import {
	BATCH_EXAMPLE,
	CREDENTIAL_NAMES,
	CREDENTIAL_TYPES,
	DOWNLOAD_EXAMPLE,
	EXAMPLES_DIR,
	NODE_NAMES,
	PROVIDER_EXAMPLES,
	PROVIDER_IDS,
	PUBLIC_BASE_URLS,
	VIDEO_POLLER_TYPE,
	exampleFiles,
	loadExample,
	nodeByName,
	type ProviderId,
	type Workflow,
	type WorkflowNode,
} from '../../scripts/lib/examples';
import { E2E_TEST_TIMEOUT_MS, ROOT, builtPackageDir, n8nInstalled } from './support';

jest.setTimeout(E2E_TEST_TIMEOUT_MS);

interface NodeInfo {
	versions: number[];
	/** Top-level parameter names per version. */
	properties: Record<string, string[]>;
	/** Option names inside collection parameters, per version: { "1": { options: [...] } } */
	collections: Record<string, Record<string, string[]>>;
	credentials: Record<string, string[]>;
}

/**
 * Reads node descriptions with plain Node (outside jest's module registry): n8n-nodes-base from
 * n8n-host/node_modules (the n8n 2.8.4 the examples target) and our node from the built package.
 */
async function describeNodes(types: string[], packageDir: string): Promise<Record<string, NodeInfo>> {
	const script = `
const path = require('node:path');
const want = JSON.parse(process.argv[1]);
const packageDir = process.argv[2];
const base = path.join(${JSON.stringify(ROOT)}, 'n8n-host/node_modules/n8n-nodes-base');
const out = {};
const describe = (instance) => {
  const versions = {};
  if (instance.nodeVersions) {
    for (const [v, node] of Object.entries(instance.nodeVersions)) versions[v] = node.description;
  } else {
    const d = instance.description;
    for (const v of [].concat(d.version)) versions[String(v)] = d;
  }
  const info = { versions: Object.keys(versions).map(Number), properties: {}, collections: {}, credentials: {} };
  for (const [v, d] of Object.entries(versions)) {
    const merged = { ...(instance.description || {}), ...d };
    const props = merged.properties || [];
    info.properties[v] = [...new Set(props.map((p) => p.name))];
    info.collections[v] = {};
    for (const p of props) {
      if (p.type === 'collection' && Array.isArray(p.options)) info.collections[v][p.name] = [...new Set([...(info.collections[v][p.name] || []), ...p.options.map((o) => o.name)])];
    }
    info.credentials[v] = (merged.credentials || []).map((c) => c.name);
  }
  return info;
};
const pkg = require(path.join(base, 'package.json'));
for (const file of pkg.n8n.nodes) {
  const name = path.basename(file).replace(/\\.node\\.js$/, '');
  const mod = require(path.join(base, file));
  const Cls = mod[name] || Object.values(mod)[0];
  let instance;
  try { instance = new Cls(); } catch { continue; }
  const d = instance.description || {};
  const type = 'n8n-nodes-base.' + d.name;
  if (want.includes(type)) out[type] = describe(instance);
}
const ours = require(path.join(packageDir, 'package.json'));
for (const file of ours.n8n.nodes) {
  const mod = require(path.join(packageDir, file));
  for (const Cls of Object.values(mod)) {
    const instance = new Cls();
    out[ours.name + '.' + instance.description.name] = describe(instance);
  }
}
process.stdout.write(JSON.stringify(out));
`;
	const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, JSON.stringify(types), packageDir], {
		cwd: ROOT,
		maxBuffer: 64 * 1024 * 1024,
	});
	return JSON.parse(stdout) as Record<string, NodeInfo>;
}

const files = exampleFiles();
const examples: Record<string, Workflow> = Object.fromEntries(files.map((f) => [f, loadExample(f)]));
const allNodes = (): Array<{ file: string; node: WorkflowNode }> =>
	files.flatMap((file) => (examples[file].nodes as WorkflowNode[]).map((node) => ({ file, node })));

let info: Record<string, NodeInfo>;
beforeAll(async () => {
	if (!n8nInstalled()) throw new Error('n8n is not installed in n8n-host/: run "npm run n8n:install"');
	const types = [...new Set(allNodes().map(({ node }) => node.type as string))];
	info = await describeNodes(types, await builtPackageDir());
});

test('there are the five provider examples, the batch example and the download example', () => {
	expect(files).toEqual(
		[...Object.values(PROVIDER_EXAMPLES), BATCH_EXAMPLE, DOWNLOAD_EXAMPLE].sort(),
	);
});

test('examples/README.md lists every example file', () => {
	const readme = readFileSync(path.join(EXAMPLES_DIR, 'README.md'), 'utf8');
	for (const file of files) expect(readme).toContain(file);
});

test('every node type exists in n8n 2.8.4 or in the package, with that typeVersion', () => {
	for (const { file, node } of allNodes()) {
		const known = info[node.type];
		if (!known) throw new Error(`${file}: node "${node.name}" has type ${node.type}, unknown to n8n 2.8.4 and to the package`);
		if (!known.versions.includes(node.typeVersion)) {
			throw new Error(`${file}: node "${node.name}" (${node.type}) has typeVersion ${node.typeVersion}; n8n 2.8.4 knows ${known.versions.join(', ')}`);
		}
	}
});

test('every parameter (and every option of an options collection) is one the node knows in that version', () => {
	for (const { file, node } of allNodes()) {
		const v = String(node.typeVersion);
		const props = info[node.type].properties[v];
		for (const name of Object.keys(node.parameters ?? {})) {
			if (!props.includes(name)) throw new Error(`${file}: "${node.name}" has parameter "${name}", unknown to ${node.type} v${v} (knows ${props.join(', ')})`);
		}
		for (const [collection, names] of Object.entries(info[node.type].collections[v])) {
			for (const name of Object.keys(node.parameters?.[collection] ?? {})) {
				if (!names.includes(name)) throw new Error(`${file}: "${node.name}" has ${collection}.${name}, unknown to ${node.type} v${v}`);
			}
		}
	}
});

test('node names are unique and every connection joins existing nodes', () => {
	for (const file of files) {
		const names = (examples[file].nodes as WorkflowNode[]).map((n) => n.name);
		expect(new Set(names).size).toBe(names.length);
		for (const [from, byType] of Object.entries(examples[file].connections as Workflow)) {
			expect(names).toContain(from);
			for (const targets of byType.main as Array<Array<{ node: string }>>) for (const t of targets) expect(names).toContain(t.node);
		}
		expect(examples[file].settings).toEqual({ executionOrder: 'v1' });
		expect((examples[file].nodes as WorkflowNode[]).filter((n) => n.type === 'n8n-nodes-base.manualTrigger')).toHaveLength(1);
	}
});

test('Video Poller nodes use the community package type and the credential of their provider, by name', () => {
	const pollers = allNodes().filter(({ node }) => node.type.endsWith('.videoPoller'));
	expect(pollers.length).toBe(5 + 5 + 5);
	for (const { file, node } of pollers) {
		expect(node.type).toBe(VIDEO_POLLER_TYPE);
		expect(node.typeVersion).toBe(1);
		const provider = node.parameters.provider as ProviderId;
		expect(PROVIDER_IDS).toContain(provider);
		expect(node.parameters.operation).toBe('waitForVideo');
		expect(Object.keys(node.credentials)).toEqual([CREDENTIAL_TYPES[provider]]);
		const ref = node.credentials[CREDENTIAL_TYPES[provider]];
		expect(ref.name).toBe(CREDENTIAL_NAMES[provider]);
		expect(ref.id).toMatch(/^REPLACE_WITH_YOUR_/);
		expect(`${file}:${typeof node.parameters.jobId}`).toBe(`${file}:string`);
	}
});

test('HTTP Request nodes create jobs at the providers\' real create endpoints with the provider credential', () => {
	const createPaths: Record<ProviderId, string> = {
		geekHub: '/v1/videos/generations',
		aiStats: '/v1/videos',
		reelBot: '/api/v1/video/generate',
		poe: '/v1/videos',
		hooked: '/v1/project/create/script-to-video',
	};
	const http = allNodes().filter(({ node }) => node.type === 'n8n-nodes-base.httpRequest');
	expect(http).toHaveLength(5 + 5);
	for (const { node } of http) {
		const provider = PROVIDER_IDS.find((p) => node.parameters.nodeCredentialType === CREDENTIAL_TYPES[p])!;
		expect(provider).toBeDefined();
		expect(node.parameters).toMatchObject({
			method: 'POST',
			url: `${PUBLIC_BASE_URLS[provider]}${createPaths[provider]}`,
			authentication: 'predefinedCredentialType',
			sendBody: true,
			specifyBody: 'json',
		});
		expect(() => JSON.parse(node.parameters.jsonBody)).not.toThrow();
		expect(node.credentials[CREDENTIAL_TYPES[provider]].name).toBe(CREDENTIAL_NAMES[provider]);
	}
});

test('no example carries a local address, a key or simulator hints', () => {
	for (const file of files) {
		const text = readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
		expect(text).not.toMatch(/127\.0\.0\.1|localhost|_sim|sim-[a-z]+-key|ghub_sk_|rb_live_/);
	}
});

test('the names the demo, dev mode and the e2e tests rely on exist in the examples', () => {
	for (const p of PROVIDER_IDS) {
		const wf = examples[PROVIDER_EXAMPLES[p]];
		nodeByName(wf, NODE_NAMES.trigger);
		nodeByName(wf, NODE_NAMES.providerCreate(p));
		nodeByName(wf, NODE_NAMES.providerWait);
		nodeByName(wf, NODE_NAMES.providerUse);
		nodeByName(examples[BATCH_EXAMPLE], NODE_NAMES.batchWait(p));
		nodeByName(examples[DOWNLOAD_EXAMPLE], NODE_NAMES.downloadCreate(p));
		nodeByName(examples[DOWNLOAD_EXAMPLE], NODE_NAMES.downloadWait(p));
	}
	nodeByName(examples[BATCH_EXAMPLE], NODE_NAMES.batchJobs);
	nodeByName(examples[BATCH_EXAMPLE], NODE_NAMES.batchMerge);
	nodeByName(examples[BATCH_EXAMPLE], NODE_NAMES.batchSummary);
	nodeByName(examples[DOWNLOAD_EXAMPLE], NODE_NAMES.downloadSettings);
	const write = nodeByName(examples[DOWNLOAD_EXAMPLE], NODE_NAMES.downloadWrite);
	expect(write.parameters.fileName).toContain('{{ $json.jobId }}.mp4');
	for (const p of PROVIDER_IDS) {
		expect(nodeByName(examples[DOWNLOAD_EXAMPLE], NODE_NAMES.downloadWait(p)).parameters.options).toMatchObject({ download: true, binaryPropertyName: 'data' });
	}
});
