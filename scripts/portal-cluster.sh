#!/usr/bin/env bash
# Three `eid-portal` processes behind HAProxy (Debian's haproxy) on one PostgreSQL, on loopback.
#   portal-cluster.sh start DIR PORT [single|replicated|sqlite]
#       -> PostgreSQL in DIR/pg (single: one durable server, scripts/pg-throwaway.sh; replicated:
#          a primary with a synchronous standby, scripts/pg-replicated.sh, reached through
#          HAProxy in TCP mode on PORT+10 so the portals follow a promotion by themselves), the
#          portals on PORT+1..PORT+3 (demo
#          mode, one shared signing-key file, HAProxy trusted for X-Forwarded-For), HAProxy on
#          PORT checking each portal's /v1/health every 500 ms. Prints the URL to use.
#          Logs: DIR/portal-N.log, DIR/haproxy.log.
#   portal-cluster.sh promote DIR     -> (replicated) kills the primary, promotes the standby;
#                                        prints the milliseconds until it took a write
#   portal-cluster.sh kill DIR N      -> SIGKILLs portal N (1-3)
#   portal-cluster.sh restart DIR N   -> starts portal N again
#   portal-cluster.sh stop DIR        -> stops everything it started and removes DIR
#          (sqlite: no PostgreSQL, the three portals share one SQLite file, for tests.)
# Needs target/release/eid-portal (cargo build --release -p eid-portal-server), or the binary
# named by EID_PORTAL_BIN.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
usage() { echo "usage: portal-cluster.sh start DIR PORT [single|replicated|sqlite] | promote DIR | kill DIR N | restart DIR N | stop DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd="$1"; dir="$(realpath -m "$2")"
portal_bin="${EID_PORTAL_BIN:-$root/target/release/eid-portal}"

start_portal() {
  local n="$1" port db
  port="$(cat "$dir/port")"; db="$(cat "$dir/db")"
  "$portal_bin" serve --demo --listen "127.0.0.1:$((port + n))" --db "$db" \
    --keys "$dir/keys.json" --config "$dir/portal.json" --public-url "http://127.0.0.1:$port" \
    > /dev/null 2>> "$dir/portal-$n.log" &
  echo $! > "$dir/portal-$n.pid"
  for _ in $(seq 200); do
    if grep -q "listening on http://127.0.0.1:$((port + n))" "$dir/portal-$n.log" 2>/dev/null; then return 0; fi
    kill -0 "$(cat "$dir/portal-$n.pid")" 2>/dev/null || { echo "portal $n did not start: see $dir/portal-$n.log" >&2; return 1; }
    sleep 0.05
  done
  echo "portal $n did not start in time" >&2; return 1
}

case "$cmd" in
  start)
    [ $# -ge 3 ] || usage
    port="$3"; mode="${4:-single}"
    [ -x "$portal_bin" ] || { echo "build it first: cargo build --release -p eid-portal-server" >&2; exit 1; }
    command -v haproxy >/dev/null || { echo "haproxy is missing: apt-get install haproxy" >&2; exit 1; }
    mkdir -p "$dir"; chmod 755 "$dir"
    echo "$port" > "$dir/port"; echo "$mode" > "$dir/mode"
    pg_section=""
    case "$mode" in
      sqlite)
        # One SQLite file shared by the three processes (WAL works across processes on one
        # machine; each process's writer waits its turn in SQLite's busy handler).
        db="sqlite://$dir/portal.db?mode=rwc" ;;
      single)
        db="$("$root/scripts/pg-throwaway.sh" start "$dir/pg" "$((port + 10))" durable)" ;;
      replicated)
        "$root/scripts/pg-replicated.sh" start "$dir/pg" "$((port + 11))" "$((port + 12))" >/dev/null
        # The portals reach PostgreSQL through HAProxy (TCP): the primary while it answers, else
        # the standby (a backup server), which refuses writes until it is promoted (the portals
        # answer 503 meanwhile). sqlx takes one host per URL, so this is where failover lives.
        # It assumes the old primary never comes back by itself (it would be preferred again):
        # in production an orchestrator that fences it (Patroni, say) owns that decision.
        db="postgres://eid@127.0.0.1:$((port + 10))/eid"
        pg_section="listen postgres
    mode tcp
    bind 127.0.0.1:$((port + 10))
    timeout client 1h
    timeout server 1h
    default-server inter 300ms fall 2 rise 2 on-marked-down shutdown-sessions
    server primary 127.0.0.1:$((port + 11)) check
    server standby 127.0.0.1:$((port + 12)) check backup" ;;
      *) usage ;;
    esac
    echo "$db" > "$dir/db"
    echo '{"trusted_proxies": ["127.0.0.1"]}' > "$dir/portal.json"
    cat > "$dir/haproxy.cfg" <<EOF
global
    maxconn 8192
    nbthread 1
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout http-keep-alive 10s
    option http-keep-alive
    # The client's address for the portals' rate limits (they trust 127.0.0.1 for it).
    option forwardfor
    # A connection that fails is tried on another portal; a request that reached a portal is
    # never sent twice by HAProxy (the wallet retries with its idempotency key instead).
    retries 3
    option redispatch 1
frontend portal
    bind 127.0.0.1:$port
    default_backend portals
backend portals
    balance leastconn
    option httpchk GET /v1/health
    http-check expect status 200
    default-server inter 500ms fall 2 rise 1 maxconn 512
    server portal1 127.0.0.1:$((port + 1)) check
    server portal2 127.0.0.1:$((port + 2)) check
    server portal3 127.0.0.1:$((port + 3)) check
$pg_section
EOF
    haproxy -q -f "$dir/haproxy.cfg" < /dev/null >> "$dir/haproxy.log" 2>&1 &
    echo $! > "$dir/haproxy.pid"
    # The first portal creates the signing keys (and the schema); the others read them.
    start_portal 1
    start_portal 2
    start_portal 3
    for _ in $(seq 100); do
      curl -fsS "http://127.0.0.1:$port/v1/health" >/dev/null 2>&1 && { echo "http://127.0.0.1:$port"; exit 0; }
      sleep 0.1
    done
    echo "HAProxy did not answer: see $dir/haproxy.log" >&2; exit 1
    ;;
  promote)
    "$root/scripts/pg-replicated.sh" promote "$dir/pg"
    ;;
  kill)
    [ $# -ge 3 ] || usage
    kill -KILL "$(cat "$dir/portal-$3.pid")" 2>/dev/null || true
    ;;
  restart)
    [ $# -ge 3 ] || usage
    start_portal "$3"
    ;;
  stop)
    [ -d "$dir" ] || exit 0
    for f in "$dir"/haproxy.pid "$dir"/portal-*.pid; do
      [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
    done
    sleep 0.5
    case "$(cat "$dir/mode" 2>/dev/null)" in
      replicated) "$root/scripts/pg-replicated.sh" stop "$dir/pg" ;;
      single) "$root/scripts/pg-throwaway.sh" stop "$dir/pg" ;;
    esac
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
