/**
 * The built node may use only what the host's n8n-workflow has. Run by the n8n project (host
 * n8n-workflow 2.8) and by test/compat/jest.config.js (2.41, Node 20 and 24): every export of
 * n8n-workflow that dist/ reads must exist in the copy loaded here — `sleepWithAbort`, present
 * in 2.8 and gone in 2.41, fails it. The end-to-end behaviour on each version is covered by the
 * test/n8n suites, which run under both configs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as n8nWorkflow from 'n8n-workflow';
import { DIST } from '../support/builtPackage';

function jsFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) return jsFiles(full);
		return full.endsWith('.js') ? [full] : [];
	});
}

/** `n8n_workflow_1.NodeOperationError` → NodeOperationError, as tsc compiles named imports. */
function n8nWorkflowExportsUsed(): Map<string, string[]> {
	const used = new Map<string, string[]>();
	for (const file of jsFiles(DIST)) {
		const source = readFileSync(file, 'utf8');
		const bindings = [...source.matchAll(/(?:const|var|let) (\w+) = (?:__importStar\()?require\("n8n-workflow"\)/g)].map((m) => m[1]);
		for (const binding of bindings) {
			for (const match of source.matchAll(new RegExp(`\\b${binding}\\.(\\w+)`, 'g'))) {
				used.set(match[1], [...(used.get(match[1]) ?? []), path.relative(DIST, file)]);
			}
		}
		for (const match of source.matchAll(/\{([^}]*)\} = require\("n8n-workflow"\)/g)) {
			for (const name of match[1].split(',').map((s) => s.split(':')[0].trim()).filter(Boolean)) {
				used.set(name, [...(used.get(name) ?? []), path.relative(DIST, file)]);
			}
		}
	}
	return used;
}

it('dist/ reads n8n-workflow only through exports this host version has', () => {
	const used = n8nWorkflowExportsUsed();
	// The node does use n8n-workflow (errors, connection types): an empty scan would be a broken test.
	expect(used.has('NodeOperationError')).toBe(true);
	expect(used.has('NodeConnectionTypes')).toBe(true);
	const missing = [...used.keys()].filter((name) => (n8nWorkflow as Record<string, unknown>)[name] === undefined);
	expect(missing.map((name) => `${name} (${used.get(name)!.join(', ')})`)).toEqual([]);
});

it('dist/ does not use n8n-core or APIs known to differ between 2.8 and 2.41', () => {
	const text = jsFiles(DIST).map((file) => readFileSync(file, 'utf8')).join('\n');
	expect(text).not.toMatch(/require\("n8n-core"\)/);
	expect(text).not.toMatch(/\.(sleepWithAbort|createDeferredPromise)\b|\bNodeConnectionType\.Main\b/);
});
