#!/usr/bin/env bash
# Submissions/s and latency of `eid-portal` under wrk (Debian), SQLite or PostgreSQL, at 64 and
# 512 connections, with the server's peak memory. The load generator runs on the same machine.
# usage: bench/portal-load.sh [sqlite|postgres] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"; seconds="${2:-10}"
command -v wrk >/dev/null || { sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"; $sudo_cmd apt-get install -y wrk; }
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet requests cryptography
cargo build --release -q -p eid-portal-server
portal=""; work="$(mktemp -d)"; chmod 755 "$work"; trap 'kill $portal 2>/dev/null || true; [ -n "${pg:-}" ] && scripts/pg-throwaway.sh stop "$work/pg"; cp "$work/log" out/portal-load.log 2>/dev/null; rm -rf "$work"' EXIT
if [ "$backend" = postgres ]; then db="$(scripts/pg-throwaway.sh start "$work/pg" 54399)"; pg=1; else db="sqlite://$work/portal.db?mode=rwc"; fi
./target/release/eid-portal serve --demo --listen 127.0.0.1:18080 --db "$db" --keys "$work/keys.json" 2> "$work/log" &
portal=$!
for _ in $(seq 100); do grep -q listening "$work/log" 2>/dev/null && break; sleep 0.1; done
export EID_TOKEN="$(.venv/bin/python bench/portal_login.py http://127.0.0.1:18080 "$work/log" 001099012345)"
for conns in 64 512; do
  echo "== $backend, $conns connections, ${seconds}s"
  wrk -t2 -c"$conns" -d"${seconds}s" --latency -s bench/submit.lua http://127.0.0.1:18080 | tail -n 1
  echo "server peak RSS: $(grep VmHWM /proc/$portal/status | awk '{print $2/1024 " MiB"}')"
done
