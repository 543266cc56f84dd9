#!/usr/bin/env bash
# Installs Debian's Chromium for the browser test (test/browser/editor.test.ts), which drives it
# with playwright-core (`npx playwright install` cannot download browsers here).
# Idempotent: does nothing when /usr/bin/chromium already exists. Needs root (or sudo) and apt.
#   bash test/browser/install-chromium.sh
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
	echo "install-chromium: $CHROMIUM is already installed ($("$CHROMIUM" --version 2>/dev/null | tail -n 1))"
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "install-chromium: run as root (or install sudo): apt-get install chromium needs it" >&2
		exit 1
	fi
fi

echo "install-chromium: apt-get update && apt-get install -y chromium (takes a few minutes)"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium

if [ ! -x "$CHROMIUM" ]; then
	echo "install-chromium: the chromium package did not provide $CHROMIUM" >&2
	exit 1
fi
echo "install-chromium: installed $("$CHROMIUM" --version 2>/dev/null | tail -n 1)"
