"""A real Celery worker answers through Redis (CONVENTIONS.md §10: integration tests use the real
Redis and a worker).

The worker runs the production settings (``overenskommelse.settings.base``) with REDIS_URL set, so it
uses Redis as broker and result backend exactly as deployed. It listens only on a queue with a unique
name, so parallel runs against the same Redis never take each other's tasks.
"""

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import redis
from celery import Celery
from celery.exceptions import TimeoutError as CeleryTimeoutError

pytestmark = pytest.mark.integration

BASE_DIR = Path(__file__).resolve().parent.parent.parent
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture
def queue() -> str:
    return f"test-ping-{uuid.uuid4().hex}"


@pytest.fixture
def worker(queue):
    """A ``celery worker`` subprocess on ``queue``, always stopped at teardown."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="overenskommelse.settings.base", REDIS_URL=REDIS_URL
    )
    command = [
        *(sys.executable, "-m", "celery", "-A", "overenskommelse", "worker"),
        *("--pool=solo", "--concurrency=1", "-l", "warning"),
        *("-Q", queue, "-n", f"{queue}@%h"),
        *("--without-gossip", "--without-mingle", "--without-heartbeat"),
    ]
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )

        def output() -> str:
            log.seek(0)
            return log.read()

        process.output = output
        try:
            yield process
        finally:
            # SIGTERM is Celery's warm shutdown; kill only if it hangs.
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            # Kombu leaves the queue's binding sets behind; unique names would pile them up.
            client = redis.Redis.from_url(REDIS_URL)
            client.delete(
                queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
            )
            client.close()


@pytest.fixture
def probe_app():
    """A separate Celery app on the real Redis; the project's app (eager in tests) stays untouched."""
    app = Celery("probe", broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
    app.conf.update(task_always_eager=False, broker_connection_retry_on_startup=True)
    try:
        yield app
    finally:
        app.close()


def test_a_real_worker_answers_the_ping_task_through_redis(worker, probe_app, queue):
    token = f"pong-{uuid.uuid4().hex}"
    result = probe_app.send_task("overenskommelse.ping", args=[token], queue=queue)
    deadline = time.monotonic() + 60
    try:
        while True:
            if worker.poll() is not None:
                pytest.fail(
                    f"the worker exited with {worker.returncode}:\n{worker.output()}"
                )
            try:
                value = result.get(timeout=2)
                break
            except CeleryTimeoutError:
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"no answer from the worker within 60 s:\n{worker.output()}"
                    )
        assert value == token
        assert result.successful()
    finally:
        result.forget()
