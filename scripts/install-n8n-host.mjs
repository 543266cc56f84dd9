// Installs the real n8n used by the demo, the end-to-end tests and the benchmark into n8n-host/
// (its own dependency tree: n8n needs an xlsx override a community package may not carry).
// Fast when it is already installed at the locked version.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const host = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'n8n-host');
const wanted = JSON.parse(readFileSync(path.join(host, 'package.json'), 'utf8')).dependencies.n8n;
const installed = path.join(host, 'node_modules/n8n/package.json');
if (existsSync(installed) && JSON.parse(readFileSync(installed, 'utf8')).version === wanted) {
	console.log(`n8n-host: n8n ${wanted} is installed`);
	process.exit(0);
}
console.log(`n8n-host: installing n8n ${wanted} (one time, a few minutes)…`);
const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: host, stdio: 'inherit' });
process.exit(result.status ?? 1);
