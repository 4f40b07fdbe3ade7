#!/usr/bin/env bash
# First README command: set everything up and serve the portal with demo data on
# http://127.0.0.1:8000 (SQLite, Celery eager, emails printed here).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "==> migrate"
.venv/bin/python manage.py migrate -v 0
echo "==> load_demo"
.venv/bin/python manage.py load_demo
echo "==> serving on http://127.0.0.1:8000"
exec .venv/bin/python manage.py runserver "${PORT:-127.0.0.1:8000}"
