/**
 * Preloaded into the n8n CLI (NODE_OPTIONS=--require) by test/support/n8nCli.ts only when the
 * dependency tree holds several physical copies of the SAME zod version that n8n uses.
 *
 * Why: n8n 2.8.4 pins zod 3.25.67 in all its packages. If the project itself depends on another
 * zod 3.x (e.g. "^3.25.67" resolved to 3.25.76), npm hoists that one and gives every n8n package
 * its own nested copy of 3.25.67. n8n then builds zod schemas across packages
 * (@n8n/api-types' discriminatedUnion over n8n-workflow's schemas), zod's instanceof checks
 * fail across copies, and every n8n command dies at start with
 *   "A discriminator value for key `__type` could not be extracted from all schema options".
 * This never happens on a user's n8n (installed on its own). The proper fix is in package.json
 * (pin "zod": "3.25.67" so npm de-duplicates); this hook is the fallback: any zod resolved to a
 * copy whose version equals N8N_DEDUPE_ZOD_VERSION is redirected to ONE canonical copy
 * (N8N_DEDUPE_ZOD_DIR). Other zod versions (langchain's zod 4, ...) are left alone.
 */
'use strict';
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

const canonicalDir = process.env.N8N_DEDUPE_ZOD_DIR;
const canonicalVersion = process.env.N8N_DEDUPE_ZOD_VERSION;

if (canonicalDir && canonicalVersion) {
	const versionOf = new Map();
	const zodDirVersion = (dir) => {
		if (!versionOf.has(dir)) {
			let v = null;
			try {
				v = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
			} catch {
				/* not a package dir */
			}
			versionOf.set(dir, v);
		}
		return versionOf.get(dir);
	};
	const original = Module._resolveFilename;
	Module._resolveFilename = function (request, parent, ...rest) {
		const resolved = original.call(this, request, parent, ...rest);
		if (typeof resolved !== 'string') return resolved;
		const m = /^(.*[\\/]node_modules[\\/]zod)([\\/].*)$/.exec(resolved);
		if (!m || m[1] === canonicalDir) return resolved;
		if (zodDirVersion(m[1]) !== canonicalVersion) return resolved;
		const redirected = canonicalDir + m[2];
		return fs.existsSync(redirected) ? redirected : resolved;
	};
}
