#!/usr/bin/env bash
# FerretDB 1.24 (MongoDB wire protocol over SQLite) on loopback, for the MongoDB read-store adapter.
#
#   infra/local/ferretdb.sh up       build once (cached), start, wait until it answers a ping
#   infra/local/ferretdb.sh down     stop (no-op when stopped)
#   infra/local/ferretdb.sh status   exit 0 when running and answering, 3 when stopped
#   infra/local/ferretdb.sh env      print MONGODB_URL=… (eval "$(infra/local/ferretdb.sh env)")
#
# Every command is idempotent. Needs Go (the module proxy) for the first build only.
set -euo pipefail

VERSION=v1.24.2
MODULE=github.com/FerretDB/FerretDB
ADDR=127.0.0.1
PORT=${FERRETDB_PORT:-57017}
DATABASE=appeals

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=$ROOT/infra/local/.data
DATA=$STATE/ferretdb
LOG=$STATE/ferretdb.log
PIDFILE=$STATE/ferretdb.pid
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

up() {
  build
  mkdir -p "$DATA"
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
  # setsid: the server outlives this shell and its process group.
  setsid "$BIN" \
    --handler=sqlite \
    --sqlite-url="file:$DATA/" \
    --listen-addr="$ADDR:$PORT" \
    --state-dir="$DATA" \
    --debug-addr=- \
    --telemetry=disable \
    --log-level=info \
    </dev/null >>"$LOG" 2>&1 &
  local pid=$!
  echo "$pid" >"$PIDFILE"
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
  say "up (pid $(cat "$PIDFILE")) on $ADDR:$PORT, data $DATA, log $LOG"
}

down() {
  if ! pid_running; then
    rm -f "$PIDFILE"
    say "not running"
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
}

status() {
  if pid_running && ping_once; then
    echo "ferretdb: running (pid $(cat "$PIDFILE")) on $ADDR:$PORT"
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
  env) echo "MONGODB_URL=mongodb://$ADDR:$PORT/$DATABASE" ;;
  build) build ;;
  *)
    echo "usage: $0 up|down|status|env" >&2
    exit 2
    ;;
esac
