/**
 * Outside jest (tsx, plain node), make every `require('n8n-workflow' | 'n8n-core' [/sub])`
 * resolve to the 2.41 copies in test/compat/node_modules — the same redirection that
 * test/compat/jest.config.js does with moduleNameMapper:
 *   node -r ./test/compat/register.cjs --import tsx some-script.ts
 * CommonJS only (our node and n8n-core are CommonJS).
 */
const Module = require('node:module');
const path = require('node:path');

const compat = path.join(__dirname, 'node_modules');
const original = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
	const m = /^(n8n-workflow|n8n-core)(\/.*)?$/.exec(request);
	if (m) return original.call(this, path.join(compat, m[1]) + (m[2] ?? ''), parent, ...rest);
	return original.call(this, request, parent, ...rest);
};
