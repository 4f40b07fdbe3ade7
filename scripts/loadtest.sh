#!/usr/bin/env bash
# Load test (issues "Performance at scale" and 16): gunicorn on loopback with as many workers as
# cores, in production mode, against PostgreSQL with the large data set. In one run, on the same
# gunicorn: (1) the floor, /livez (no database, no template: the stack alone); (2) the public mix,
# the organisation list and the initiative catalogue with random filters and pages
# (scripts/loadtest.lua), and its rate as a share of the floor's; (3) the logged-in mix at
# MEMBER_CONNECTIONS: an officer's commitments, a group member's dashboard and a representative's
# organisation page, with sessions made by scripts/loadtest_sessions.py (scripts/loadtest_members.lua).
# Targets: public mix >= 600 requests/s at 32 connections, p95 < 100 ms, no failure, >= 15 % of the
# floor; logged-in mix p95 < 150 ms at 16 connections.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/ok_bench bash scripts/loadtest.sh
#
# Variables: DATABASE_URL (default the ok_bench database above; created and loaded with
# `load_demo --scale large` when empty), DURATION (default 30s), CONNECTIONS (default 32),
# MEMBER_CONNECTIONS (default 16), THREADS (default 2), WORKERS (default nproc), PORT (default 8765),
# REDIS_URL (optional: the cache the workers share, e.g. the response cache; without it each worker
# has its own memory), DJANGO_RESPONSE_CACHE (default True; False measures the pages themselves).
# Traffic goes to 127.0.0.1 only, for DURATION; the server is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ok_bench}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-32}
MEMBER_CONNECTIONS=${MEMBER_CONNECTIONS:-16}
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
if ! DJANGO_DEBUG=True $PY manage.py shell -c "from demo.demo_large import is_loaded; raise SystemExit(0 if is_loaded() else 1)"; then
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

# One wrk run: prints its own output and sets rps, p50_ms, p95_ms, requests, failures.
measure() {
  local label=$1 connections=$2 script=$3; shift 3
  # Warm every worker (templates, connections, the cache) before measuring.
  wrk -t "$THREADS" -c "$connections" -d 5s -s "$script" "http://127.0.0.1:$PORT" -- "$@" >/dev/null
  echo "==> wrk -t $THREADS -c $connections -d $DURATION ($label)"
  local output result
  output=$(wrk -t "$THREADS" -c "$connections" -d "$DURATION" --timeout 10s -s "$script" "http://127.0.0.1:$PORT" -- "$@")
  echo "$output"
  result=$(echo "$output" | grep '^RESULT' | sed 's/^RESULT //')
  eval "$result"
  failures=$((non2xx + socket_errors))
}

verdict=ok
# 1. The floor: /livez, the cheapest answer of the same gunicorn and middleware.
measure "the floor: /livez" "$CONNECTIONS" scripts/loadtest_floor.lua
floor_rps=$rps; floor_p95=$p95_ms
[ "$failures" -eq 0 ] || { echo "the floor had failures"; verdict=miss; }

# 2. The public mix: organisation list + initiative catalogue with random filters and pages.
measure "organisation list + initiative catalogue" "$CONNECTIONS" scripts/loadtest.lua
public_rps=$rps; public_p50=$p50_ms; public_p95=$p95_ms; public_failures=$failures; public_requests=$requests
share=$(awk -v r="$public_rps" -v f="$floor_rps" 'BEGIN { printf "%.1f", (f > 0 ? 100 * r / f : 0) }')

# 3. The logged-in mix: sessions made with the web process's own settings.
mapfile -t sessions < <($PY manage.py shell < scripts/loadtest_sessions.py | sed -n 's/^SESSION //p')
measure "logged in: officer's commitments, member's dashboard, representative's organisation" \
  "$MEMBER_CONNECTIONS" scripts/loadtest_members.lua "${sessions[@]}"
member_rps=$rps; member_p95=$p95_ms; member_failures=$failures

echo
echo "floor (/livez):  $floor_rps requests/s   p95: $floor_p95 ms"
echo "public mix:      $public_rps requests/s   p50: $public_p50 ms   p95: $public_p95 ms   failures: $public_failures (of $public_requests)   = $share % of the floor"
echo "logged-in mix:   $member_rps requests/s   p95: $member_p95 ms at $MEMBER_CONNECTIONS connections   failures: $member_failures"
awk -v r="$public_rps" 'BEGIN { exit !(r >= 600) }' || { echo "public mix below the target of 600 requests/s"; verdict=miss; }
awk -v p="$public_p95" 'BEGIN { exit !(p < 100) }' || { echo "public mix p95 above the target of 100 ms"; verdict=miss; }
awk -v s="$share" 'BEGIN { exit !(s >= 15) }' || { echo "public mix below 15 % of the floor"; verdict=miss; }
[ "$public_failures" -eq 0 ] || { echo "the public mix had failures"; verdict=miss; }
awk -v p="$member_p95" 'BEGIN { exit !(p < 150) }' || { echo "logged-in mix p95 above the target of 150 ms"; verdict=miss; }
[ "$member_failures" -eq 0 ] || { echo "the logged-in mix had failures"; verdict=miss; }
echo "targets: $verdict"
