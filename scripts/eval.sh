#!/usr/bin/env bash
# Relevance on the judged sets (benchmarks/judged/<domain>/): a fresh database, the frozen world
# loaded, the real engine run through the real task path (tasks in-process), figures written to
# benchmarks/results/relevance.{json,md}. Usage: scripts/eval.sh [eval_relevance options]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
eval "$(scripts/services.sh)"
export EVAL_DB="${QILIAN_EVAL_DB:-qilian_eval}"
export DATABASE_URL="$(.venv/bin/python scripts/fresh_db.py "$EVAL_DB")"  # dropped and recreated
unset REDIS_URL  # tasks in-process, local-memory cache: nothing touches a running instance
export DJANGO_SETTINGS_MODULE=config.settings.base DJANGO_DEBUG=false LOG_LEVEL=WARNING
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
echo "==> evaluation database: ${DATABASE_URL%%\?*}"
.venv/bin/python manage.py migrate --no-input -v0 --skip-checks
exec .venv/bin/python manage.py eval_relevance "$@"
