#!/usr/bin/env bash
# Starts or stops a local three-master Redis Cluster on loopback (npm run cluster:start / cluster:stop).
# Ports BATON_CLUSTER_PORT (default 7101) .. +2; data in a temp dir; prints REDIS_CLUSTER_NODES on start.
set -euo pipefail
base="${BATON_CLUSTER_PORT:-7101}"
ports=("$base" "$((base + 1))" "$((base + 2))")
dir="${TMPDIR:-/tmp}/baton-cluster-$base"

wait_for() {
  local what="$1" tries=100
  shift
  until "$@" >/dev/null 2>&1; do
    tries=$((tries - 1))
    if [ "$tries" -le 0 ]; then echo "cluster: timed out waiting for $what" >&2; exit 1; fi
    sleep 0.1
  done
}

cluster_ok() { redis-cli -p "$1" cluster info | grep -q 'cluster_state:ok'; }

stop() {
  for port in "${ports[@]}"; do redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; done
  rm -rf "$dir"
}

start() {
  command -v redis-server >/dev/null || { echo "cluster: redis-server not found (apt-get install -y redis-server)" >&2; exit 1; }
  stop
  for port in "${ports[@]}"; do
    mkdir -p "$dir/$port"
    redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$dir/$port/nodes.conf" \
      --cluster-node-timeout 2000 --dir "$dir/$port" --save '' --appendonly no --daemonize yes \
      --pidfile "$dir/$port/redis.pid" --logfile "$dir/$port/redis.log"
  done
  for port in "${ports[@]}"; do wait_for "redis-server on $port" redis-cli -p "$port" ping; done
  redis-cli --cluster create "${ports[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >"$dir/create.log"
  for port in "${ports[@]}"; do wait_for "cluster_state:ok on $port" cluster_ok "$port"; done
  local nodes
  nodes="$(printf '127.0.0.1:%s,' "${ports[@]}")"
  echo "REDIS_CLUSTER_NODES=${nodes%,}"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
