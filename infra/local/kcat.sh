#!/usr/bin/env bash
# kcat for the agency guide's recipe (docs/agencies.md), which a test runs against the local broker.
# Debian 12's kcat 1.7.1 links librdkafka 2.0.2, which fails Kafka 4's SCRAM exchange (fixed in librdkafka 2.6.1):
# the wrapper this writes runs that kcat on the librdkafka the confluent-kafka wheel bundles (from PyPI, pinned), by
# LD_LIBRARY_PATH. Nothing else on the machine changes.
#   kcat.sh path   installs what is missing (apt-get kcat as root, the wheel with pip) and prints the wrapper's path
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="$PWD/infra/local/.data/kcat"
# the librdkafka inside confluent-kafka 2.16.2 is 2.16.0
WHEEL_VERSION=2.16.2

case "${1:-}" in
path) ;;
*)
  echo "usage: infra/local/kcat.sh path" >&2
  exit 2
  ;;
esac

if ! command -v kcat >/dev/null; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "kcat.sh: no kcat, and apt-get needs root: install Debian's kcat package" >&2
    exit 1
  fi
  echo "kcat.sh: installing kcat (apt-get)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat >/dev/null
fi

if [ ! -e "$dir/lib/librdkafka.so.1" ]; then
  echo "kcat.sh: fetching librdkafka (confluent-kafka $WHEEL_VERSION wheel)" >&2
  rm -rf "$dir" && mkdir -p "$dir/wheel" "$dir/lib"
  python3 -m pip download --quiet --no-deps --only-binary=:all: --platform manylinux_2_28_x86_64 \
    --python-version 3.11 -d "$dir/wheel" "confluent-kafka==$WHEEL_VERSION"
  python3 -m zipfile -e "$dir"/wheel/confluent_kafka-*.whl "$dir/wheel/x"
  ln -s "$(ls "$dir"/wheel/x/confluent_kafka.libs/librdkafka*.so*)" "$dir/lib/librdkafka.so.1"
fi

cat >"$dir/kcat" <<WRAPPER
#!/bin/sh
LD_LIBRARY_PATH="$dir/lib\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec "$(command -v kcat)" "\$@"
WRAPPER
chmod +x "$dir/kcat"
"$dir/kcat" -V | grep -Eq 'librdkafka (2\.([6-9]|[1-9][0-9])|[3-9])\.' || {
  echo "kcat.sh: the wrapper does not run kcat on the new librdkafka" >&2
  exit 1
}
echo "$dir/kcat"
