#!/usr/bin/env bash
# The evening peak: a synthetic registry of REGISTRY citizens (generated into out/, never
# committed), CITIZENS of them signed up through the API, then their wallet syncs (challenge,
# signed session, trust 304, feed, documents) at 64 connections (the capacity) and at a fixed
# rate of twice the measured capacity (the overload), with the shed answers counted apart.
# Load generator, portal and database share the machine.
# usage: bench/evening-peak.sh [SECONDS] [sqlite|postgres] [CITIZENS] [REGISTRY]
# Prints the registry's load time and the portal's memory, then one markdown row per phase.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"; backend="${2:-sqlite}"; citizens="${3:-10000}"; size="${4:-1000000}"
cargo build --release -q --locked -p eid-portal-server -p eid-bench
mkdir -p out
registry="out/registry-$size.jsonl"
if [ ! -s "$registry" ]; then
  start=$(date +%s.%N)
  ./target/release/eid-bench registry "$size" "$registry.part" && mv "$registry.part" "$registry"
  echo "registry: $size citizens generated in $(echo "$(date +%s.%N) - $start" | bc) s, $(du -m "$registry" | cut -f1) MiB" >&2
fi
work="$(mktemp -d)"; chmod 755 "$work"
server=""
stop_all() {
  [ -n "$server" ] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  [ -d "$work/pg" ] && scripts/pg-throwaway.sh stop "$work/pg"
  cp "$work/portal.log" out/evening-peak.log 2>/dev/null || true
  rm -rf "$work"
}
trap stop_all EXIT
port=18095
if [ "$backend" = postgres ]; then
  db="$(scripts/pg-throwaway.sh start "$work/pg" 54398 durable)"
else
  db="sqlite://$work/portal.db?mode=rwc"
fi
# The bench signs every citizen up from its own address, passed as a trusted proxy would; the
# SMS budget is lifted (demo codes go to the log) and wrk-like loads come from one address.
# EID_PEAK_IN_FLIGHT sets the portal's max_in_flight (default: the portal's own).
in_flight=""; [ -n "${EID_PEAK_IN_FLIGHT:-}" ] && in_flight=", \"max_in_flight\": $EID_PEAK_IN_FLIGHT"
cat > "$work/config.json" <<EOF
{"max_connections_per_address": 2048, "trusted_proxies": ["127.0.0.1/32"], "sms_per_minute": 10000000$in_flight}
EOF
# EID_PEAK_PIN=1: the portal on the first core, the load generator on the others (taskset), so
# an overloaded generator cannot take the portal's CPU.
pin_portal=(); pin_bench=()
if [ "${EID_PEAK_PIN:-0}" = 1 ] && [ "$(nproc)" -ge 2 ]; then
  pin_portal=(taskset -c 0); pin_bench=(taskset -c "1-$(($(nproc) - 1))")
fi
start=$(date +%s.%N)
"${pin_portal[@]}" ./target/release/eid-portal serve --demo --listen "127.0.0.1:$port" --db "$db" \
  --keys "$work/keys.json" --config "$work/config.json" --registry "$registry" \
  > /dev/null 2> "$work/portal.log" &
server=$!
for _ in $(seq 1200); do grep -q listening "$work/portal.log" 2>/dev/null && break; sleep 0.1; done
grep -q listening "$work/portal.log" || { cat "$work/portal.log" >&2; exit 1; }
rss() { awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' "/proc/$server/status"; }
echo "portal ($backend, durable): registry of $size citizens loaded and listening after $(echo "$(date +%s.%N) - $start" | bc) s, RSS $(rss)"
"${pin_bench[@]}" ./target/release/eid-bench peak "http://127.0.0.1:$port" "$work/portal.log" \
  --registry-size "$size" --citizens "$citizens" --seconds "$seconds" --portal-pid "$server"
echo "portal memory after the run: RSS $(rss), peak $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' "/proc/$server/status")"
