#!/usr/bin/env bash
# A throwaway PostgreSQL primary with a synchronous streaming standby, on loopback, for the
# failover test and the benchmark (Debian's postgresql package).
#   pg-replicated.sh start DIR PRIMARY_PORT STANDBY_PORT
#       -> initialises DIR/primary (database "eid", user "eid", trust on loopback), takes a base
#          backup of it into DIR/standby, starts the standby and waits until the primary reports
#          it as a synchronous, streaming standby. Prints two lines: the primary's URL, then the
#          standby's. Logs: DIR/primary.log, DIR/standby.log.
#   pg-replicated.sh promote DIR
#       -> kills the primary (pg_ctl stop -m immediate: a crash, as far as clients can tell),
#          promotes the standby and waits until it commits a write. Prints the milliseconds from
#          the kill to that first committed write.
#   pg-replicated.sh stop DIR
#       -> stops both (immediate) and removes DIR; safe if they are already stopped.
# As root the servers run as the "postgres" user (initdb refuses root). Nothing but the URLs
# (start) and the milliseconds (promote) goes to stdout, so callers can capture it.
#
# Durability: fsync, full_page_writes and synchronous_commit are PostgreSQL's defaults, stated
# explicitly. synchronous_commit=on with the standby named in synchronous_standby_names means a
# commit returns only once the WAL is flushed to disk on the primary AND on the standby, so a
# commit that returned survives the primary's crash. remote_apply would also wait for the standby
# to replay it (read-your-writes on the standby); nothing reads from the standby here, and a
# promotion replays all flushed WAL before it accepts connections for writes, so "on" loses
# nothing on failover and costs less per commit.
#
# synchronous_standby_names is set on the primary only, after the base backup (pg_basebackup
# copies postgresql.conf and postgresql.auto.conf), and the standby's postgresql.auto.conf sets it
# to '' explicitly: once promoted, the standby has no standby of its own and must not wait for one.
set -euo pipefail
usage() { echo "usage: pg-replicated.sh start DIR PRIMARY_PORT STANDBY_PORT | promote DIR | stop DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd="$1"; dir="$(realpath -m "$2")"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# One SQL statement against the server on port $1, the result unaligned, nothing else.
sql() { "$bin/psql" -X -q -tA -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U eid -d eid -c "$2"; }
now_ms() { date +%s%3N; }
die() { echo "pg-replicated.sh: $*" >&2; exit 1; }
app_name=eid_standby
case "$cmd" in
  start)
    [ $# -eq 4 ] || usage
    pport="$3"; sport="$4"
    [ ! -e "$dir/primary" ] && [ ! -e "$dir/standby" ] || die "$dir already holds a cluster"
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    as_pg "$bin/initdb" -D "$dir/primary" -A trust -U eid >/dev/null
    # Loopback only, trust, replication connections included (the standby's walreceiver and
    # pg_basebackup connect as "eid", a superuser, so it has the REPLICATION attribute).
    as_pg tee "$dir/primary/pg_hba.conf" >/dev/null <<'EOF'
# TYPE  DATABASE     USER  ADDRESS       METHOD
local   all          all                 trust
host    all          all   127.0.0.1/32  trust
host    all          all   ::1/128       trust
local   replication  all                 trust
host    replication  all   127.0.0.1/32  trust
host    replication  all   ::1/128       trust
EOF
    # Settings both servers share (the base backup copies this file); ports and the socket folder
    # are given on each server's command line instead.
    as_pg tee -a "$dir/primary/postgresql.conf" >/dev/null <<EOF

# --- scripts/pg-replicated.sh
listen_addresses = '127.0.0.1'
max_connections = 200
fsync = on
synchronous_commit = on
full_page_writes = on
wal_level = replica
max_wal_senders = 4
max_replication_slots = 4
hot_standby = on
EOF
    as_pg "$bin/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w \
      -o "-p $pport -k $dir" start >/dev/null
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$pport" -U eid eid
    sql "$pport" "SELECT pg_create_physical_replication_slot('$app_name', true)" >/dev/null
    # -R writes standby.signal and primary_conninfo (with application_name, taken from the
    # connection string) and primary_slot_name into the standby's postgresql.auto.conf.
    # --checkpoint=fast: the default spread checkpoint takes minutes (checkpoint_completion_target).
    as_pg "$bin/pg_basebackup" -D "$dir/standby" -R -X stream -S "$app_name" --checkpoint=fast \
      -d "host=127.0.0.1 port=$pport user=eid application_name=$app_name"
    grep -q "application_name=$app_name" "$dir/standby/postgresql.auto.conf" \
      || die "pg_basebackup -R did not write application_name=$app_name into primary_conninfo"
    as_pg tee -a "$dir/standby/postgresql.auto.conf" >/dev/null <<'EOF'
# Once promoted, this server has no synchronous standby: do not wait for one.
synchronous_standby_names = ''
EOF
    as_pg "$bin/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w \
      -o "-p $sport -k $dir" start >/dev/null
    # From here on a commit on the primary waits for the standby.
    sql "$pport" "ALTER SYSTEM SET synchronous_standby_names = '$app_name'"
    sql "$pport" "SELECT pg_reload_conf()" >/dev/null
    deadline=$(( $(now_ms) + 60000 ))
    until [ "$(sql "$pport" "SELECT sync_state || '/' || state FROM pg_stat_replication
                               WHERE application_name = '$app_name'")" = "sync/streaming" ]; do
      [ "$(now_ms)" -lt "$deadline" ] || die "the standby is not a sync/streaming standby after 60 s (see $dir/*.log)"
      sleep 0.1
    done
    echo "postgres://eid@127.0.0.1:$pport/eid"
    echo "postgres://eid@127.0.0.1:$sport/eid"
    ;;
  promote)
    [ $# -eq 2 ] || usage
    [ -f "$dir/standby/postmaster.pid" ] || die "no standby running in $dir/standby"
    sport="$(sed -n 4p "$dir/standby/postmaster.pid")"
    ppid="$(head -1 "$dir/primary/postmaster.pid" 2>/dev/null || true)"
    # pg_ctl's own waiting (-w) polls every 100 ms, which would dominate the time measured, so
    # both steps run without it and this script polls every 10 ms instead.
    t0="$(now_ms)"; deadline=$(( t0 + 60000 ))
    as_pg "$bin/pg_ctl" -D "$dir/primary" -m immediate --no-wait stop >/dev/null 2>&1 || true
    # The standby is promoted only once the primary's postmaster is gone (it waits for every
    # backend, then removes postmaster.pid: what pg_ctl -w waits for), so the old primary can
    # accept nothing more. A dead postmaster can stay a zombie for a while (pg_ctl detaches it, and
    # whatever reaps orphans may be slow), so kill -0 alone is not enough.
    while [ -n "$ppid" ] && [ -e "$dir/primary/postmaster.pid" ] \
        && [ "$(awk '{print $3}' "/proc/$ppid/stat" 2>/dev/null || echo gone)" != Z ] \
        && kill -0 "$ppid" 2>/dev/null; do
      [ "$(now_ms)" -lt "$deadline" ] || die "the primary (pid $ppid) did not exit"
      sleep 0.01
    done
    as_pg "$bin/pg_ctl" -D "$dir/standby" --no-wait promote >/dev/null
    until [ "$(sql "$sport" "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ]; do
      [ "$(now_ms)" -lt "$deadline" ] || die "the standby is still in recovery after 60 s (see $dir/standby.log)"
      sleep 0.01
    done
    # A write: txid_current() assigns a transaction id (refused during recovery) and its commit
    # writes a commit record, which would hang if the promoted server waited for a standby.
    timeout 10 "$bin/psql" -X -q -tA -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$sport" -U eid -d eid \
      -c "SELECT txid_current()" >/dev/null \
      || die "the promoted standby did not commit a write within 10 s (see $dir/standby.log)"
    echo $(( $(now_ms) - t0 ))
    ;;
  stop)
    [ $# -eq 2 ] || usage
    for server in primary standby; do
      [ -d "$dir/$server" ] && as_pg "$bin/pg_ctl" -D "$dir/$server" -m immediate stop >/dev/null 2>&1 || true
    done
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
