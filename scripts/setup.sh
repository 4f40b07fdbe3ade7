#!/usr/bin/env bash
# Shared set-up: system packages (when root), the virtual environment, Python packages,
# migrations and compiled message catalogues. Idempotent; used by run.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
REQUIREMENTS=${REQUIREMENTS:-requirements.txt}
APT_PACKAGES=${APT_PACKAGES:-}

# WeasyPrint needs Pango; compilemessages needs gettext's msgfmt.
need_apt=()
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || need_apt+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
command -v msgfmt >/dev/null 2>&1 || need_apt+=(gettext)
for pkg in $APT_PACKAGES; do dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg"); done
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "==> apt-get install ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "Missing Debian packages: ${need_apt[*]} (install them with apt-get as root)" >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PYTHON" -m venv .venv
fi
echo "==> pip install -r $REQUIREMENTS"
.venv/bin/python -m pip install -q --disable-pip-version-check -r "$REQUIREMENTS"

echo "==> compilemessages"
.venv/bin/python manage.py compilemessages -v 0 --ignore=.venv
