"""The yearly follow-up report through the real Redis and a real Celery worker (CONVENTIONS.md §10):
the click → the queue → a worker → a downloadable PDF; and a worker killed in the middle of making a
report never leaves a half-made version marked done, and exactly one finished version comes out.

Run alone: ``REDIS_URL=redis://127.0.0.1:6379/11 pytest -m integration documents/tests/test_report_integration.py``.

The worker is a subprocess (``celery -A overenskommelse worker``) with the production settings and
the test's own database: on PostgreSQL the test database, shared by name; on SQLite the in-memory
test database is copied into a file both processes open for the length of the test. The worker
listens on a queue with a unique name, and this process sends the report's task there.
"""

import datetime
import functools
import os
import signal
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest
import redis
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from documents.models import FollowUpReport
from documents.services import pdf_jobs
from overenskommelse.tests import faults_support
from overenskommelse.tests.faults_support import wait_for
from plumbing import jobs

from .test_report_pdf import make_dataset, pdf_text

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parent.parent.parent
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
WAIT_SECONDS = 180


# --- The shared database, the media folder and the queue -------------------------------------------


@pytest.fixture
def media(settings, tmp_path) -> Path:
    folder = tmp_path / "media"
    folder.mkdir()
    settings.MEDIA_ROOT = folder
    return folder


@pytest.fixture
def queue() -> str:
    return f"test-reports-{uuid.uuid4().hex}"


@pytest.fixture
def to_redis(queue):
    """This process's Celery app sends the report tasks to the real Redis, on ``queue`` (unit tests
    run the app eagerly); restored afterwards."""
    from overenskommelse.celery import app

    keys = ("task_always_eager", "broker_url", "result_backend", "task_routes")
    saved = {key: app.conf[key] for key in keys}

    def reset_connections():
        from kombu import pools

        pools.reset()  # kombu keeps connection pools per broker URL for the whole process
        app._pool = None
        app.amqp._producer_pool = None
        app.amqp._rtable = None
        app.amqp.__dict__.pop("router", None)

    app.conf.update(
        task_always_eager=False,
        broker_url=REDIS_URL,
        result_backend=REDIS_URL,
        task_routes={"documents.tasks.*": {"queue": queue}},
    )
    reset_connections()
    try:
        yield app
    finally:
        app.conf.update(**saved)
        reset_connections()
        client = redis.Redis.from_url(REDIS_URL)
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        client.close()


class Worker:
    """A ``celery worker`` subprocess on the test's queue, in its own process group."""

    def __init__(self, *, queue: str, database_url: str, media: Path, log):
        env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CELERY_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="overenskommelse.settings.base",
            REDIS_URL=REDIS_URL,
            DATABASE_URL=database_url,
            DJANGO_MEDIA_ROOT=str(media),
        )
        command = [
            *(str(Path(sys.executable).parent / "celery"), "-A", "overenskommelse", "worker"),
            # prefork with one child: killing the child is a worker process lost mid-task.
            *("--pool=prefork", "--concurrency=1", "-l", "info"),
            *("-Q", queue, "-n", f"{queue}-{uuid.uuid4().hex[:6]}@%h"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ]
        self.log = log
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def children(self) -> list[int]:
        """The pool processes (the children of the worker's main process)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.process.pid:
                pids.append(int(entry.name))
        return pids

    def kill_all(self) -> None:
        """SIGKILL the whole worker (main process and pool): nothing gets to clean up."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # warm shutdown
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill_all()


@pytest.fixture
def start_worker(queue, shared_database, media):
    workers: list[Worker] = []
    logs = []

    def start() -> Worker:
        log = tempfile.TemporaryFile(mode="w+")
        logs.append(log)
        worker = Worker(queue=queue, database_url=shared_database, media=media, log=log)
        workers.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in workers:
            worker.stop()
        for log in logs:
            log.close()


# The shared database and the wait of the fault tests (faults_support); the wait with this file's
# longer patience (a large report on a loaded machine).
_wait_for = functools.partial(wait_for, seconds=WAIT_SECONDS)
shared_database = faults_support.shared_database


def _status(report_id: int) -> dict:
    return FollowUpReport.objects.filter(pk=report_id).values("status", "attempts", "file", "error").get()


# --- The tests ---------------------------------------------------------------------------------


def test_from_the_click_to_the_downloadable_pdf(
    shared_database, media, to_redis, start_worker, client, tmp_path, convener, administration_x
):
    # The fixtures after ``shared_database`` write into the shared database.
    followup_round = make_dataset(administration_x)
    worker = start_worker()

    client.force_login(convener)
    response = client.post(reverse("documents:report_create", args=[followup_round.year]))
    assert response.status_code == 302
    report = FollowUpReport.objects.get()
    assert report.version == 1

    status_url = reverse("documents:report_status", args=[report.pk])

    def ready():
        html = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
        return "Klar" in html and html

    html = _wait_for(ready, worker=worker, what="the report to be ready", interval=1)
    download_url = reverse("documents:report_download", args=[report.pk])
    assert download_url in html
    response = client.get(download_url)
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    text = pdf_text(data, tmp_path)
    assert "Uppföljning av överenskommelsen 2025" in text
    assert "12 345 kr" in text
    assert "made: " in worker.output() or "succeeded" in worker.output()


def _big_dataset():
    """Enough förvaltningar and answers that laying the report out takes a few seconds, so a worker
    can be killed while it is at it."""
    from accounts.models import Organisation, OrganisationKind
    from followup.models import DepartmentAnswer, DepartmentReport, Question

    first = Organisation.objects.create(name="Förvaltning 00", kind=OrganisationKind.ADMINISTRATION)
    followup_round = make_dataset(first)
    question = Question.objects.filter(followup_round=followup_round, audience=Question.Audience.ADMINISTRATION).get()
    answer = " ".join(["Föreningarna bjuds in tidigt till dialog om planeringen och budgeten."] * 30)
    for index in range(1, 60):
        administration = Organisation.objects.create(name=f"Förvaltning {index:02d}", kind=OrganisationKind.ADMINISTRATION)
        report = DepartmentReport.objects.create(
            followup_round=followup_round,
            administration=administration,
            status=DepartmentReport.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        DepartmentAnswer.objects.create(report=report, question=question, text=answer)
    return followup_round


def _request_and_wait_until_running(followup_round, worker) -> int:
    report = pdf_jobs.followup_report_request(followup_round=followup_round, by=None)  # autocommit: sent now
    _wait_for(lambda: _status(report.pk)["status"] == "running", worker=worker, what="a worker to start the report", interval=0.05)
    return report.pk


def test_a_worker_process_killed_mid_report_is_replaced_and_the_version_made_once(
    shared_database, media, to_redis, start_worker
):
    followup_round = _big_dataset()
    worker = start_worker()
    report_id = _request_and_wait_until_running(followup_round, worker)
    children = _wait_for(worker.children, worker=worker, what="the pool process")
    for pid in children:
        os.kill(pid, signal.SIGKILL)  # the process making the report dies (out of memory, say)
    state = _status(report_id)
    assert state["status"] == "running" and not state["file"], "the report was finished before the kill"

    # acks_late + reject_on_worker_lost: the broker hands the task out again, a new pool process
    # takes the version over and makes it.
    _wait_for(lambda: _status(report_id)["status"] == "done", worker=worker, what="the redelivered task to finish")
    state = _status(report_id)
    assert state["attempts"] == 2
    assert FollowUpReport.objects.filter(followup_round=followup_round).count() == 1
    with default_storage.open(state["file"], "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert "WorkerLostError" in worker.output()
    # Only the finished file is in the storage: nothing half-made is left marked done.
    assert [path.name for path in (media / "followup").iterdir()] == [Path(state["file"]).name]


def test_a_whole_worker_killed_mid_report_then_a_new_worker_finishes_exactly_one_version(
    shared_database, media, to_redis, start_worker
):
    followup_round = _big_dataset()
    first = start_worker()
    report_id = _request_and_wait_until_running(followup_round, first)
    first.kill_all()  # SIGKILL to the main process and its pool: no goodbye to the broker
    state = _status(report_id)
    assert state["status"] == "running" and not state["file"], "the report was finished before the kill"
    assert state["attempts"] == 1

    second = start_worker()
    # The message is still unacknowledged in Redis and comes back only after the visibility
    # timeout; before that, beat's periodic task sees the version running for longer than the hard
    # time limit allows and sends it again. The time that would pass is simulated on the row.
    long_ago = timezone.now() - jobs.RUNNING_STALE_AFTER - datetime.timedelta(seconds=5)
    FollowUpReport.objects.filter(pk=report_id).update(started_at=long_ago)
    assert pdf_jobs.pdf_jobs_requeue_waiting() == 1

    _wait_for(lambda: _status(report_id)["status"] == "done", worker=second, what="the new worker to finish")
    state = _status(report_id)
    assert state["attempts"] == 2
    reports = FollowUpReport.objects.filter(followup_round=followup_round)
    assert [(report.version, report.status) for report in reports] == [(1, "done")]
    with default_storage.open(state["file"], "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # Should the lost message come back too (after the visibility timeout), it changes nothing.
    assert pdf_jobs.followup_report_make(report_id=report_id, redelivered=True).startswith("skipped")
    assert FollowUpReport.objects.get(pk=report_id).file.name == state["file"]
