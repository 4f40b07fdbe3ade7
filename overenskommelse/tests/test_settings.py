"""The settings choose each real part from its own environment variable (settings/base.py, README).

Each case starts a fresh Python with a controlled environment, because the settings are read once
per process. The last test checks the database this very test run uses, so the CI run with
DATABASE_URL set proves that the suite really ran on PostgreSQL.
"""

import json
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Prints what the settings and the Celery app made of the environment, as JSON.
PROBE = """
import json
import django
django.setup()
from django.conf import settings
from overenskommelse.celery import app
print(json.dumps({
    "debug": settings.DEBUG,
    "engine": settings.DATABASES["default"]["ENGINE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "always_eager": app.conf.task_always_eager,
    "broker_url": app.conf.broker_url,
    "result_backend": app.conf.result_backend,
}))
"""


def _env(**overrides: str) -> dict[str, str]:
    """os.environ without any variable the settings read, plus ``overrides``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "EMAIL_URL")
        and not key.startswith(("DJANGO_", "CELERY_"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "overenskommelse.settings.base"
    env.update(overrides)
    return env


def _run(args: list[str], **overrides: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        check=False,  # the tests assert on the exit code
        cwd=BASE_DIR,
        env=_env(**overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _probe(**overrides: str) -> dict:
    result = _run(["-c", PROBE], **overrides)
    assert result.returncode == 0, result.stderr
    # The last line is ours; anything before it would be log output.
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_database_url_the_portal_uses_sqlite():
    assert _probe()["engine"] == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    # Only the settings are read: no connection is opened, so no server is needed.
    probe = _probe(DATABASE_URL="postgres://portal@db.invalid:5432/portal")
    assert probe["engine"] == "django.db.backends.postgresql"


def test_without_redis_url_celery_runs_eagerly_and_the_cache_is_in_memory():
    probe = _probe()
    assert probe["always_eager"] is True
    assert probe["broker_url"] == "memory://"
    assert probe["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_url_selects_the_redis_cache_and_a_real_celery_broker():
    redis_url = "redis://redis.invalid:6379/5"
    probe = _probe(REDIS_URL=redis_url)
    # Django's Redis cache, answering "not cached" while Redis is down (plumbing/cache.py).
    assert probe["cache"] == "plumbing.cache.ResilientRedisCache"
    assert probe["cache_location"] == redis_url
    assert probe["always_eager"] is False
    assert probe["broker_url"] == redis_url
    assert probe["result_backend"] == redis_url


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = _run(["-c", PROBE], DJANGO_DEBUG="False")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_mode_refuses_to_start_without_a_key_for_two_step_secrets():
    result = _run(["-c", PROBE], DJANGO_DEBUG="False", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_MFA_ENCRYPTION_KEY" in result.stderr


def test_production_mode_passes_the_deployment_checklist():
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    secret_key = "".join(secrets.choice(alphabet) for _ in range(60))
    result = _run(
        ["manage.py", "check", "--deploy"],
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_MFA_ENCRYPTION_KEY=secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS="portal.example.org",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output, output


@pytest.mark.django_db
def test_the_test_run_uses_the_database_that_database_url_names():
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://", "pgsql://", "psql://")):
        expected = "postgresql"
    elif not database_url or database_url.startswith("sqlite:"):
        expected = "sqlite"
    else:
        pytest.fail(f"unexpected DATABASE_URL scheme: {database_url.split(':', 1)[0]}")
    assert connection.vendor == expected
    # And the connection works: a trivial query answers.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1
