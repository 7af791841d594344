#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for tests (Debian's postgresql package).
#   pg-throwaway.sh start DIR PORT   -> initialises DIR, starts the server, creates database "eid"
#   pg-throwaway.sh stop DIR         -> stops it and removes DIR
# As root the server runs as the "postgres" user (initdb refuses root). Prints the URL on start.
set -euo pipefail
cmd="$1"; dir="$2"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    port="$3"
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U eid --no-sync >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U eid eid
    echo "postgres://eid@127.0.0.1:$port/eid"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
esac
