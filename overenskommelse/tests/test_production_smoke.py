"""The portal runs as deployed: gunicorn, a Celery worker and Celery beat, started from the
``Procfile`` in production mode against the real database and Redis, serve the main pages, answer
``/healthz`` and make the yearly follow-up PDF through the worker; then they all stop.

The processes need a database they can see:

* on PostgreSQL (CI: ``DATABASE_URL`` from ``.ci/run``) they use pytest-django's test database
  (``test_<name>``), in a test that commits (``transactional_db``), emptied afterwards as usual;
* on SQLite (the suite's default) the test database lives in this process's memory, so they get a
  temporary SQLite file, migrated first.

Either way the demo data is loaded into it, and every process takes its tasks from a queue of its
own (``CELERY_TASK_DEFAULT_QUEUE``), so runs sharing one Redis never take each other's work.
"""

import json
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent.parent
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"

MAIN_PAGES = [
    ("/", "Överenskommelse"),
    ("/organisationer/", "Lunds Schackklubb"),
    ("/initiativ/", "<h1"),
    ("/samverkansataganden/", "<h1"),
    ("/konferens/", "<h1"),
    ("/handlingsplan/", "<h1"),
]

# Asks the worker (through the service, as the convener's button does) for a new round's yearly
# report, then waits until the worker has made it; prints the outcome as JSON.
MAKE_REPORT = """
import datetime, json, time
from django.db.models import Min
from followup.models import FollowUpRound
from documents.models import FollowUpReport
from documents.services.pdf_jobs import followup_report_request
first = FollowUpRound.objects.aggregate(first=Min("year"))["first"] or 2026
year = first - 1
round_ = FollowUpRound.objects.create(year=year, deadline=datetime.date(year + 1, 2, 28))
report = followup_report_request(followup_round=round_, by=None)
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    report = FollowUpReport.objects.get(pk=report.pk)
    if report.status in ("done", "failed"):
        break
    time.sleep(0.5)
size = report.file.size if report.file else 0
print(json.dumps({"status": report.status, "error": report.error, "size": size, "pages": report.pages}))
"""


LOAD_DEMO = """
import sys
from django.db import transaction
from accounts import demo as accounts_demo
from initiatives import demo as initiatives_demo
from overenskommelse import demo as agreement_demo
with transaction.atomic():
    for module in (agreement_demo, accounts_demo, initiatives_demo):
        module.load_demo(stdout=sys.stdout)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _base_env() -> dict[str, str]:
    """This process's environment without any variable the settings read."""
    return {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DJANGO_SETTINGS_MODULE")
        and not key.startswith(("DJANGO_", "CELERY_"))
    }


def _manage(env: dict[str, str], *args: str, timeout: int = 180) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


def _postgres_url() -> str:
    """pytest-django's test database, as a URL the subprocesses understand."""
    settings = connection.settings_dict
    user = settings.get("USER") or ""
    password = settings.get("PASSWORD") or ""
    credentials = user + (f":{password}" if password else "") + ("@" if user else "")
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{settings['NAME']}"


@pytest.fixture
def smoke_database(transactional_db, tmp_path):
    """A database the subprocesses share with each other: its URL, and whether to migrate it."""
    if connection.vendor == "postgresql":
        return _postgres_url(), False
    return f"sqlite:///{tmp_path / 'smoke.sqlite3'}", True


def _in_this_environment(command: str) -> str:
    """The Procfile's command with its programme taken from the running interpreter's own
    directory, wherever the environment is (the Procfile names ``.venv/bin/``)."""
    programme, _space, rest = command.partition(" ")
    programme = str(Path(sys.executable).parent / Path(programme).name)
    return f"{programme} {rest}" if rest else programme


@pytest.fixture
def production(smoke_database, tmp_path):
    """The Procfile's web, worker and beat, in production mode; stopped at teardown."""
    database_url, needs_migrate = smoke_database
    queue = f"smoke-{uuid.uuid4().hex}"
    port = _free_port()
    env = _base_env()
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="overenskommelse.settings.base",
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_MFA_ENCRYPTION_KEY=secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="False",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_LOG_LEVEL="WARNING",
        REDIS_URL=REDIS_URL,
        CELERY_TASK_DEFAULT_QUEUE=queue,
        PORT=str(port),
        WEB_CONCURRENCY="1",
        CELERY_CONCURRENCY="1",
        CELERY_LOG_LEVEL="warning",
        CELERY_BEAT_SCHEDULE_FILE=str(tmp_path / "celerybeat-schedule"),
    )
    if needs_migrate:
        _manage(env, "migrate", "--noinput", "-v", "0")
    # The demo data of the pages fetched (the agreement, the register, initiatives and
    # commitments), loaded eagerly the development way; the conference and follow-up demos make
    # PDFs of their own and would only slow the test down.
    demo_env = {**env, "DJANGO_DEBUG": "True"}
    del demo_env["REDIS_URL"]
    _manage(demo_env, "shell", "-c", LOAD_DEMO)
    _manage(env, "collectstatic", "--noinput", "-v", "0")

    procfile = {}
    for line in (BASE_DIR / "Procfile").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, command = line.split(":", 1)
            procfile[name.strip()] = _in_this_environment(command.strip())
    assert set(procfile) == {"web", "worker", "beat"}

    processes: dict[str, tuple[subprocess.Popen, object]] = {}
    try:
        for name, command in procfile.items():
            log = open(tmp_path / f"{name}.log", "w+")  # noqa: SIM115 - closed at teardown
            process = subprocess.Popen(
                ["bash", "-c", f"exec {command}"],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped as one
            )
            processes[name] = (process, log)
        yield {
            "base_url": f"http://127.0.0.1:{port}",
            "env": env,
            "processes": processes,
            "logs": lambda: {
                name: (tmp_path / f"{name}.log").read_text()[-4000:] for name in processes
            },
        }
    finally:
        for process, _log in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)  # warm shutdown of gunicorn and Celery
        for process, log in processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            log.close()
        client = redis.Redis.from_url(REDIS_URL)
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        client.close()


def _get(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def _wait_for_web(production) -> None:
    deadline = time.monotonic() + 60
    web = production["processes"]["web"][0]
    while time.monotonic() < deadline:
        if web.poll() is not None:
            pytest.fail(f"gunicorn exited with {web.returncode}:\n{production['logs']()['web']}")
        try:
            _get(production["base_url"] + "/healthz")
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer within 60 s:\n{production['logs']()['web']}")


@pytest.mark.integration
def test_gunicorn_worker_and_beat_serve_the_portal_and_make_the_yearly_pdf(production):
    _wait_for_web(production)
    base = production["base_url"]

    status, body, _headers = _get(base + "/healthz")
    assert status == 200, body
    health = json.loads(body)
    assert health["status"] == "ok"
    assert health["database"] == "ok"
    assert health["redis"] == "ok"

    for path, expected in MAIN_PAGES:
        status, body, headers = _get(base + path)
        assert status == 200, f"{path}: {status}\n{body[:2000]}\n{production['logs']()['web']}"
        assert expected in body, path
        assert "Content-Security-Policy" in headers, path
    # Static files come from whitenoise, with the hashed names of the manifest.
    status, body, _headers = _get(base + "/")
    css = next(part.split('"')[0] for part in body.split('href="/static/')[1:] if ".css" in part.split('"')[0])
    assert len(css.rsplit(".", 2)) == 3, css  # name.<hash>.css
    assert _get(f"{base}/static/{css}")[0] == 200

    # The yearly follow-up PDF, requested as the convener's button does and made by the worker.
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", MAKE_REPORT],
        cwd=BASE_DIR,
        env=production["env"],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, f"{result.stderr}\n{production['logs']()}"
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == "done", f"{outcome}\n{production['logs']()['worker']}"
    assert outcome["size"] > 1000

    # Every process is still up (beat included), and the logs are JSON lines.
    for name, (process, _log) in production["processes"].items():
        assert process.poll() is None, f"{name} exited:\n{production['logs']()[name]}"
    for line in production["logs"]()["worker"].splitlines():
        if line.startswith("{"):
            assert json.loads(line)["level"]


def test_an_s3_bucket_can_be_chosen_for_media_by_configuration():
    """DJANGO_STORAGE=s3 makes uploads and PDFs go to an S3-compatible bucket (imported only then)."""
    env = _base_env()
    env.update(
        DJANGO_SETTINGS_MODULE="overenskommelse.settings.base",
        DJANGO_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="portal-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9",
    )
    probe = (
        "import django; django.setup(); "
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.location, s.default_acl)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "portal-media", "media", "private"]
    # Without the variable nothing of django-storages is imported.
    env.pop("DJANGO_STORAGE")
    probe = "import django, sys; django.setup(); print('storages' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "False", result.stderr


def test_the_procfile_runs_web_worker_and_beat_as_the_readme_says():
    entries = {
        line.split(":", 1)[0]: shlex.split(line.split(":", 1)[1])
        for line in (BASE_DIR / "Procfile").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert entries["web"][0].endswith("gunicorn")
    assert "--workers" in entries["web"] and entries["web"][entries["web"].index("--workers") + 1] == "${WEB_CONCURRENCY:-2}"
    assert entries["worker"][:4] == [".venv/bin/celery", "-A", "overenskommelse", "worker"]
    assert "-O" in entries["worker"] and entries["worker"][entries["worker"].index("-O") + 1] == "fair"
    assert entries["worker"][entries["worker"].index("--prefetch-multiplier") + 1] == "1"
    assert entries["beat"][:4] == [".venv/bin/celery", "-A", "overenskommelse", "beat"]
