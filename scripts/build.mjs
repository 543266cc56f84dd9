#!/usr/bin/env node
// Build without @n8n/node-cli (it does not install on Node 20), doing what `n8n-node build` does:
//   1. remove dist/
//   2. compile with tsc -p tsconfig.build.json (exit non-zero when tsc reports errors)
//   3. copy the static files n8n reads beside the compiled code: icons (*.svg, *.png) and codex
//      files (*.node.json) under nodes/ and credentials/, plus any __schema__/**/*.json
//   4. check that every `file:` icon a compiled node or credential names exists in dist/
//   5. bundle the CLI (src/cli/main.ts) into dist/src/cli/main.js with esbuild, so its
//      progress-bar library travels inside it instead of being a runtime dependency of the
//      n8n package (n8n's lint allows only zod and axios there); make it executable
//
//   node scripts/build.mjs                 full build
//   node scripts/build.mjs --assets-only   steps 3–5 only (e.g. beside `tsc --watch`)
import { spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const ASSET_DIRS = ['nodes', 'credentials'];
const isAsset = (rel) =>
	/\.(svg|png)$/i.test(rel) || rel.endsWith('.node.json') || /(^|\/)__schema__\/.*\.json$/.test(rel);

const rel = (p) => path.relative(root, p).split(path.sep).join('/');

async function exists(p) {
	try {
		await stat(p);
		return true;
	} catch {
		return false;
	}
}

async function* walk(dir) {
	let entries;
	try {
		entries = await readdir(dir, { withFileTypes: true });
	} catch (error) {
		if (error.code === 'ENOENT') return;
		throw error;
	}
	for (const entry of entries) {
		if (entry.name === 'node_modules') continue;
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) yield* walk(full);
		else if (entry.isFile()) yield full;
	}
}

function compile() {
	const require = createRequire(import.meta.url);
	let tscBin;
	try {
		tscBin = require.resolve('typescript/bin/tsc', { paths: [root] });
	} catch {
		console.error('build: typescript is not installed (run npm install)');
		return 1;
	}
	console.log('build: tsc -p tsconfig.build.json');
	const result = spawnSync(process.execPath, [tscBin, '-p', path.join(root, 'tsconfig.build.json')], {
		cwd: root,
		stdio: 'inherit',
	});
	if (result.error) {
		console.error(`build: could not run tsc: ${result.error.message}`);
		return 1;
	}
	if (result.status !== 0) {
		console.error(`build: tsc failed (exit ${result.status ?? result.signal})`);
		return result.status || 1;
	}
	return 0;
}

async function copyAssets() {
	let count = 0;
	for (const dir of ASSET_DIRS) {
		for await (const file of walk(path.join(root, dir))) {
			const r = rel(file);
			if (!isAsset(r)) continue;
			const target = path.join(dist, r);
			await mkdir(path.dirname(target), { recursive: true });
			await cp(file, target);
			count++;
		}
	}
	console.log(`build: copied ${count} asset file(s) into dist/`);
}

/** Every `file:` icon named by a compiled node or credential must resolve inside dist/. */
async function checkIcons() {
	const missing = [];
	for (const dir of ASSET_DIRS) {
		for await (const file of walk(path.join(dist, dir))) {
			if (!/\.(node|credentials)\.js$/.test(file)) continue;
			const source = await readFile(file, 'utf8');
			for (const match of source.matchAll(/["'`]file:([^"'`]+)["'`]/g)) {
				const icon = path.resolve(path.dirname(file), match[1]);
				if (!(await exists(icon))) missing.push(`${rel(file)} → file:${match[1]}`);
			}
		}
	}
	if (missing.length > 0) {
		console.error(`build: icon file(s) missing from dist/:\n  ${missing.join('\n  ')}`);
		return 1;
	}
	return 0;
}

async function bundleCli() {
	const entry = path.join(root, 'src', 'cli', 'main.ts');
	if (!(await exists(entry))) return 0;
	const cliDir = path.join(dist, 'src', 'cli');
	await rm(cliDir, { recursive: true, force: true });
	const require = createRequire(import.meta.url);
	const esbuild = require(require.resolve('esbuild', { paths: [root] }));
	const outfile = path.join(cliDir, 'main.js');
	await esbuild.build({
		entryPoints: [entry],
		outfile,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		// Runtime dependencies of the package stay external; everything else is inlined.
		external: ['axios', 'zod'],
		logLevel: 'warning',
	});
	await chmod(outfile, 0o755);
	console.log('build: bundled the CLI into dist/src/cli/main.js (executable)');
	return 0;
}

async function main() {
	const assetsOnly = process.argv.includes('--assets-only');
	if (!assetsOnly) {
		await rm(dist, { recursive: true, force: true });
		const code = compile();
		if (code !== 0) return code;
	}
	await copyAssets();
	if ((await checkIcons()) !== 0) return 1;
	if ((await bundleCli()) !== 0) return 1;
	console.log('build: done');
	return 0;
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error) => {
		console.error(`build: ${error?.stack ?? error}`);
		process.exitCode = 1;
	},
);
