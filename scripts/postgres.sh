#!/usr/bin/env bash
# postgres.sh - a PostgreSQL 15 server on localhost for Sweep's shared-store tests and benchmarks.
#
# Usage (as root, no systemd needed; Debian 12, postgresql 15):
#   scripts/postgres.sh start    install postgresql if missing, initdb a cluster under $PGDATA (once),
#                                start it with pg_ctl as the postgres user on $PGPORT (localhost only),
#                                create the role and database sweep (password from $PGPASSWORD, else
#                                `sweep`, remembered in ~/.pgpass); wait until it accepts connections. Does nothing (exit 0)
#                                when it already runs.
#   scripts/postgres.sh stop     stop the server (fast shutdown: clients are disconnected)
#   scripts/postgres.sh restart  stop, then start: what a fault test does to the database
#   scripts/postgres.sh status   print the state and the URL; exit 1 when it does not accept connections
#   scripts/postgres.sh url      print the JDBC URL of the sweep database
#
# Environment: PGDATA (default /var/lib/sweep-postgres), PGPORT (default 55432), PGPASSWORD.
set -euo pipefail

PGDATA="${PGDATA:-/var/lib/sweep-postgres}"
PGPORT="${PGPORT:-55432}"
PASSWORD="${PGPASSWORD:-sweep}"
BIN=/usr/lib/postgresql/15/bin
LOG="$PGDATA/server.log"
READY_TIMEOUT=30

log() { echo "postgres: $*" >&2; }
die() { log "error: $*"; exit 1; }

as_postgres() { runuser -u postgres -- "$@"; }

install_if_missing() {
  [[ -x "$BIN/pg_ctl" ]] && return
  log "installing postgresql (Debian's, 15)"
  "$(dirname "${BASH_SOURCE[0]}")/install-debian-packages.sh" postgresql
  [[ -x "$BIN/pg_ctl" ]] || die "$BIN/pg_ctl is missing after installing postgresql"
}

ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; }

init_cluster() {
  [[ -s "$PGDATA/PG_VERSION" ]] && return
  log "initdb $PGDATA"
  install -d -o postgres -g postgres -m 700 "$PGDATA"
  # trust on the local socket for the postgres user; passwords (scram) over TCP for everyone
  as_postgres "$BIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
}

create_database() {
  # the password goes through psql's variable quoting (:'pw'), never into the SQL text
  as_postgres psql -v ON_ERROR_STOP=1 -q -h /var/run/postgresql -p "$PGPORT" -d postgres -v pw="$PASSWORD" <<'SQL'
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sweep') AS missing \gset
\if :missing
  CREATE ROLE sweep LOGIN;
\endif
ALTER ROLE sweep PASSWORD :'pw';
SELECT NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'sweep') AS nodb \gset
\if :nodb
  CREATE DATABASE sweep OWNER sweep;
\endif
SQL
}

# The password of role sweep in the caller's ~/.pgpass (PostgreSQL's format), where the JDBC driver
# and psql find it: the tests' agents and `sweep agent --store postgresql://sweep@127.0.0.1:55432/sweep`
# then need no PGPASSWORD. Only a line for this server is added, and only once.
remember_password() {
  local file="${PGPASSFILE:-$HOME/.pgpass}" host
  touch "$file" && chmod 600 "$file"
  for host in 127.0.0.1 localhost; do
    grep -q "^$host:$PGPORT:sweep:sweep:" "$file" || echo "$host:$PGPORT:sweep:sweep:$PASSWORD" >> "$file"
  done
}

start() {
  install_if_missing
  remember_password
  if ready; then
    log "already accepting connections on 127.0.0.1:$PGPORT"
    return
  fi
  init_cluster
  install -d -o postgres -g postgres /var/run/postgresql
  log "starting on 127.0.0.1:$PGPORT"
  as_postgres "$BIN/pg_ctl" -D "$PGDATA" -l "$LOG" -w -t "$READY_TIMEOUT" \
    -o "-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=/var/run/postgresql -c max_connections=200" \
    start >/dev/null || { tail -20 "$LOG" >&2; die "the server did not start (its log: $LOG)"; }
  create_database
  ready || die "the server does not accept connections on 127.0.0.1:$PGPORT"
  log "ready: $(url)"
}

stop() {
  if [[ -s "$PGDATA/postmaster.pid" ]]; then
    as_postgres "$BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null && log "stopped"
  else
    log "not running"
  fi
}

url() { echo "jdbc:postgresql://127.0.0.1:$PGPORT/sweep?user=sweep"; }

status() {
  if ready; then
    log "accepting connections: $(url)"
  else
    log "not accepting connections on 127.0.0.1:$PGPORT"
    exit 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) status ;;
  url) url ;;
  *) echo "usage: $0 start|stop|restart|status|url" >&2; exit 2 ;;
esac
