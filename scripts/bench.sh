#!/usr/bin/env bash
# The matching benchmark (issue 7): a fresh benchmark database at SCALE needs × SCALE offers per
# domain, its own Celery workers and gunicorn on a separate Redis database, a report in
# benchmarks/results/. Usage: scripts/bench.sh [SCALE] [extra bench_matching options]
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${1:-100000}"
shift || true
scripts/setup.sh
eval "$(scripts/services.sh)"
export BENCH_DB="${QILIAN_BENCH_DB:-qilian_benchworld}"
# the benchmark's own database on the same server, and its own Redis database (never the app's queues)
export DATABASE_URL="$(.venv/bin/python - <<'PY'
import os, urllib.parse as u
p = u.urlsplit(os.environ["DATABASE_URL"])
print(u.urlunsplit(p._replace(path="/" + os.environ["BENCH_DB"])))
PY
)"
export REDIS_URL="${REDIS_URL%/*}/${QILIAN_BENCH_REDIS_DB:-12}"
export DJANGO_SETTINGS_MODULE=config.settings.base DJANGO_DEBUG=false LOG_LEVEL=WARNING
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
echo "==> benchmark database: ${DATABASE_URL%%\?*}  redis: $REDIS_URL  scale: $SCALE"
.venv/bin/python - <<'PY'
import os, urllib.parse as u
import psycopg
p = u.urlsplit(os.environ["DATABASE_URL"])
name = p.path.lstrip("/")
admin = u.urlunsplit(p._replace(path="/postgres"))
with psycopg.connect(admin, autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0")
PY
.venv/bin/python manage.py migrate --no-input -v0 --skip-checks
exec .venv/bin/python manage.py bench_matching --scale "$SCALE" "$@"
