#!/usr/bin/env bash
# `npm test`: installs what a clean clone lacks, then type checks, unit tests and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# npm install (not npm ci) keeps to the committed lockfile here; see docs/decisions.md.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "› Installing npm packages from package-lock.json"
	npm install --no-audit --no-fund
fi

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
	echo "› Installing Debian packages: ${missing[*]}"
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
	else
		echo "The tests need Debian packages that are not installed: run 'sudo apt-get install -y ${missing[*]}' and then 'npm test' again." >&2
		exit 1
	fi
fi

echo "› Type checks"
npm run check
echo "› Unit tests (vitest)"
npx vitest run
echo "› Browser tests (Playwright, production build)"
npx playwright test
