"""The ``Server`` header names no software (issue 13): gunicorn's "gunicorn" and runserver's
"WSGIServer/0.2 CPython/3.11" tell someone looking for a known weakness where to start. The portal
sends a neutral ``Server: web``, and so does gunicorn started as the Procfile starts it (on the
portal's pages and the static files; its own error page for a malformed request has none)."""

import http.client
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _procfile_web_command(port: int) -> list[str]:
    line = next(
        line for line in (BASE_DIR / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    command = line.split(":", 1)[1]
    for variable, value in {
        "${BIND_ADDRESS:-127.0.0.1}": "127.0.0.1",
        "${PORT:-8000}": str(port),
        "${WEB_CONCURRENCY:-2}": "1",
        "${FORWARDED_ALLOW_IPS:-127.0.0.1}": "127.0.0.1",
    }.items():
        command = command.replace(variable, value)
    words = shlex.split(command)
    words[0] = str(Path(sys.executable).parent / "gunicorn")
    return words


@pytest.fixture
def gunicorn(tmp_path):
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CELERY_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="overenskommelse.settings.base",
        DATABASE_URL=f"sqlite:///{tmp_path / 'server-header.sqlite3'}",
    )
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - open as long as gunicorn runs
    process = subprocess.Popen(
        _procfile_web_command(port), cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
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


def _server_headers(port: int, path: str) -> list[str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.headers.get_all("Server") or []


def test_gunicorn_as_the_procfile_starts_it_names_no_software(gunicorn):
    assert _server_headers(gunicorn, "/healthz") == ["web"]
    assert _server_headers(gunicorn, "/finns-inte/") == ["web"]
    assert _server_headers(gunicorn, "/static/js/text-limit.js") == ["web"]


def test_gunicorns_own_error_page_names_no_software(gunicorn):
    with socket.create_connection(("127.0.0.1", gunicorn), timeout=10) as raw:
        raw.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        answer = raw.recv(4096).decode("latin-1")
    assert answer.startswith("HTTP/1.1 400")
    assert "gunicorn" not in answer.lower()


@pytest.mark.django_db
def test_the_portal_sends_a_neutral_server_header(client):
    assert client.get(reverse("home"))["Server"] == "web"
