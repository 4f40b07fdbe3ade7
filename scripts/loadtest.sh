#!/usr/bin/env bash
# Load test (issue "Performance at scale"): gunicorn on loopback with as many workers as cores, in
# production mode, against PostgreSQL with the large data set; wrk asks for the public
# organisation list and the initiative catalogue with random filters and pages
# (scripts/loadtest.lua) and the script prints requests/s, p50, p95 and failures.
# Targets: >= 300 requests/s, p95 < 100 ms, no failure.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/ok_bench bash scripts/loadtest.sh
#
# Variables: DATABASE_URL (default the ok_bench database above; created and loaded with
# `load_demo --scale large` when empty), DURATION (default 30s), CONNECTIONS (default 32),
# THREADS (default 2), WORKERS (default nproc), PORT (default 8765), REDIS_URL (optional: the cache).
# Traffic goes to 127.0.0.1 only, for DURATION; the server is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ok_bench}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
WORKERS=${WORKERS:-$(nproc)}
PORT=${PORT:-8765}
PY=.venv/bin/python

case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "DATABASE_URL must name a PostgreSQL database (the load test measures production)." >&2; exit 2 ;;
esac

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    echo "==> apt-get install wrk"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is missing: apt-get install wrk (as root)" >&2; exit 1
  fi
fi

# The database: created if missing, migrated, and filled with the large data set once.
db_name=${DATABASE_URL##*/}; db_name=${db_name%%\?*}
db_server=${DATABASE_URL%/*}
if command -v psql >/dev/null 2>&1 && ! psql "$db_server/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$db_name'" | grep -q 1; then
  echo "==> creating database $db_name"
  psql "$db_server/postgres" -qc "CREATE DATABASE \"$db_name\""
fi
echo "==> migrate"
DJANGO_DEBUG=True $PY manage.py migrate -v 0
if ! DJANGO_DEBUG=True $PY manage.py shell -c "from overenskommelse.demo_large import is_loaded; raise SystemExit(0 if is_loaded() else 1)"; then
  echo "==> load_demo --scale large"
  DJANGO_DEBUG=True $PY manage.py load_demo --scale large
fi

workdir=$(mktemp -d)
export DJANGO_DEBUG=False
export DJANGO_SECRET_KEY="loadtest-$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
# The demo's two-step secrets were encrypted with the development key (DEBUG) when it was loaded.
export DJANGO_MFA_ENCRYPTION_KEY=dev-only-mfa-key-do-not-use-in-production
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=False
export DJANGO_STATIC_ROOT="$workdir/static"
export DJANGO_LOG_LEVEL=WARNING
export DJANGO_ACCESS_LOG=False
echo "==> collectstatic"
$PY manage.py collectstatic --noinput -v 0

echo "==> gunicorn: $WORKERS workers on 127.0.0.1:$PORT"
.venv/bin/gunicorn overenskommelse.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --log-level warning --pid "$workdir/gunicorn.pid" >"$workdir/gunicorn.log" 2>&1 &
server=$!
cleanup() {
  kill -TERM "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$workdir"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$PORT/healthz"; echo

# Warm every worker (templates, connections) before measuring.
wrk -t "$THREADS" -c "$CONNECTIONS" -d 5s -s scripts/loadtest.lua "http://127.0.0.1:$PORT" >/dev/null
echo "==> wrk -t $THREADS -c $CONNECTIONS -d $DURATION (organisation list + initiative catalogue)"
output=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --timeout 10s -s scripts/loadtest.lua "http://127.0.0.1:$PORT")
echo "$output"
result=$(echo "$output" | grep '^RESULT' | sed 's/^RESULT //')
eval "$result"
failures=$((non2xx + socket_errors))
echo
echo "requests/s: $rps   p50: $p50_ms ms   p95: $p95_ms ms   failures: $failures (of $requests)"
verdict=ok
awk -v r="$rps" 'BEGIN { exit !(r >= 300) }' || { echo "below the target of 300 requests/s"; verdict=miss; }
awk -v p="$p95_ms" 'BEGIN { exit !(p < 100) }' || { echo "p95 above the target of 100 ms"; verdict=miss; }
[ "$failures" -eq 0 ] || { echo "there were failures"; verdict=miss; }
echo "targets: $verdict"
