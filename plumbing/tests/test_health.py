"""/healthz tells a load balancer whether this web process can serve; logs are structured.

What a load balancer or an operator notices: 200 with ``"status": "ok"`` while the database (and
Redis, when configured) answer, 503 naming the part that failed otherwise; no cookie, no caching,
no redirect to HTTPS; and in production one JSON object per log line carrying the request id.
"""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.urls import reverse

from plumbing import health
from plumbing.logging import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(autouse=True)
def _no_redis_unless_asked(settings):
    settings.REDIS_URL = ""
    health._redis_clients.clear()
    yield
    health._redis_clients.clear()


def test_healthz_answers_ok_with_one_query_and_says_redis_is_not_configured(
    client, django_assert_num_queries
):
    assert reverse("healthz") == "/healthz"
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["redis"] == "not configured"


def test_livez_answers_ok_without_asking_the_database_or_redis(client, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(health, "check_redis", lambda: (_ for _ in ()).throw(AssertionError("asked Redis")))
    with django_assert_num_queries(0):
        response = client.get("/livez")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]


def test_healthz_sets_no_cookie_and_is_never_cached(client):
    response = client.get("/healthz")
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/json"


def test_healthz_answers_503_naming_the_database_when_it_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "error: OperationalError"


def test_healthz_answers_503_naming_redis_when_it_does_not_answer(client, settings):
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["redis"].startswith("error: ")


@pytest.mark.integration
def test_healthz_pings_the_real_redis(client, settings):
    settings.REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json()["redis"] == "ok"


def test_healthz_is_not_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    # …while every other page is.
    assert client.get(reverse("home")).status_code == 301


def test_only_safe_methods_are_allowed(client):
    assert client.post("/healthz").status_code == 405


def test_every_response_carries_a_request_id_and_a_sane_incoming_one_is_kept(client):
    generated = client.get("/healthz")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234.abc")["X-Request-ID"] == "lb-1234.abc"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x"\n{"level":"ERROR"}')["X-Request-ID"]
    assert "\n" not in forged and len(forged) == 32


def _json_line(record: logging.LogRecord) -> dict:
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    return json.loads(line)


def test_a_json_log_line_has_time_level_logger_message_and_the_extra_fields():
    record = logging.LogRecord(
        "accounts.services", logging.WARNING, __file__, 1, "Ansökan %s beslutad", ("42",), None
    )
    record.organisation_id = 42
    entry = _json_line(record)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "accounts.services"
    assert entry["message"] == "Ansökan 42 beslutad"
    assert entry["organisation_id"] == 42
    assert entry["request_id"] == "-"
    assert entry["time"].endswith("Z")


def test_a_json_log_line_keeps_the_traceback_inside_the_one_line():
    try:
        raise ValueError("trasigt")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info()
        )
    entry = _json_line(record)
    assert "ValueError: trasigt" in entry["exception"]


def test_the_access_line_of_a_request_carries_its_request_id(client, settings):
    settings.ACCESS_LOG = True
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("overenskommelse.access")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        client.get("/healthz", HTTP_X_REQUEST_ID="req-777")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    entry = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert entry["request_id"] == "req-777"
    assert entry["path"] == "/healthz"
    assert entry["status"] == 200


def _log_format(**overrides: str) -> str:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL") and not key.startswith(("DJANGO_", "CELERY_"))
    }
    env.update(DJANGO_SETTINGS_MODULE="overenskommelse.settings.base", **overrides)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import django; django.setup(); from django.conf import settings; "
                "import logging; print(settings.LOG_FORMAT, "
                "type(logging.getLogger().handlers[0].formatter).__name__)"
            ),
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_logs_json_and_development_plain_lines():
    assert _log_format(DJANGO_DEBUG="False", DJANGO_SECRET_KEY="x" * 60, DJANGO_MFA_ENCRYPTION_KEY="y" * 60) == "json JsonFormatter"
    assert _log_format() == "plain Formatter"
