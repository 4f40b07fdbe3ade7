"""Fault: the database restarted while the portal runs (issue 8, item 5). A restart ends every
connection the portal holds; the next requests must succeed, with no stale-connection error shown.

On PostgreSQL (CI) the restart is what it does to the connections: a second connection ends every
other backend of the database (``pg_terminate_backend``). The portal keeps its connections
(``CONN_MAX_AGE`` 60 s) and checks a kept one before a request uses it (``CONN_HEALTH_CHECKS``),
so the next request reconnects. On SQLite there is no server to restart: the connection the portal
holds is closed under it, and, for the live server, the database file is replaced (a restore);
the portal opens its connection per request, so the next request works on the new one.

The test client skips the ``request_started``/``request_finished`` handling of connections on
purpose (to keep a test's transaction); ``as_a_wsgi_server`` puts it back, as every real server
(WSGIHandler) runs it. A live gunicorn is checked too.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ok_faults pytest overenskommelse/tests/test_faults_postgres.py
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.urls import reverse

from accounts.models import Organisation, OrganisationKind

from . import faults_support
from .faults_support import BASE_DIR, free_port

# Fixtures used here.
shared_database = faults_support.shared_database

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def as_a_wsgi_server():
    """Requests of the test client close or check the connections before and after, as a real
    server does (django.core.handlers.wsgi sends these signals; the test client leaves that out)."""

    def close_old(**kwargs):
        close_old_connections()

    request_started.connect(close_old, dispatch_uid="faults-close-old")
    request_finished.connect(close_old, dispatch_uid="faults-close-old-finished")
    try:
        yield
    finally:
        request_started.disconnect(dispatch_uid="faults-close-old")
        request_finished.disconnect(dispatch_uid="faults-close-old-finished")


def _on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _terminate_every_other_backend() -> int:
    """What a PostgreSQL restart does to the portal's connections, from a connection of our own."""
    import psycopg

    settings_dict = connection.settings_dict
    params = {
        "dbname": settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}, autocommit=True) as own:
        rows = own.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return len(rows)


def _cut_the_connection() -> None:
    """The database goes away under the connection the portal holds."""
    if _on_postgresql():
        assert _terminate_every_other_backend() >= 1
    else:
        connection.ensure_connection()
        connection.connection.close()  # behind Django's back: it still believes it is connected


def _pages(client) -> None:
    for url in [reverse("home"), reverse("accounts:organisation_list"), reverse("accounts:overview")]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


@pytest.fixture
def new_connections():
    """How many database connections were opened since (Django's ``connection_created``)."""
    from django.db.backends.signals import connection_created

    opened: list = []

    def count(sender, connection, **kwargs):
        opened.append(connection.alias)

    connection_created.connect(count, dispatch_uid="faults-count-connections")
    try:
        yield opened
    finally:
        connection_created.disconnect(dispatch_uid="faults-count-connections")


def test_after_the_database_restarts_the_next_requests_succeed(
    shared_database, as_a_wsgi_server, new_connections, client, ordinary_user, password
):
    if _on_postgresql():
        # As the settings have it: connections kept for a while, and checked before use.
        assert connection.settings_dict["CONN_MAX_AGE"] > 0
        assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    client.force_login(ordinary_user)
    _pages(client)
    _cut_the_connection()
    new_connections.clear()

    _pages(client)  # the very first request after the restart already succeeds
    assert new_connections, "a new connection was made"
    client.logout()
    response = client.post(reverse("account_login"), {"login": ordinary_user.email, "password": password})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_the_cut_is_real_a_connection_kept_without_a_check_fails_the_next_request(
    shared_database, as_a_wsgi_server, client, ordinary_user
):
    """The control: without what the settings do (a check before use on PostgreSQL, a connection per
    request on SQLite) the same cut shows the person an error; the request after it reconnects."""
    saved = {key: connection.settings_dict[key] for key in ("CONN_HEALTH_CHECKS", "CONN_MAX_AGE")}
    if _on_postgresql():
        connection.settings_dict["CONN_HEALTH_CHECKS"] = False
    else:
        connection.settings_dict["CONN_MAX_AGE"] = None  # kept for ever
    try:
        connection.close()
        client.force_login(ordinary_user)
        _pages(client)
        _cut_the_connection()
        with pytest.raises(Exception) as failed:  # the person would get the error page
            client.get(reverse("accounts:organisation_list"))
        assert any(word in str(failed.value).lower() for word in ("terminat", "closed", "connection")), failed.value
        if _on_postgresql():
            _pages(client)  # Django drops the broken connection after the failed request
    finally:
        connection.close()
        connection.settings_dict.update(saved)


# --- A live gunicorn ---------------------------------------------------------------------------------


def _get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def gunicorn(shared_database, tmp_path):
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CELERY_", "REDIS_"))}
    # The database is changed behind the portal's back here (a restore), which the response cache
    # cannot see: its data version moves with the portal's own writes. The README's restore steps
    # empty the cache; this gunicorn renders every page afresh instead, as the test is about its
    # database connection.
    env.update(
        DJANGO_SETTINGS_MODULE="overenskommelse.settings.base",
        DATABASE_URL=shared_database,
        DJANGO_RESPONSE_CACHE="False",
    )
    command = [
        *(str(Path(sys.executable).parent / "gunicorn"), "overenskommelse.wsgi:application"),
        *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "1", "--timeout", "60"),
    ]
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - open as long as gunicorn runs
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            if _get(port, "/healthz")[0] == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            pytest.fail(f"gunicorn did not start:\n{log.read()[-4000:]}")
        time.sleep(0.2)
    try:
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def test_a_live_gunicorn_serves_the_next_requests_after_the_database_restarts(shared_database, gunicorn):
    Organisation.objects.create(
        name="Föreningen Före", kind=OrganisationKind.NON_PROFIT_ASSOCIATION, connected_since="2024-01-01"
    )
    status, html = _get(gunicorn, reverse("accounts:organisation_list"))
    assert status == 200 and "Föreningen Före" in html

    if _on_postgresql():
        assert _terminate_every_other_backend() >= 1  # gunicorn's kept connection among them
        connection.close()
        Organisation.objects.create(
            name="Föreningen Efter", kind=OrganisationKind.NON_PROFIT_ASSOCIATION, connected_since="2024-01-01"
        )
    else:
        # SQLite: the database file is restored from a copy that has one more organisation.
        path = Path(connection.settings_dict["NAME"])
        connection.close()
        restored = path.with_suffix(".restored")
        shutil.copy(path, restored)
        with sqlite3.connect(restored) as raw:
            raw.execute(
                "UPDATE accounts_organisation SET name = 'Föreningen Efter' WHERE name = 'Föreningen Före'"
            )
        raw.close()
        os.replace(restored, path)

    for path in ["/healthz", reverse("home"), reverse("accounts:organisation_list")]:
        status, html = _get(gunicorn, path)
        assert status == 200, (path, status, html[:500])
    assert "Föreningen Efter" in html
