#!/usr/bin/env bash
# A PostgreSQL server on loopback for the production-mode adapters and their tests, without Docker.
#
#   infra/local/postgres.sh up       install (only if missing), initdb (once), start, wait until ready,
#                                    create role and database `appeals` (once); a no-op when already up
#   infra/local/postgres.sh down     stop the server (its data stays in infra/local/.data/postgres)
#   infra/local/postgres.sh status   exit 0 when ready, 1 when running but not ready, 3 when stopped
#   infra/local/postgres.sh env      print POSTGRES_URL=... (e.g. `export $(infra/local/postgres.sh env)`)
#   POSTGRES_INSTANCE=views …       the same for FerretDB's backend, a second server (data in .data/postgres-views,
#                                    port 55433, database `ferretdb` with the index trigger of ferretdb-indexes.sql);
#                                    infra/local/ferretdb.sh starts and stops it
#   infra/local/postgres.sh reset    stop and delete the cluster (every database in it)
#
# Binaries come from Debian's `postgresql` package; the newest /usr/lib/postgresql/<version>/bin is used.
# Listens on 127.0.0.1:55432 (POSTGRES_PORT) only (TCP: scram-sha-256 passwords); the superuser (the OS user that owns the
# cluster) is reachable only through a private Unix socket (peer authentication). Log: infra/local/.data/postgres.log.
# As root the server runs as the `postgres` OS user (initdb refuses root); as another user, as that user.
# Every command is idempotent and safe to run concurrently (a lock serialises them).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DATA_ROOT="$HERE/.data"
HOST=127.0.0.1
# Two servers run from this script: the event store's (POSTGRES_INSTANCE unset, port 55432) and FerretDB's backend
# (POSTGRES_INSTANCE=views, port 55433; infra/local/ferretdb.sh starts it). In production the read views live in
# MongoDB, a server of their own: restarting the event store's PostgreSQL must not take the views down with it.
INSTANCE="${POSTGRES_INSTANCE:-}"
[[ -z $INSTANCE || $INSTANCE == views ]] || { echo "postgres: POSTGRES_INSTANCE must be unset or views" >&2; exit 2; }
if [[ $INSTANCE == views ]]; then
  NAME=postgres-views
  PORT="${POSTGRES_PORT:-55433}"
else
  NAME=postgres
  PORT="${POSTGRES_PORT:-55432}"
fi
APP_USER=appeals
APP_PASSWORD=appeals
APP_DB=appeals
# FerretDB's own database (infra/local/ferretdb.sh keeps the read views there), owned by the same role.
FERRETDB_DB=ferretdb
if [[ $INSTANCE == views ]]; then DB=$FERRETDB_DB; else DB=$APP_DB; fi
URL="postgres://$APP_USER:$APP_PASSWORD@$HOST:$PORT/$DB"
START_TIMEOUT_S="${POSTGRES_START_TIMEOUT_S:-60}"

say() { echo "$NAME: $*" >&2; }
die() { say "$*"; exit 1; }

IS_ROOT=false
[[ $(id -u) == 0 ]] && IS_ROOT=true
if $IS_ROOT; then OS_USER=postgres; else OS_USER=$(id -un); fi

# Runs a command as the OS user that owns the cluster, from / (every path here is absolute, and the
# caller's directory may be unreadable for that user, or gone).
as_owner() {
  if $IS_ROOT; then (cd / && runuser -u postgres -- "$@"); else (cd / && "$@"); fi
}

# The newest installed server's bin dir, or nothing.
find_bin() {
  local dir best=""
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" && -x "$dir/pg_isready" ]] || continue
    if [[ -z "$best" ]] || (($(basename "$(dirname "$dir")") > $(basename "$(dirname "$best")"))); then best=$dir; fi
  done
  echo "$best"
}

# Installs Debian's postgresql package when no server binaries are present.
ensure_installed() {
  BIN=$(find_bin)
  if [[ -n "$BIN" ]]; then return; fi
  if ! $IS_ROOT || ! command -v apt-get >/dev/null; then
    die "no PostgreSQL server in /usr/lib/postgresql/*/bin: install Debian's postgresql package first (as root)"
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Refresh the package lists only when they do not know the package, or an install from them fails.
  local policy
  policy=$(apt-cache policy postgresql 2>/dev/null || true)
  if [[ "$policy" != *"Candidate: "[0-9]* ]]; then
    say "apt-get update (package lists do not know postgresql)"
    apt-get update -qq
  fi
  say "installing postgresql (once)"
  if ! apt-get install -y -qq --no-install-recommends postgresql >/dev/null; then
    say "install failed; refreshing package lists and retrying"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  BIN=$(find_bin)
  [[ -n "$BIN" ]] || die "postgresql installed but no server found in /usr/lib/postgresql/*/bin"
}

# Where the cluster lives. The postgres OS user must be able to reach it; a checkout it cannot traverse
# (e.g. under /root) gets a directory under /var/tmp named after the checkout instead.
resolve_paths() {
  local base="$DATA_ROOT"
  if $IS_ROOT && id postgres >/dev/null 2>&1; then
    mkdir -p "$DATA_ROOT"
    if ! runuser -u postgres -- test -x "$DATA_ROOT"; then
      base="/var/tmp/appeals-postgres-$(echo -n "$HERE" | sha256sum | cut -c1-12)"
    fi
  fi
  PGDATA_DIR="$base/$NAME"
  LOG="$base/$NAME.log"
  SOCKET_DIR="$base/$NAME-run"
  # A Unix socket path must fit in 107 bytes.
  if ((${#SOCKET_DIR} > 90)); then SOCKET_DIR="/tmp/appeals-postgres-$PORT"; fi
}

pg_ctl_() { as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" "$@"; }
running() { [[ -f "$PGDATA_DIR/postmaster.pid" ]] && pg_ctl_ status >/dev/null 2>&1; }
ready() { "$BIN/pg_isready" -q -h "$HOST" -p "$PORT" -d "$DB" -U "$APP_USER" -t 2; }
# psql as the superuser over the private socket.
psql_admin() { as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$PORT" -U "$OS_USER" -d postgres "$@"; }

init_cluster() {
  mkdir -p "$(dirname "$PGDATA_DIR")" "$SOCKET_DIR"
  if $IS_ROOT; then chown postgres: "$SOCKET_DIR"; fi
  chmod 700 "$SOCKET_DIR"
  touch "$LOG"
  if $IS_ROOT; then chown postgres: "$LOG"; fi
  if [[ -f "$PGDATA_DIR/PG_VERSION" ]]; then return; fi
  say "initdb $PGDATA_DIR"
  rm -rf "$PGDATA_DIR"
  mkdir -p "$PGDATA_DIR"
  if $IS_ROOT; then chown postgres: "$PGDATA_DIR"; fi
  chmod 700 "$PGDATA_DIR"
  local pwfile
  pwfile=$(mktemp)
  # The superuser gets a random password nobody needs: it logs in through the socket (peer).
  head -c 24 /dev/urandom | base64 >"$pwfile"
  if $IS_ROOT; then chown postgres: "$pwfile"; fi
  as_owner "$BIN/initdb" -D "$PGDATA_DIR" -U "$OS_USER" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "include_if_exists = 'appeals.conf'" >>"$PGDATA_DIR/postgresql.conf"
}

# Our settings, rewritten on every start so a change here reaches an existing cluster.
write_config() {
  cat >"$PGDATA_DIR/appeals.conf" <<EOF
# Generated by infra/local/postgres.sh on 'up'; edits are overwritten.
listen_addresses = '$HOST'
port = $PORT
unix_socket_directories = '$SOCKET_DIR'
# A development and test server: a crash may lose the last commits, never corrupts.
synchronous_commit = off
max_connections = 200
EOF
  if $IS_ROOT; then chown postgres: "$PGDATA_DIR/appeals.conf"; fi
}

start() {
  say "starting on $HOST:$PORT (log: $LOG)"
  # 9>&-: the server must not inherit the lock's descriptor, or it would hold the lock while it runs.
  if ! pg_ctl_ -l "$LOG" -w -t "$START_TIMEOUT_S" start >/dev/null 9>&-; then
    tail -n 30 "$LOG" >&2 || true
    die "did not start; see $LOG"
  fi
}

wait_ready() {
  local deadline=$((SECONDS + START_TIMEOUT_S))
  until "$BIN/pg_isready" -q -h "$HOST" -p "$PORT" -t 2; do
    if ((SECONDS > deadline)); then
      tail -n 30 "$LOG" >&2 || true
      die "not accepting connections on $HOST:$PORT after ${START_TIMEOUT_S}s"
    fi
    sleep 0.2
  done
}

ensure_app_database() {
  local role db
  role=$(psql_admin -At -c "SELECT 1 FROM pg_roles WHERE rolname = '$APP_USER'")
  if [[ "$role" != 1 ]]; then
    say "creating role $APP_USER"
    psql_admin -c "CREATE ROLE $APP_USER LOGIN PASSWORD '$APP_PASSWORD'"
  fi
  # the event store's server holds the application's database, the views server FerretDB's backend
  db=$DB
  if [[ $(psql_admin -At -c "SELECT 1 FROM pg_database WHERE datname = '$db'") != 1 ]]; then
    say "creating database $db"
    # The owner may create schemas in it (the adapters' tests make one per test file; FerretDB one per database).
    psql_admin -c "CREATE DATABASE $db OWNER $APP_USER ENCODING 'UTF8' TEMPLATE template0"
  fi
  [[ $INSTANCE == views ]] || return 0
  # the indexes FerretDB's look-ups by _id need (see the file)
  as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$PORT" -U "$OS_USER" -d "$FERRETDB_DB" \
    <"$HERE/ferretdb-indexes.sql"
}

cmd_up() {
  ensure_installed
  resolve_paths
  if running && ready; then
    ensure_app_database
    say "already up on $HOST:$PORT"
    return
  fi
  init_cluster
  write_config
  if ! running; then
    if "$BIN/pg_isready" -q -h "$HOST" -p "$PORT" -t 2; then
      die "port $PORT is taken by another server (another checkout's cluster? stop it with its postgres.sh down)"
    fi
    start
  fi
  wait_ready
  ensure_app_database
  say "ready: $URL"
}

cmd_down() {
  BIN=$(find_bin)
  [[ -n "$BIN" ]] || { say "not installed"; return; }
  resolve_paths
  if running; then
    pg_ctl_ -m fast -w -t 60 stop >/dev/null
    say "stopped"
  else
    say "not running"
  fi
}

cmd_status() {
  BIN=$(find_bin)
  [[ -n "$BIN" ]] || { say "not installed"; exit 3; }
  resolve_paths
  if ready; then
    if running; then
      say "ready on $HOST:$PORT ($("$BIN/postgres" --version), data: $PGDATA_DIR)"
    else
      say "ready on $HOST:$PORT, served by a cluster other than $PGDATA_DIR"
    fi
    exit 0
  fi
  if running; then
    say "running but not ready on $HOST:$PORT"
    exit 1
  fi
  say "stopped"
  exit 3
}

cmd_reset() {
  cmd_down
  [[ -n "${PGDATA_DIR:-}" ]] || resolve_paths
  rm -rf "$PGDATA_DIR" "$LOG" "$SOCKET_DIR"
  say "deleted $PGDATA_DIR"
}

with_lock() {
  mkdir -p "$DATA_ROOT"
  exec 9>"$DATA_ROOT/$NAME.lock"
  flock 9
  "$@"
}

case "${1:-}" in
  up) with_lock cmd_up ;;
  down) with_lock cmd_down ;;
  status) cmd_status ;;
  env) if [[ $INSTANCE == views ]]; then echo "FERRETDB_POSTGRES_URL=$URL"; else echo "POSTGRES_URL=$URL"; fi ;;
  reset) with_lock cmd_reset ;;
  *)
    echo "usage: $0 up|down|status|env|reset" >&2
    exit 2
    ;;
esac
