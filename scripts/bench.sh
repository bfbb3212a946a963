#!/usr/bin/env bash
# The matching benchmark (issue 7): relevance on the judged sets first (scripts/eval.sh, its own
# database), then a fresh benchmark database at SCALE needs × SCALE offers per domain, its own Celery
# workers and gunicorn on a separate Redis database, a report in benchmarks/results/ with both.
# Usage: scripts/bench.sh [SCALE] [extra bench_matching options]
# QILIAN_BENCH_EVAL=reuse skips the evaluation: the report shows the last relevance.json and says
# whether it may be stale.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${1:-100000}"
shift || true
scripts/setup.sh
eval "$(scripts/services.sh)"
if [[ "${QILIAN_BENCH_EVAL:-run}" == reuse ]]; then
  echo "==> relevance: reusing benchmarks/results/relevance.json (QILIAN_BENCH_EVAL=reuse)"
elif ! scripts/eval.sh; then
  echo "==> relevance: make eval failed; the report shows the last relevance.json, if any, and says it may be stale" >&2
fi
export BENCH_DB="${QILIAN_BENCH_DB:-qilian_benchworld}"
# the benchmark's own database on the same server, and its own Redis database (never the app's queues)
export DATABASE_URL="$(.venv/bin/python scripts/fresh_db.py "$BENCH_DB")"  # dropped and recreated
export REDIS_URL="${REDIS_URL%/*}/${QILIAN_BENCH_REDIS_DB:-12}"
export DJANGO_SETTINGS_MODULE=config.settings.base DJANGO_DEBUG=false LOG_LEVEL=WARNING
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
echo "==> benchmark database: ${DATABASE_URL%%\?*}  redis: $REDIS_URL  scale: $SCALE"
.venv/bin/python manage.py migrate --no-input -v0 --skip-checks
exec .venv/bin/python manage.py bench_matching --scale "$SCALE" "$@"
