#!/usr/bin/env bash
# Three portals behind HAProxy on one durable PostgreSQL (scripts/portal-cluster.sh, single
# mode), loaded with wrk through HAProxy, beside the same load sent straight to one of the
# portals in the same run: what the balancer hop and three processes on the same cores cost.
# Load generator, HAProxy, portals and PostgreSQL share the machine.
# usage: bench/cluster-load.sh [SECONDS]
# Prints one markdown table row per run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
command -v wrk >/dev/null || { sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"; $sudo_cmd apt-get install -y wrk; }
cargo build --release -q --locked -p eid-portal-server -p eid-bench
work="$(mktemp -d)"; chmod 755 "$work"
port=18600
trap 'scripts/portal-cluster.sh stop "$work/cluster" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
scripts/portal-cluster.sh start "$work/cluster" "$port" single > /dev/null
logs=("$work"/cluster/portal-*.log)
EID_TOKEN="$(./target/release/eid-bench token "http://127.0.0.1:$port" 001099012345 "${logs[@]}")"
export EID_TOKEN

# One wrk run: "| what | connections | answers/s | p50 | p99 | 4xx/5xx | socket errors |".
load() { # WHAT URL SCRIPT [HEADER]
  local args=(-s "$3"); [ -n "${4:-}" ] && args+=(-H "$4")
  wrk -t2 -c64 -d"${seconds}s" --latency "${args[@]}" "$2" | tail -n 1 | awk -v what="$1" -F', ' '{
    split($2,b," "); split($3,s," "); split($4,p," "); split($5,q," "); split($6,r," ");
    printf "| %s | 64 | %s | %s ms | %s ms | %s | %s |\n", what, r[2], p[2], q[2], b[2], s[2] }'
}

echo "| run | connections | answers/s | p50 | p99 | 4xx/5xx answers | socket errors |"
echo "|---|---|---|---|---|---|---|"
load "submissions through HAProxy, 3 portals" "http://127.0.0.1:$port/v1/applications" bench/submit.lua
load "submissions straight to portal 1 (peer)" "http://127.0.0.1:$((port + 1))/v1/applications" bench/submit.lua
load "GET /v1/trust through HAProxy" "http://127.0.0.1:$port/v1/trust" bench/get.lua
load "GET /v1/trust straight to portal 1 (peer)" "http://127.0.0.1:$((port + 1))/v1/trust" bench/get.lua
