#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for tests (Debian's postgresql package).
#   pg-throwaway.sh start DIR PORT [fast|durable]
#                                    -> initialises DIR, starts the server, creates database "eid";
#                                       fast (the default, for tests): fsync=off and
#                                       synchronous_commit=off, so a crash can lose commits;
#                                       durable (benchmarks): PostgreSQL's defaults, fsync=on and
#                                       synchronous_commit=on, so a commit is on disk when it returns
#   pg-throwaway.sh stop DIR         -> stops it and removes DIR
# As root the server runs as the "postgres" user (initdb refuses root). Prints the URL on start.
set -euo pipefail
cmd="$1"; dir="$2"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    port="$3"
    case "${4:-fast}" in
      fast) durability="-c fsync=off -c synchronous_commit=off" ;;
      durable) durability="-c fsync=on -c synchronous_commit=on" ;;
      *) echo "pg-throwaway.sh: durability is fast or durable" >&2; exit 2 ;;
    esac
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U eid --no-sync >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 $durability" start >/dev/null
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U eid eid
    echo "postgres://eid@127.0.0.1:$port/eid"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
esac
