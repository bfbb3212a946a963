#!/usr/bin/env bash
# The embedded default: private PostgreSQL, tasks in-process, demo data, http://127.0.0.1:8000.
# Ctrl-C stops the server and the embedded PostgreSQL it started.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
unset DATABASE_URL REDIS_URL
PY=.venv/bin/python
started_pg=0
if [ ! -f .data/pg/postmaster.pid ]; then started_pg=1; fi
$PY -m config.embedded start >/dev/null
server=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ $started_pg = 1 ]; then $PY -m config.embedded stop || true; fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM
$PY manage.py migrate --no-input
$PY manage.py compilemessages -l en --ignore=.venv >/dev/null 2>&1 || true
$PY manage.py seed_demo
$PY manage.py seed_financing
$PY manage.py seed_supply
$PY manage.py seed_events
$PY manage.py seed_talent
$PY manage.py seed_services
$PY manage.py seed_policies
echo "==> Qilian on http://127.0.0.1:${PORT:-8000}/  (Ctrl-C stops)"
$PY manage.py runserver "127.0.0.1:${PORT:-8000}" --noreload &
server=$!
wait "$server"
