#!/usr/bin/env bash
# A local hot standby of this machine's PostgreSQL cluster, for the replica tests and the load test.
#
#   scripts/replica.sh up       create (or repair) the standby and wait until it streams; safe to rerun
#   scripts/replica.sh status   is it streaming, and how far behind
#   scripts/replica.sh stop|start
#   scripts/replica.sh down     drop the standby cluster (the primary keeps its replication line)
#
# Debian's cluster tools (postgresql-common): the standby is a second cluster of the same
# major version on its own port, cloned with `pg_basebackup -R` (which writes
# primary_conninfo and standby.signal) and kept current by streaming replication.
# The primary gets a `host replication` line in pg_hba.conf (trust from 127.0.0.1, like
# the development cluster's other lines) and keeps some WAL for a standby that restarts.
# Settings: PG_VERSION, PRIMARY_CLUSTER (main), PRIMARY_PORT (5432), REPLICA_CLUSTER
# (replica), REPLICA_PORT (5433). See docs/scaling.md.
set -euo pipefail

VERSION=${PG_VERSION:-$(ls /etc/postgresql | sort -V | tail -1)}
PRIMARY=${PRIMARY_CLUSTER:-main}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA=${REPLICA_CLUSTER:-replica}
REPLICA_PORT=${REPLICA_PORT:-5433}
HOST=127.0.0.1

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}
ctl() { pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$@"; }
sql() {  # sql PORT QUERY
  psql -h "$HOST" -p "$1" -U postgres -d postgres -XAtqc "$2"
}
wait_ready() {  # wait_ready PORT [SECONDS]
  for _ in $(seq 1 "${2:-60}"); do pg_isready -h "$HOST" -p "$1" -q && return 0; sleep 1; done
  echo "PostgreSQL on port $1 did not come up" >&2; return 1
}
replica_exists() { [ -f "/etc/postgresql/$VERSION/$REPLICA/postgresql.conf" ]; }
drop_replica() {
  if replica_exists; then pg_dropcluster --stop "$VERSION" "$REPLICA"; fi
  # pg_dropcluster leaves the folder when it holds files it did not write (conf.d).
  rm -rf "/etc/postgresql/$VERSION/$REPLICA"
}
streaming() {
  [ "$(sql "$REPLICA_PORT" "select status from pg_stat_wal_receiver" 2>/dev/null)" = streaming ]
}

configure_primary() {
  if ! pg_isready -h "$HOST" -p "$PRIMARY_PORT" -q; then
    ctl "$PRIMARY" start
    wait_ready "$PRIMARY_PORT"
  fi
  local hba conf changed=0
  hba=$(sql "$PRIMARY_PORT" "show hba_file")
  if ! grep -Eq "^host[[:space:]]+replication[[:space:]]+all[[:space:]]+$HOST/32" "$hba"; then
    printf '\n# streaming replication to a local standby (scripts/replica.sh)\nhost replication all %s/32 trust\n' "$HOST" >>"$hba"
    changed=1
  fi
  conf="/etc/postgresql/$VERSION/$PRIMARY/conf.d/95-replication.conf"
  if [ ! -f "$conf" ]; then
    # wal_level=replica and max_wal_senders=10 are PostgreSQL's defaults; keep enough
    # WAL that a standby stopped for a while (the tests stop it) can catch up.
    printf "# written by scripts/replica.sh\nwal_keep_size = '256MB'\n" >"$conf"
    changed=1
  fi
  if [ "$changed" = 1 ]; then
    sql "$PRIMARY_PORT" "select pg_reload_conf()" >/dev/null
  fi
  if [ "$(sql "$PRIMARY_PORT" "show wal_level")" = minimal ]; then
    echo "the primary runs with wal_level=minimal; set wal_level=replica and restart it" >&2
    exit 1
  fi
}

create_replica() {
  echo "creating standby cluster $VERSION/$REPLICA on port $REPLICA_PORT"
  pg_createcluster "$VERSION" "$REPLICA" -p "$REPLICA_PORT" --start-conf=manual >/dev/null
  local data="/var/lib/postgresql/$VERSION/$REPLICA"
  cat >"/etc/postgresql/$VERSION/$REPLICA/conf.d/90-standby.conf" <<CONF
# written by scripts/replica.sh
listen_addresses = '$HOST'
port = $REPLICA_PORT
hot_standby = on
# Tell the primary which rows standby queries still read, so its vacuum does not
# cancel them ("conflict with recovery") under a long read.
hot_standby_feedback = on
CONF
  # The standby accepts the clients the primary accepts.
  cp "$(sql "$PRIMARY_PORT" "show hba_file")" "/etc/postgresql/$VERSION/$REPLICA/pg_hba.conf"
  as_postgres find "$data" -mindepth 1 -delete
  as_postgres pg_basebackup -h "$HOST" -p "$PRIMARY_PORT" -U postgres -D "$data" -R -X stream -c fast \
    -d "application_name=$REPLICA"
  ctl "$REPLICA" start
  wait_ready "$REPLICA_PORT"
}

wait_streaming() {  # wait_streaming [SECONDS]
  for _ in $(seq 1 "${1:-60}"); do streaming && return 0; sleep 1; done
  return 1
}

up() {
  configure_primary
  if replica_exists; then
    pg_isready -h "$HOST" -p "$REPLICA_PORT" -q || { ctl "$REPLICA" start || true; wait_ready "$REPLICA_PORT" 20 || true; }
    if wait_streaming 30; then
      echo "standby $VERSION/$REPLICA on port $REPLICA_PORT is streaming"
      return 0
    fi
    echo "standby $VERSION/$REPLICA exists but does not stream; recreating it"
  fi
  drop_replica
  create_replica
  wait_streaming || { echo "the standby does not stream; see /var/log/postgresql/postgresql-$VERSION-$REPLICA.log" >&2; exit 1; }
  echo "standby $VERSION/$REPLICA on port $REPLICA_PORT is streaming"
}

status() {
  if ! replica_exists; then echo "no standby cluster $VERSION/$REPLICA"; return 1; fi
  if ! pg_isready -h "$HOST" -p "$REPLICA_PORT" -q; then echo "standby $VERSION/$REPLICA is stopped"; return 1; fi
  sql "$REPLICA_PORT" "select 'receiver: ' || coalesce((select status from pg_stat_wal_receiver), 'none')
    || ', replay lag: ' || coalesce(round(extract(epoch from now() - pg_last_xact_replay_timestamp())::numeric, 3)::text, '?') || ' s'
    || case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then ' (caught up)' else '' end"
}

case "${1:-up}" in
  up) up ;;
  status) status ;;
  stop) ctl "$REPLICA" stop ;;
  start) ctl "$REPLICA" start; wait_ready "$REPLICA_PORT"; wait_streaming ;;
  down) drop_replica ;;
  *) echo "usage: $0 [up|status|stop|start|down]" >&2; exit 2 ;;
esac
