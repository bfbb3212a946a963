#!/usr/bin/env bash
# make restore FILE=backups/<name>.dump — pg_restore a `make backup` file into $DATABASE_URL:
# objects in the dump are dropped first (--clean --if-exists) and recreated, in one transaction
# (any error leaves the database as it was). Asks for confirmation on a terminal unless
# RESTORE_CONFIRM=yes. Stop the web, worker and beat first; start them again after.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/backup.sh
source "$ROOT/scripts/backup.sh"

file=${1:-${FILE:-}}
[ -n "$file" ] || { echo "!! usage: make restore FILE=backups/<name>.dump" >&2; exit 2; }
[ -f "$file" ] || { echo "!! no such file: $file" >&2; exit 2; }
url=$(database_url)
bin=$(pg_bin "$url")
"$bin/pg_restore" --list "$file" >/dev/null || { echo "!! $file is not a pg_dump custom-format archive" >&2; exit 2; }
if [ -t 0 ] && [ "${RESTORE_CONFIRM:-}" != "yes" ]; then
  read -r -p "Replace the contents of ${url%%\?*} with $file? [y/N] " answer
  [[ "$answer" =~ ^[yY] ]] || { echo "aborted" >&2; exit 1; }
fi
echo "==> pg_restore $file into ${url%%\?*} with $bin/pg_restore" >&2
"$bin/pg_restore" --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname="$url" "$file"
echo "==> restored" >&2
