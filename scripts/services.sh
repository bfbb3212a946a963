#!/usr/bin/env bash
# Make sure PostgreSQL and Redis are reachable; print `export` lines for DATABASE_URL / REDIS_URL.
# Order: the URLs if set; the machine's servers on 127.0.0.1:5432 / :6379 (started if installed
# but stopped); the embedded PostgreSQL; redis-server installed with apt when run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { echo "$@" >&2; }

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

if [ -n "${DATABASE_URL:-}" ]; then
  db_url=$DATABASE_URL
else
  if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1; then
    log "==> starting the machine's PostgreSQL"
    ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n 1)
    [ -n "$ver" ] && pg_ctlcluster --skip-systemctl-redirect "$ver" main start >&2 || true
    for _ in $(seq 1 20); do pg_up && break; sleep 0.5; done
  fi
  if pg_up; then
    db_url="postgres://postgres@127.0.0.1:5432/qilian"
  else
    log "==> no PostgreSQL on 127.0.0.1:5432; using the embedded PostgreSQL"
    db_url=$(.venv/bin/python -m config.embedded url 2>/dev/null | tail -n 1)
    db_url=${db_url/postgresql:\/\/postgres@\//postgres://postgres@%2F}
    [ -n "$db_url" ] || { log "!! no PostgreSQL available: set DATABASE_URL"; exit 1; }
  fi
fi

if [ -n "${REDIS_URL:-}" ]; then
  redis_url=$REDIS_URL
else
  if ! redis_up; then
    if ! command -v redis-server >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
      log "==> installing redis-server (Debian package)"
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    fi
    if command -v redis-server >/dev/null 2>&1; then
      log "==> starting redis-server on 127.0.0.1:6379"
      redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >&2
      for _ in $(seq 1 20); do redis_up && break; sleep 0.25; done
    fi
  fi
  redis_up || { log "!! no Redis on 127.0.0.1:6379 and none could be started: set REDIS_URL"; exit 1; }
  redis_url="redis://127.0.0.1:6379/0"
fi
echo "export DATABASE_URL='$db_url'"
echo "export REDIS_URL='$redis_url'"
