#!/usr/bin/env bash
# Run the whole test suite (after setting up). Database and broker come from the environment:
# SQLite and in-process tasks by default; .ci/run points it at PostgreSQL and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DJANGO_SETTINGS_MODULE=config.settings.test
export DJANGO_ALLOW_ASYNC_UNSAFE=true   # pytest-django's live_server with Playwright
mkdir -p test-artifacts
exec .venv/bin/pytest -n "${PYTEST_WORKERS:-2}" --dist loadfile "$@"
