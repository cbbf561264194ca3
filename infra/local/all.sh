#!/usr/bin/env bash
# Every server the production-mode tests use, on loopback, without Docker:
#   PostgreSQL (event store), Apache Kafka (bus), FerretDB (MongoDB wire protocol, read views; its backend is a
#   second PostgreSQL server that ferretdb.sh starts and stops, so the event store's server restarts alone).
#
#   infra/local/all.sh up       provision (cached) and start all three; idempotent
#   infra/local/all.sh down     stop all three (data stays in infra/local/.data)
#   infra/local/all.sh status   one line per server; exit 0 only when all answer
#   infra/local/all.sh env      POSTGRES_URL=…, KAFKA_BROKERS=…, KAFKA_SASL_*=… (admin), KAFKA_USERS_FILE=…, MONGODB_URL=…
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SERVERS=(postgres kafka ferretdb)

case "${1:-}" in
  up)
    for s in "${SERVERS[@]}"; do
      started=$(date +%s)
      bash "$HERE/$s.sh" up
      echo "infra: $s up in $(($(date +%s) - started)) s" >&2
    done
    ;;
  down)
    for s in "${SERVERS[@]}"; do bash "$HERE/$s.sh" down || true; done
    ;;
  status)
    failed=0
    for s in "${SERVERS[@]}"; do
      if bash "$HERE/$s.sh" status >/dev/null 2>&1; then echo "$s: up"; else echo "$s: down"; failed=1; fi
    done
    exit "$failed"
    ;;
  env)
    for s in "${SERVERS[@]}"; do bash "$HERE/$s.sh" env; done
    ;;
  *)
    echo "usage: infra/local/all.sh up|down|status|env" >&2
    exit 2
    ;;
esac
