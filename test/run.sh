#!/usr/bin/env bash
# npm test: make sure a redis-server is available (the tests start their own), then run vitest once.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "redis-server not found; installing it (apt-get install -y redis-server)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update </dev/null
    apt-get install -y redis-server </dev/null
  else
    echo "redis-server not found on PATH. Install it with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y redis-server" >&2
    exit 1
  fi
fi

# `vitest run` never enters watch mode; --no keeps npx from prompting to install anything.
# The JSON report gives CI a plain closing line ("tests: N passed, N failed").
report="$(mktemp -t baton-vitest-XXXXXX.json)"
trap 'rm -f "$report"' EXIT
status=0
npx --no vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
if [ -s "$report" ]; then
  node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);' "$report"
fi
exit "$status"
