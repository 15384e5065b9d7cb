#!/usr/bin/env bash
# Set up everything ManagedOps needs on a fresh Debian 12 machine: Debian packages (CJK fonts for PDFs,
# Chromium for browser tests, gettext), the virtualenv and the pinned Python packages, compiled translations.
# Idempotent and quick when nothing changed. Used by `make run` and `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
DEBIAN_PACKAGES=(chromium fonts-wqy-microhei gettext poppler-utils libpango-1.0-0 libpangoft2-1.0-0
                 libharfbuzz-subset0)
log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# --- Debian packages -------------------------------------------------------------------------------------------
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then missing+=(python3-venv); fi
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python virtualenv with the locked dependencies --------------------------------------------------------------
if [ ! -x .venv/bin/python ]; then
  log "creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.lock-installed
if [ ! -f "$stamp" ] || ! cmp -s requirements/lock.txt "$stamp"; then
  log "installing Python packages from requirements/lock.txt"
  .venv/bin/pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/pip install -q --disable-pip-version-check -r requirements/lock.txt
  cp requirements/lock.txt "$stamp"
fi

# --- Translations ------------------------------------------------------------------------------------------------
.venv/bin/python manage.py compilemessages --ignore=.venv -v 0
log "ready"
