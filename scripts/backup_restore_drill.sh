#!/usr/bin/env bash
# Backup -> restore drill (issue 10): dump the PostgreSQL database of DATABASE_URL, restore the dump into a scratch
# database, and verify the audit trail's hash chain there; the restored chain must verify and end at the same
# digest as the original's. The dump is kept under var/backups/; the scratch database is dropped at the end.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/managedops bash scripts/backup_restore_drill.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to back up}"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) echo "DATABASE_URL is not PostgreSQL" >&2; exit 2;; esac
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.local}
python=.venv/bin/python
base=${DATABASE_URL%/*}
name=${DATABASE_URL##*/}
name=${name%%\?*}
scratch="${name}_restore_drill"
mkdir -p var/backups
dump="var/backups/${name}-$(date -u +%Y%m%dT%H%M%SZ).dump"

echo "[drill] sealing and verifying the audit chain of ${name}"
source_head=$($python manage.py audit_verify | sed -n 's/.*head \([0-9a-f]\{64\}\).*/\1/p')
[ -n "$source_head" ] || { echo "[drill] the source's chain does not verify" >&2; exit 1; }

echo "[drill] dumping ${name} to ${dump}"
pg_dump --format=custom --no-owner --file="$dump" "$DATABASE_URL"
echo "[drill] restoring into ${scratch}"
psql "${base}/postgres" -qc "DROP DATABASE IF EXISTS \"${scratch}\"" -c "CREATE DATABASE \"${scratch}\""
trap 'psql "${base}/postgres" -qc "DROP DATABASE IF EXISTS \"${scratch}\"" || true' EXIT
pg_restore --no-owner --exit-on-error --dbname="${base}/${scratch}" "$dump"

echo "[drill] verifying the restored chain"
restored=$(DATABASE_URL="${base}/${scratch}" $python manage.py audit_verify --no-seal)
echo "$restored"
restored_head=$(echo "$restored" | sed -n 's/.*head \([0-9a-f]\{64\}\).*/\1/p')
if [ "$restored_head" != "$source_head" ]; then
  echo "[drill] FAILED: the restored chain ends at ${restored_head:-nothing}, the original at ${source_head}" >&2
  exit 1
fi
echo "[drill] OK: ${dump} restores and its audit chain verifies, head ${source_head}"
