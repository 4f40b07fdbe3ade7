#!/usr/bin/env bash
# Second README command: install what the tests need and run the whole suite.
# DATABASE_URL chooses the database (SQLite when unset). The Redis tests use REDIS_URL, or a local
# redis-server that this script starts when none answers.
set -euo pipefail
cd "$(dirname "$0")/.."
REQUIREMENTS=requirements-dev.txt APT_PACKAGES="chromium redis-server poppler-utils" bash scripts/setup.sh

export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
if ! .venv/bin/python -c "import redis,sys; redis.Redis.from_url(sys.argv[1]).ping()" "$REDIS_URL" 2>/dev/null; then
  echo "==> starting redis-server"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 50); do
    .venv/bin/python -c "import redis,sys; redis.Redis.from_url(sys.argv[1]).ping()" "$REDIS_URL" 2>/dev/null && break
    sleep 0.1
  done
fi

if [ "${CHECK_CATALOGUE:-0}" = "1" ]; then
  # Bring every message of the code into the catalogue, so test_catalogue sees what is missing.
  echo "==> makemessages (catalogue check)"
  .venv/bin/python manage.py makemessages -l sv --ignore=.venv --ignore=staticfiles --no-obsolete -v 0
  .venv/bin/python manage.py compilemessages -l sv --ignore=.venv -v 0
fi

if [ "${CHECK_CATALOGUE:-0}" = "1" ] || [ "${CHECK_CODE:-0}" = "1" ]; then
  # bandit (high severity fails) and the dependency audit: scripts/code_checks.sh.
  bash scripts/code_checks.sh
fi

if [ "$#" -gt 0 ]; then
  echo "==> pytest $* (database: ${DATABASE_URL:-SQLite})"
  exec .venv/bin/python -m pytest "$@"
fi
# The whole suite in two parts. Everything but the integration tests runs in one process per core
# (pytest-xdist: each process has its own test database and live server); the integration tests
# start Celery workers on the one Redis queue, so they run last, in one process.
PROCESSES=${TEST_PROCESSES:-$(nproc)}
echo "==> pytest, all but the integration tests, $PROCESSES processes (database: ${DATABASE_URL:-SQLite})"
.venv/bin/python -m pytest -n "$PROCESSES" -m "not integration"
echo "==> pytest, the integration tests (real Redis and Celery workers), one process"
exec .venv/bin/python -m pytest -m integration
