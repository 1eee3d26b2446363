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
exec npx --no vitest run "$@"
