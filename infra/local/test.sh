#!/usr/bin/env bash
# The README's test command (`pnpm test`): every suite, as CI runs them.
#   - Debian's Chromium for the browser specs (installed with apt-get when missing and run as root);
#   - kcat for the agency guide's recipe (infra/local/kcat.sh: Debian's kcat on a newer librdkafka from PyPI);
#   - PostgreSQL, Kafka and FerretDB on loopback (infra/local/all.sh): started when they are not up, and stopped
#     again at the end; servers already up (`pnpm infra:up`) are used and left running;
#   - `pnpm test:only`: the architecture's arrows (dependency-cruiser), then typecheck, lint and every package's tests;
#   - then `pnpm chaos` at CI size (CHAOS_APPEALS, default 500): the cluster from its builds, every process SIGKILLed
#     and restarted in turn, Kafka and PostgreSQL restarted once, and its checks (docs/reliability.md); TEST_CHAOS=off
#     leaves it out (it needs the servers, so TEST_SERVERS=none does too);
#   - one closing line summing every jest run: "jest: N passed, N failed".
# TEST_SERVERS=none runs without the servers: their suites then skip with a warning (and fail in CI).
set -euo pipefail
cd "$(dirname "$0")/../.."
INFRA=infra/local/all.sh

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "test: installing Chromium for the browser specs (apt-get)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ -x "$chromium" ]; then "$chromium" --version; else echo "test: no Chromium at $chromium: the browser specs skip (and fail in CI)" >&2; fi

# kcat for the agency guide's recipe (packages/agency-sdk/src/kcatRecipe.int.test.ts): infra/local/kcat.sh
if [ -z "${KCAT:-}" ]; then
  if kcat_path=$(bash infra/local/kcat.sh path); then
    export KCAT="$kcat_path"
  else
    echo "test: no kcat: the guide's kcat recipe test skips (and fails in CI)" >&2
  fi
fi

if [ "${TEST_SERVERS:-local}" != none ]; then
  if bash "$INFRA" status >/dev/null 2>&1; then
    echo "test: using the local servers already up" >&2
  else
    trap 'bash "$INFRA" down' EXIT
    bash "$INFRA" up
  fi
  while IFS= read -r line; do export "${line?}"; done < <(bash "$INFRA" env)
  bash "$INFRA" status
fi

log=$(mktemp)
set +e
pnpm run test:only 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
read -r passed failed < <(grep -Eo 'Tests: .*' "$log" | tr -d ',' |
  awk '{ for (i = 1; i < NF; i++) { if ($(i+1) == "passed") p += $i; if ($(i+1) == "failed") f += $i } } END { print p+0, f+0 }')
rm -f "$log"

chaos=skipped
if [ "${TEST_CHAOS:-on}" != off ] && [ "${TEST_SERVERS:-local}" != none ]; then
  echo "test: the cluster under faults (pnpm chaos, ${CHAOS_APPEALS:-500} appeals)" >&2
  set +e
  # a last bound (25 min; a CI-sized run takes 2 to 3): the run bounds each of its own steps, this catches the rest
  npx turbo run build --output-logs=errors-only &&
    timeout --kill-after=30 "${CHAOS_TIMEOUT_SECONDS:-1500}" pnpm -s chaos --appeals "${CHAOS_APPEALS:-500}" --concurrency 8
  chaos_status=$?
  [ "$chaos_status" = 124 ] && echo "test: pnpm chaos did not end in ${CHAOS_TIMEOUT_SECONDS:-1500} s" >&2
  set -e
  if [ "$chaos_status" = 0 ]; then chaos=passed; else chaos="failed (exit $chaos_status)"; status=1; fi
fi
echo "jest: ${passed} passed, ${failed} failed; chaos: ${chaos}"
exit "$status"
