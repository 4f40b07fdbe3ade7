"""What the fault tests (issue 8, "Faults") share: a private redis-server that a test can kill, hang
and start again; a Celery worker subprocess on the test's own database; an email backend whose
messages another process can count; and pointing this process's cache and Celery at a Redis.

The real services, never stand-ins: the Redis is a ``redis-server`` process on a free port (so
killing it harms nobody else), the worker is ``celery -A overenskommelse worker`` with the
production settings, the database is the test database (PostgreSQL in CI, shared by name; SQLite is
copied into a file both processes open).
"""

from __future__ import annotations

import contextlib
import email
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent.parent
WAIT_SECONDS = 60

# --- An email backend that another process can count ------------------------------------------------


class FileMailBackend(BaseEmailBackend):
    """Each message is written as its own file into ``$FAULTS_MAIL_DIR`` (atomically: a test never
    reads half a message). With ``$FAULTS_HANG_AT=N`` the N-th message is never delivered: the
    backend leaves a ``hanging`` marker and waits, as a mail server that stops answering in the
    middle of a conversation, until the process is killed."""

    def send_messages(self, email_messages) -> int:
        folder = Path(os.environ["FAULTS_MAIL_DIR"])
        hang_at = int(os.environ.get("FAULTS_HANG_AT") or 0)
        for message in email_messages:
            if hang_at and len(list(folder.glob("*.eml"))) + 1 >= hang_at:
                (folder / "hanging").write_text(",".join(message.to))
                time.sleep(3600)
            name = f"{time.time_ns()}-{uuid.uuid4().hex}"
            partial = folder / f"{name}.part"
            partial.write_bytes(message.message().as_bytes())
            partial.rename(folder / f"{name}.eml")
        return len(email_messages)


def mail_count(folder: Path) -> Counter:
    """How many messages each address got, from the files of ``FileMailBackend``."""
    counts: Counter = Counter()
    for path in folder.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes())
        for address in (message["To"] or "").split(","):
            counts[address.strip().lower()] += 1
    return counts


# --- A Redis of the test's own -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A ``redis-server`` on a free port that the test can kill (down: connections refused),
    pause (hanging: connections accepted, never answered) and start again on the same port."""

    def __init__(self, folder: Path):
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is needed by the fault tests (apt-get install redis-server)")
        self.binary = binary
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> RedisServer:
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            command, cwd=self.folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return self
            time.sleep(0.05)
        pytest.fail(f"redis-server did not start on port {self.port}")

    def kill(self) -> None:
        """SIGKILL: what a crash or an out-of-memory kill does. Connections are refused."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)

    def pause(self) -> None:
        """SIGSTOP: Redis hangs (the kernel still accepts connections, nothing answers)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path).start()
    try:
        yield server
    finally:
        server.kill()


# --- This process's cache and Celery ----------------------------------------------------------------


def reset_breakers() -> None:
    """Forget that Redis failed (the cache's and the broker's pause of this process)."""
    from plumbing import outbox
    from plumbing.cache import ResilientRedisCache

    outbox.broker_pause_reset()
    ResilientRedisCache.pause_reset()


def use_redis_cache(settings, url: str) -> None:
    """The production cache (``CACHES`` of overenskommelse/settings/base.py when REDIS_URL is set)
    at ``url``."""
    from overenskommelse.settings import base

    production = base.CACHES["default"] if base.REDIS_URL else None
    if production is None or production["BACKEND"] != "plumbing.cache.ResilientRedisCache":
        production = {
            "BACKEND": "plumbing.cache.ResilientRedisCache",
            "KEY_PREFIX": "ok",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    settings.CACHES = {"default": {**production, "LOCATION": url}}
    reset_breakers()


def _reset_celery_connections(app) -> None:
    from kombu import pools

    pools.reset()  # kombu keeps connection pools per broker URL for the whole process
    app._pool = None
    app.amqp._producer_pool = None
    app.amqp._rtable = None
    app.amqp.__dict__.pop("router", None)


@contextlib.contextmanager
def celery_at(url: str, queue: str):
    """This process's Celery app sends every task to the Redis at ``url``, on ``queue`` (unit tests
    run it eagerly, in process); put back afterwards."""
    from overenskommelse.celery import app

    keys = ("task_always_eager", "broker_url", "result_backend", "task_routes")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(task_always_eager=False, broker_url=url, result_backend=url, task_routes={"*": {"queue": queue}})
    _reset_celery_connections(app)
    reset_breakers()
    try:
        yield app
    finally:
        app.conf.update(**saved)
        _reset_celery_connections(app)
        reset_breakers()


# --- The test's database, shared with a worker -------------------------------------------------------


@contextlib.contextmanager
def _sqlite_in_file(path: Path, options: dict | None = None):
    """The (migrated) in-memory SQLite test database copied into ``path`` and used from there until
    the end, by this thread and every other (threads and other processes can open a file)."""
    settings_dict = connection.settings_dict
    # The in-memory database lives as long as a connection to it is open: keep ours aside.
    connection.ensure_connection()
    memory_connection = connection.connection
    memory_name, memory_options = settings_dict["NAME"], settings_dict.get("OPTIONS", {})
    with sqlite3.connect(path) as target:
        memory_connection.backup(target)
    target.close()
    connection.connection = None
    settings_dict["NAME"] = str(path)
    settings_dict["OPTIONS"] = {**memory_options, **(options or {})}
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"], settings_dict["OPTIONS"] = memory_name, memory_options
        connection.connection = memory_connection


@pytest.fixture
def shared_database(tmp_path):
    """The database URL a worker subprocess can open to see (and change) this test's rows. Use it
    before the fixtures that write rows. (As in documents/tests/test_report_integration.py.)"""
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        user, password = settings_dict.get("USER") or "", settings_dict.get("PASSWORD") or ""
        credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = settings_dict.get("HOST") or "localhost"
        port = settings_dict.get("PORT") or "5432"
        yield f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"
        return
    assert connection.vendor == "sqlite", connection.vendor
    if not connection.is_in_memory_db():
        yield f"sqlite:///{settings_dict['NAME']}"
        return
    path = tmp_path / "shared.sqlite3"
    with _sqlite_in_file(path):
        yield f"sqlite:///{path}"


@pytest.fixture
def database_for_threads(tmp_path):
    """Requests from several threads at once, each on its own connection. On PostgreSQL nothing to
    do (row locks are real). The in-memory SQLite test database answers "locked" at once to a second
    writer (a shared cache), where a SQLite file makes writers wait their turn: so on SQLite the
    database is copied into a file, opened with the settings' own ``BEGIN IMMEDIATE`` and busy timeout
    (as a SQLite portal runs). Use it before the fixtures that write rows."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    with _sqlite_in_file(tmp_path / "threads.sqlite3"):
        yield


# --- A Celery worker subprocess --------------------------------------------------------------------------


class Worker:
    """``celery -A overenskommelse worker`` on one queue, with the production settings (plus the
    counting email backend: ``overenskommelse.tests.faults_settings``), in its own process group."""

    def __init__(self, *, redis_url: str, queue: str, database_url: str, media: Path, mail: Path, hang_at: int = 0):
        env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CELERY_", "FAULTS_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="overenskommelse.tests.faults_settings",
            REDIS_URL=redis_url,
            DATABASE_URL=database_url,
            DJANGO_MEDIA_ROOT=str(media),
            CELERY_TASK_DEFAULT_QUEUE=queue,
            FAULTS_MAIL_DIR=str(mail),
            FAULTS_HANG_AT=str(hang_at or ""),
        )
        command = [
            *(str(Path(sys.executable).parent / "celery"), "-A", "overenskommelse", "worker"),
            *("--pool=prefork", "--concurrency=1", "-l", "info"),
            *("-Q", queue, "-n", f"{queue}-{uuid.uuid4().hex[:6]}@%h"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ]
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - open as long as the worker runs
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def kill_all(self) -> None:
        """SIGKILL to the main process and its pool: nothing gets to clean up or say goodbye."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # warm shutdown
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill_all()
        else:
            # The pool may outlive a main process that died.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


@pytest.fixture
def start_worker():
    """``start_worker(**kwargs)`` starts a ``Worker``; every one is stopped at the end."""
    workers: list[Worker] = []

    def start(**kwargs) -> Worker:
        worker = Worker(**kwargs)
        workers.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in workers:
            worker.stop()


def wait_for(condition, *, what: str, worker: Worker | None = None, seconds: float = WAIT_SECONDS, interval=0.2):
    """Poll ``condition`` until it returns something true; fail with the worker's log otherwise."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if worker is not None and worker.process.poll() not in (None, -signal.SIGKILL):
            pytest.fail(f"the worker exited with {worker.process.returncode} while waiting for {what}:\n{worker.output()}")
        time.sleep(interval)
    log = worker.output()[-6000:] if worker is not None else ""
    pytest.fail(f"{what}: not within {seconds} s. {log}")
