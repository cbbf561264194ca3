#!/usr/bin/env bash
# FerretDB 1.24 (MongoDB wire protocol) on loopback, for the MongoDB read-store adapter. Its backend is a PostgreSQL
# server of its own (infra/local/postgres.sh with POSTGRES_INSTANCE=views, database `ferretdb`), which `up` and `down`
# start and stop with it: the SQLite backend serialises every write and scans for revision-guarded updates, which made
# it the cluster's bottleneck (docs/benchmarks.md). FERRETDB_BACKEND=sqlite keeps the old file backend
# (infra/local/.data/ferretdb) for a machine without PostgreSQL.
#
#   infra/local/ferretdb.sh up       build once (cached), start, wait until it answers a ping
#   infra/local/ferretdb.sh down     stop (no-op when stopped)
#   infra/local/ferretdb.sh status   exit 0 when running and answering, 3 when stopped
#   infra/local/ferretdb.sh env      print MONGODB_URL=… (eval "$(infra/local/ferretdb.sh env)")
#
# Every command is idempotent. Needs Go (the module proxy) for the first build only. `up` restarts a server that
# runs on another backend. FERRETDB_PORT (default 57017) and FERRETDB_POSTGRES_PORT (its backend's, 55433) move them.
# FERRETDB_DEBUG_ADDR=127.0.0.1:8088 serves its metrics and pprof profiles (off by default).
set -euo pipefail

VERSION=v1.24.2
MODULE=github.com/FerretDB/FerretDB
ADDR=127.0.0.1
PORT=${FERRETDB_PORT:-57017}
DATABASE=appeals
BACKEND=${FERRETDB_BACKEND:-postgresql}
[[ $BACKEND == postgresql || $BACKEND == sqlite ]] || { echo "ferretdb: FERRETDB_BACKEND must be postgresql or sqlite" >&2; exit 2; }
# Its backend is a PostgreSQL server of its own (infra/local/postgres.sh with POSTGRES_INSTANCE=views), started and
# stopped with it: the event store's server can then restart (pnpm chaos does) without taking the views down, as
# with MongoDB in production. The role and database are the ones postgres.sh creates there.
VIEWS_PG_PORT=${FERRETDB_POSTGRES_PORT:-55433}
POSTGRES_URL="postgres://appeals:appeals@127.0.0.1:$VIEWS_PG_PORT/ferretdb"
views_pg() { POSTGRES_INSTANCE=views POSTGRES_PORT=$VIEWS_PG_PORT bash "$(dirname "${BASH_SOURCE[0]}")/postgres.sh" "$@"; }
# FerretDB 1.24 passes a filter down to its backend's WHERE only for plain top-level `{ field: value }` conditions
# (the MongoDB read store adds them, query.ts) and, with this flag, for dotted paths, which every view field is
# (`doc.<field>`). Without it each query on a view reads and decodes every document of its collection in FerretDB:
# 2.3 s against 44 ms for a duplicate-index look-up among 3,000 entries (docs/benchmarks.md).
PUSHDOWN=--test-enable-nested-pushdown
# what the running server was started on, to restart one started on another backend or without the pushdown
BACKEND_ID="$BACKEND+nested-pushdown"
[[ $BACKEND == sqlite ]] || BACKEND_ID="postgresql@$VIEWS_PG_PORT+nested-pushdown"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=$ROOT/infra/local/.data
DATA=$STATE/ferretdb
LOG=$STATE/ferretdb.log
PIDFILE=$STATE/ferretdb.pid
# the backend the running server was started with
BACKEND_FILE=$STATE/ferretdb.backend
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/appeals-infra/ferretdb-$VERSION
GOBIN_DIR=$CACHE/bin
BIN=$GOBIN_DIR/ferretdb

say() { echo "ferretdb: $*" >&2; }
die() {
  say "$*"
  exit 1
}

# `go install $MODULE/cmd/ferretdb@$VERSION` alone builds a binary that panics at start: the module
# zip lacks the generated build/version/version.txt, which cmd/ferretdb requires. So: fetch the same
# module through the proxy, add that one file to a private copy, and `go install` from the copy.
build() {
  if [[ -x $BIN ]] && "$BIN" --version >/dev/null 2>&1; then return; fi
  command -v go >/dev/null || die "Go is needed to build FerretDB $VERSION (https://go.dev/dl)"
  mkdir -p "$CACHE"
  (
    flock 9
    if [[ -x $BIN ]] && "$BIN" --version >/dev/null 2>&1; then exit 0; fi
    say "building FerretDB $VERSION into $GOBIN_DIR (first time only, a few minutes)"
    local started=$SECONDS dir src=$CACHE/src
    dir=$(go mod download -json "$MODULE@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [[ -n $dir && -d $dir ]] || die "go mod download $MODULE@$VERSION failed"
    rm -rf "$src"
    cp -R "$dir" "$src"
    chmod -R u+w "$src"
    echo "$VERSION" >"$src/build/version/version.txt"
    (cd "$src" && GOBIN=$GOBIN_DIR GOFLAGS=-buildvcs=false go install -trimpath ./cmd/ferretdb)
    "$BIN" --version >/dev/null || die "the built binary does not run: $BIN"
    rm -rf "$src"
    say "built in $((SECONDS - started))s"
  ) 9>"$CACHE/.lock"
}

pid_running() {
  [[ -f $PIDFILE ]] || return 1
  local pid
  pid=$(cat "$PIDFILE")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    [[ $(readlink -f "/proc/$pid/exe" 2>/dev/null) == "$(readlink -f "$BIN")" ]]
}

# A driver ping (`ferretdb ping` needs the experimental new auth); a TCP check before `pnpm install`.
ping_once() {
  node "$ROOT/infra/local/mongo-ping.cjs" "mongodb://$ADDR:$PORT/$DATABASE" 2000
}

port_taken() {
  ss -Hltn "sport = :$PORT" 2>/dev/null | grep -q .
}

running_backend() {
  if [[ -f $BACKEND_FILE ]]; then cat "$BACKEND_FILE"; else echo sqlite; fi
}

backend_args() {
  if [[ $BACKEND == postgresql ]]; then
    echo "--handler=postgresql" "--postgresql-url=$POSTGRES_URL"
  else
    echo "--handler=sqlite" "--sqlite-url=file:$DATA/"
  fi
}

up() {
  build
  mkdir -p "$DATA"
  if pid_running && [[ $(running_backend) != "$BACKEND_ID" ]]; then
    say "pid $(cat "$PIDFILE") runs on the $(running_backend) backend; restarting it on $BACKEND_ID"
    down
  fi
  if pid_running; then
    if ping_once; then
      say "already running (pid $(cat "$PIDFILE")) on $ADDR:$PORT"
      return
    fi
    say "pid $(cat "$PIDFILE") is not answering; restarting it"
    down
  fi
  rm -f "$PIDFILE"
  # Keep one previous log once it grows past 10 MB (it logs every connection at info level).
  if [[ -f $LOG ]] && (($(stat -c %s "$LOG") > 10485760)); then mv -f "$LOG" "$LOG.1"; fi
  port_taken && die "port $PORT is taken by another process (ss -ltnp 'sport = :$PORT')"
  if [[ $BACKEND == postgresql ]]; then views_pg up; fi
  # setsid: the server outlives this shell and its process group.
  # shellcheck disable=SC2046 # backend_args prints separate arguments without spaces inside
  setsid "$BIN" \
    $(backend_args) \
    --listen-addr="$ADDR:$PORT" \
    --state-dir="$DATA" \
    --debug-addr="${FERRETDB_DEBUG_ADDR:--}" \
    --telemetry=disable \
    "$PUSHDOWN" \
    --log-level=info \
    </dev/null >>"$LOG" 2>&1 &
  local pid=$!
  echo "$pid" >"$PIDFILE"
  echo "$BACKEND_ID" >"$BACKEND_FILE"
  local deadline=$((SECONDS + 30))
  until ping_once; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$LOG" >&2 || true
      rm -f "$PIDFILE"
      die "exited during start-up; log: $LOG"
    fi
    ((SECONDS < deadline)) || die "no ping answer within 30s; log: $LOG"
    sleep 0.2
  done
  say "up (pid $(cat "$PIDFILE")) on $ADDR:$PORT, $BACKEND backend, log $LOG"
}

down() {
  if ! pid_running; then
    rm -f "$PIDFILE"
    say "not running"
    views_pg down
    return
  fi
  local pid
  pid=$(cat "$PIDFILE")
  kill -TERM "$pid"
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "pid $pid ignored SIGTERM for 10s; sending SIGKILL"
    kill -KILL "$pid"
  fi
  rm -f "$PIDFILE"
  say "stopped (pid $pid)"
  views_pg down
}

status() {
  if pid_running && ping_once; then
    echo "ferretdb: running (pid $(cat "$PIDFILE")) on $ADDR:$PORT, $(running_backend) backend"
  elif pid_running; then
    echo "ferretdb: pid $(cat "$PIDFILE") running but not answering on $ADDR:$PORT"
    return 1
  else
    echo "ferretdb: stopped"
    return 3
  fi
}

case ${1:-} in
  up) up ;;
  down) down ;;
  status) status ;;
  # maxPoolSize: FerretDB's own pool holds 50 PostgreSQL connections, and an operation can take a second one while it
  # holds the first; with the driver's 100 per process, a burst (a restarted projections catching up while readers
  # poll) once held all 50 waiting for more, and FerretDB answered nothing, ping included, until the run timed out.
  # Ten per process keeps the cluster's three view readers (projections, intake, audit) under FerretDB's pool.
  # MongoDB needs no such cap.
  env) echo "MONGODB_URL=mongodb://$ADDR:$PORT/$DATABASE?maxPoolSize=10" ;;
  build) build ;;
  *)
    echo "usage: $0 up|down|status|env" >&2
    exit 2
    ;;
esac
