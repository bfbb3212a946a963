#!/usr/bin/env bash
# make soak — the long variants of issue 8's reliability tests, bounded (~20 min), with a summary:
#   1. property tests with many more examples (hypothesis profile qilian-soak, every hypothesis test)
#   2. the fault tests (tests/faults with the soak-only supply SIGKILL test, the financing SIGKILL
#      test, the worker round trip) repeated SOAK_FAULT_REPEAT times
#   3. the schemathesis fuzzing with SCHEMATHESIS_MAX_EXAMPLES examples per operation (if present)
#   4. a longer locust run against gunicorn (if benchmarks/locustfile.py exists), report kept in
#      benchmarks/results/tmp/ (the committed benchmark report is left alone)
# Knobs: SOAK_FAULT_REPEAT (2), SOAK_SCHEMATHESIS_EXAMPLES (50), SOAK_LOCUST_SECONDS (180; 0 skips).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null || exit 1
eval "$(scripts/services.sh)" || exit 1
export REDIS_URL="${REDIS_URL%/*}/${QILIAN_TEST_REDIS_DB:-7}"
export DJANGO_SETTINGS_MODULE=config.settings.test
export QILIAN_SOAK=1  # enables the soak-only tests (tests/faults/test_worker_kill_supply.py)
PYTEST=(.venv/bin/pytest -q -p no:cacheprovider --create-db)
started=$(date +%s)
summary=()
failed=0

step() {  # step NAME SECONDS COMMAND... — run with a time limit, record the outcome
  local name=$1 limit=$2 t0 rc
  shift 2
  echo "==> [$name] (at most ${limit}s): $*"
  t0=$(date +%s)
  timeout --signal=TERM --kill-after=30 "$limit" "$@"
  rc=$?
  local took=$(( $(date +%s) - t0 )) verdict="ok"
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then verdict="TIMEOUT"; failed=1
  elif [ $rc -ne 0 ]; then verdict="FAILED (exit $rc)"; failed=1; fi
  summary+=("$(printf '%-28s %-18s %5ss' "$name" "$verdict" "$took")")
}

# 1. properties: the soak profile applies to every hypothesis test of the session
QILIAN_HYPOTHESIS_PROFILE=qilian-soak step "properties (soak profile)" 420 \
  "${PYTEST[@]}" tests/properties tests/enterprises/test_validators.py tests/matching/test_financing_criteria.py

# 2. faults, repeated
for i in $(seq 1 "${SOAK_FAULT_REPEAT:-2}"); do
  step "faults run $i" 420 "${PYTEST[@]}" tests/faults tests/matching/test_worker_runs.py tests/test_celery_worker.py
done

# 3. schemathesis, longer
if compgen -G "tests/fuzz/test_*.py" >/dev/null; then
  SCHEMATHESIS_MAX_EXAMPLES=${SOAK_SCHEMATHESIS_EXAMPLES:-50} step "schemathesis" 360 "${PYTEST[@]}" tests/fuzz
fi

# 4. load: locust against gunicorn on a small benchmark world, for longer than `make bench`
if [ -f benchmarks/locustfile.py ] && [ -x scripts/bench.sh ] && [ "${SOAK_LOCUST_SECONDS:-180}" != "0" ]; then
  keep=$(mktemp -d)
  cp -p benchmarks/results/latest.* "$keep"/ 2>/dev/null
  before=$(ls benchmarks/results/*.json 2>/dev/null)
  step "locust ${SOAK_LOCUST_SECONDS:-180}s" $(( ${SOAK_LOCUST_SECONDS:-180} + 300 )) \
    env QILIAN_BENCH_DB="${QILIAN_BENCH_DB:-qilian_soak_bench}" scripts/bench.sh 2000 --skip rematch,incremental,visible,recall,naive --api-seconds "${SOAK_LOCUST_SECONDS:-180}"
  mkdir -p benchmarks/results/tmp
  for f in benchmarks/results/latest.json benchmarks/results/latest.md; do
    [ -f "$f" ] && mv "$f" "benchmarks/results/tmp/soak-$(basename "$f")"
  done
  for f in $(ls benchmarks/results/*.json 2>/dev/null); do  # the run's dated copy
    grep -qxF "$f" <<< "$before" || mv "$f" benchmarks/results/tmp/
  done
  cp -p "$keep"/latest.* benchmarks/results/ 2>/dev/null
  rm -rf "$keep"
  [ -f benchmarks/results/tmp/soak-latest.md ] && sed -n '/API/,/^$/p' benchmarks/results/tmp/soak-latest.md
fi

echo
echo "==> soak summary ($(( ($(date +%s) - started) / 60 )) min)"
printf '   %s\n' "${summary[@]}"
if [ $failed -ne 0 ]; then echo "!! soak: something failed (logs above)"; exit 1; fi
echo "==> soak: all passed"
