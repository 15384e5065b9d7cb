#!/usr/bin/env bash
# Run ManagedOps: set up, migrate, seed the demo logins, start the web server, a Celery worker and beat.
# Embedded default: SQLite in var/ and a filesystem broker (no server needed). Set DATABASE_URL and
# CELERY_BROKER_URL (or REDIS_URL) to run the same thing on PostgreSQL and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.local}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
PY=.venv/bin/python

$PY manage.py migrate --noinput -v 0
$PY manage.py seed_demo

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "[run] stopping…"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

# Threads pool: the prefork pool hangs on shutdown with the filesystem broker (see docs/PLATFORM notes).
.venv/bin/celery -A config worker --pool threads --concurrency 4 --loglevel INFO &
pids+=($!)
.venv/bin/celery -A config beat --loglevel INFO --schedule var/celerybeat-schedule &
pids+=($!)
.venv/bin/gunicorn config.wsgi --bind "$HOST:$PORT" --workers "${WEB_WORKERS:-2}" --access-logfile - \
  --env DJANGO_SETTINGS_MODULE="$DJANGO_SETTINGS_MODULE" &
pids+=($!)

sleep 2
# Run the daily reminder once now, through the broker, so that the demo shows the path web → broker → worker
# (the job is idempotent: running it again notifies nobody twice).
.venv/bin/celery -A config call projects.tasks.stage_overdue_reminders >/dev/null || true
cat <<MSG

  ManagedOps is running at http://$HOST:$PORT/   (API docs: http://$HOST:$PORT/api/docs/, admin: /admin/)
  Database: $($PY -c "from django.conf import settings; import django; django.setup(); print(settings.DATABASES['default']['ENGINE'].rsplit('.',1)[-1])")
  Log in as any of the demo users above (password: ${DEMO_PASSWORD:-demo12345}). Ctrl-C stops everything.

MSG
wait -n "${pids[@]}"
