"""``/healthz``: is this web process able to serve? For the load balancer and the monitoring.

It checks the parts every request needs: the database (one trivial query) and, when ``REDIS_URL``
is set, Redis (a ping; the cache, the broker and allauth's rate limits live there). It answers
``200 {"status": "ok", ...}`` or ``503 {"status": "error", ...}`` naming the part that failed.

Cheap on purpose: no template, no session, no user, no CSRF, never cached; the Redis client (and
its connection pool) is made once per process. The production settings exempt it from the HTTPS
redirect, so a load balancer may probe it over plain HTTP (with the portal's host name).
"""

import logging
import time

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Seconds before a check counts as failed: a health check must answer fast even when a part hangs.
TIMEOUT_SECONDS = 2.0

_redis_clients: dict[str, object] = {}


def _redis_client(url: str):
    client = _redis_clients.get(url)
    if client is None:
        import redis

        client = redis.Redis.from_url(
            url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
        )
        _redis_clients[url] = client
    return client


def check_database() -> None:
    """Raises when the default database does not answer a trivial query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_redis() -> bool:
    """Pings Redis; ``False`` when no Redis is configured (the embedded default). Raises on failure."""
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return False
    if not _redis_client(url).ping():
        raise ConnectionError("Redis did not answer PONG")
    return True


@csrf_exempt
@never_cache
@require_safe
def healthz(request):
    checks: dict[str, str] = {}
    healthy = True
    started = time.perf_counter()
    try:
        check_database()
        checks["database"] = "ok"
    except Exception as error:  # any failure of the part is the answer, not a 500
        healthy = False
        checks["database"] = f"error: {type(error).__name__}"
        logger.exception("health check: database failed")
    try:
        checks["redis"] = "ok" if check_redis() else "not configured"
    except Exception as error:
        healthy = False
        checks["redis"] = f"error: {type(error).__name__}"
        logger.exception("health check: redis failed")
    body = {
        "status": "ok" if healthy else "error",
        **checks,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    return JsonResponse(body, status=200 if healthy else 503)


@csrf_exempt
@never_cache
@require_safe
def livez(request):
    """``/livez``: this process answers at all (a liveness probe: no database, no Redis, no
    template). Also the floor of ``scripts/loadtest.sh``: the cheapest answer the whole stack
    (gunicorn, every middleware) gives, against which the pages are measured."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
