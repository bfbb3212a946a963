#!/usr/bin/env bash
# The whole suite on real PostgreSQL and Redis, browser tests in Debian's chromium,
# background-work tests through a real Celery worker process (started by the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_BROWSER=1 scripts/setup.sh
eval "$(scripts/services.sh)"
# Tests use their own Redis database so they never touch a running instance's queues.
export REDIS_URL="${REDIS_URL%/*}/${QILIAN_TEST_REDIS_DB:-7}"
export DJANGO_SETTINGS_MODULE=config.settings.test
echo "==> database: ${DATABASE_URL%%\?*}  redis: $REDIS_URL"
.venv/bin/ruff check .
.venv/bin/lint-imports --no-cache --no-logo >/dev/null || { .venv/bin/lint-imports --no-cache --no-logo; exit 1; }
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null || {
  echo "!! models changed without migrations: run 'manage.py makemigrations'"; exit 1; }
set +e
.venv/bin/pytest "$@"
rc=$?
set -e
if [ $rc -eq 5 ]; then echo "!! pytest collected no tests"; exit 1; fi
exit $rc
