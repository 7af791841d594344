#!/usr/bin/env bash
# Submissions/s and latency of one `eid-portal` under wrk (Debian), with durable commits and
# without, beside the bare-handler ceiling (`eid-bench ceiling`), on SQLite and on PostgreSQL,
# at 64 and 512 connections, with the server's peak memory; then GET /v1/trust (full answers
# and 304s) beside GET /v1/health/live. Load generator, servers and PostgreSQL share the machine.
# usage: bench/portal-load.sh [SECONDS] [sqlite|postgres|both]
# Prints one markdown table row per run; the full log is out/portal-load.log.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"; which="${2:-both}"
command -v wrk >/dev/null || { sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"; $sudo_cmd apt-get install -y wrk; }
cargo build --release -q --locked -p eid-portal-server -p eid-bench
mkdir -p out
work="$(mktemp -d)"; chmod 755 "$work"
server=""
stop_server() { [ -n "$server" ] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }; server=""; }
stop_pg() { [ -d "$work/pg" ] && scripts/pg-throwaway.sh stop "$work/pg"; true; }
trap 'stop_server; stop_pg; cat "$work"/*.log > out/portal-load.log 2>/dev/null; rm -rf "$work"' EXIT
port=18090

wait_for() { # LOG TEXT
  for _ in $(seq 200); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done
  echo "did not start: $1" >&2; cat "$1" >&2; exit 1
}

# One wrk run: prints "| what | conns | rps | p50 | p99 | non-201 | RSS |".
load() { # WHAT CONNS SCRIPT-OR-EMPTY PATH [HEADER]
  local what="$1" conns="$2" script="$3" path="$4" header="${5:-}" args=() line
  args+=(-s "${script:-bench/get.lua}")
  [ -n "$header" ] && args+=(-H "$header")
  line="$(wrk -t2 -c"$conns" -d"${seconds}s" --latency "${args[@]}" "http://127.0.0.1:$port$path" | tail -n 1)"
  local rss; rss="$(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' "/proc/$server/status")"
  # line: requests N, errors M, socket S, p50 X ms, p99 Y ms, rps Z, ok W
  echo "$line" | awk -v what="$what" -v c="$conns" -v rss="$rss" -F', ' '{
    split($2,b," "); split($3,s," "); split($4,p," "); split($5,q," "); split($6,r," "); split($7,o," ");
    printf "| %s | %s | %s | %s | %s ms | %s ms | %s | %s | %s |\n", what, c, r[2], o[2], p[2], q[2], b[2], s[2], rss }'
}

# wrk is one address: lift the per-address cap above its connections (the rest is the default).
echo '{"max_connections_per_address": 2048}' > "$work/config.json"

portal() { # DB [--fast-commit]
  ./target/release/eid-portal serve --demo --listen "127.0.0.1:$port" --db "$1" \
    --keys "$work/keys.json" --config "$work/config.json" ${2:-} 2> "$work/portal.log" &
  server=$!
  wait_for "$work/portal.log" listening
  EID_TOKEN="$(./target/release/eid-bench token "http://127.0.0.1:$port" 001099012345 "$work/portal.log")"
  export EID_TOKEN
}

ceiling() { # DB [--fast-commit]
  ./target/release/eid-bench ceiling --db "$1" --listen "127.0.0.1:$port" ${2:-} 2> "$work/ceiling.log" &
  server=$!
  wait_for "$work/ceiling.log" listening
}

db_for() { # BACKEND DURABILITY NAME
  if [ "$1" = postgres ]; then
    stop_pg
    scripts/pg-throwaway.sh start "$work/pg" 54399 "$2"
  else
    rm -f "$work/$3".db*
    echo "sqlite://$work/$3.db?mode=rwc"
  fi
}

echo "| run | connections | answers/s | accepted/s | p50 | p99 | 4xx/5xx answers | socket errors | server peak RSS |"
echo "|---|---|---|---|---|---|---|---|---|"
backends=(sqlite postgres); [ "$which" != both ] && backends=("$which")
for backend in "${backends[@]}"; do
  db="$(db_for "$backend" fast fast)"
  flag=""; [ "$backend" = sqlite ] && flag=--fast-commit
  portal "$db" "$flag"
  for c in 64 512; do load "$backend submissions, not durable" "$c" bench/submit.lua /v1/applications; done
  stop_server
  db="$(db_for "$backend" durable durable)"
  portal "$db"
  for c in 64 512; do load "$backend submissions, durable" "$c" bench/submit.lua /v1/applications; done
  if [ "$backend" = sqlite ]; then
    load "GET /v1/trust (full answer)" 64 "" /v1/trust
    etag="$(curl -sI "http://127.0.0.1:$port/v1/trust" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')"
    load "GET /v1/trust (If-None-Match: 304)" 64 "" /v1/trust "If-None-Match: $etag"
    load "GET /v1/health/live (peer: a bare route)" 64 "" /v1/health/live
    echo "trust answer: $(curl -s "http://127.0.0.1:$port/v1/trust" | wc -c) bytes" >&2
  fi
  stop_server
  db="$(db_for "$backend" durable ceiling)"
  ceiling "$db"
  for c in 64 512; do load "$backend ceiling: bare insert, durable" "$c" bench/submit.lua /v1/applications; done
  stop_server
done
