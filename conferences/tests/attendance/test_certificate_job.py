"""The certificate of attendance as a background job (plumbing.jobs): made once even when its task
comes twice, taken over after a lost worker, sent again when stuck; and the certificates of a
database from before (status "queued") are neither lost nor made again."""

import datetime

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from conferences import services
from conferences.models import Certificate, Registration
from conferences.tasks import make_certificate, requeue_waiting_certificates
from conferences.tests.factories import check_in, make_registration
from plumbing import jobs

pytestmark = [pytest.mark.usefixtures("media")]


@pytest.fixture
def trained(conference, training) -> Registration:
    return check_in(make_registration(conference, "Anna Andersson"), training)


def _waiting(registration, django_capture_on_commit_callbacks) -> Certificate:
    """Asked for while the broker was down: recorded, never run."""
    with django_capture_on_commit_callbacks(execute=False):
        return services.certificate_request(registration=registration)


@pytest.mark.django_db
def test_two_tasks_for_one_certificate_make_it_once(trained, media, monkeypatch, django_capture_on_commit_callbacks):
    from plumbing import pdf

    certificate = _waiting(trained, django_capture_on_commit_callbacks)
    original = pdf.render_pdf
    inner: list[str] = []

    def render_while_a_second_task_comes(template_name, context):
        if not inner:  # the requeue sent it again while the first worker was making it
            inner.append(make_certificate(certificate.pk))
        return original(template_name, context)

    monkeypatch.setattr(pdf, "render_pdf", render_while_a_second_task_comes)
    assert make_certificate(certificate.pk) == "done"
    assert inner == ["running"]  # the second found it claimed and left it
    certificate.refresh_from_db()
    assert (certificate.status, certificate.attempts) == (Certificate.Status.DONE, 1)
    assert [path.name for path in (media / "certificates").iterdir()] == [certificate.file.name.split("/")[-1]]


@pytest.mark.django_db
def test_a_certificate_left_running_by_a_lost_worker_is_made_by_the_redelivered_task(
    trained, django_capture_on_commit_callbacks
):
    certificate = _waiting(trained, django_capture_on_commit_callbacks)
    Certificate.objects.filter(pk=certificate.pk).update(status="running", started_at=timezone.now(), attempts=1)
    assert make_certificate(certificate.pk) == "running"  # a live worker is left alone
    assert services.certificate_make(certificate_id=certificate.pk, redelivered=True) == "done"
    certificate.refresh_from_db()
    assert (certificate.status, certificate.attempts) == (Certificate.Status.DONE, 2)


@pytest.mark.django_db
def test_a_certificate_running_past_the_hard_limit_is_sent_again(trained, django_capture_on_commit_callbacks):
    certificate = _waiting(trained, django_capture_on_commit_callbacks)
    long_ago = timezone.now() - jobs.RUNNING_STALE_AFTER - datetime.timedelta(seconds=1)
    Certificate.objects.filter(pk=certificate.pk).update(status="running", started_at=long_ago, attempts=1)
    assert requeue_waiting_certificates() == 1  # eager here: sent and made at once
    certificate.refresh_from_db()
    assert (certificate.status, certificate.attempts) == (Certificate.Status.DONE, 2)


@pytest.mark.django_db
def test_asking_again_while_it_runs_past_the_limit_makes_it_anew(client, trained, django_capture_on_commit_callbacks):
    certificate = _waiting(trained, django_capture_on_commit_callbacks)
    long_ago = timezone.now() - jobs.RUNNING_STALE_AFTER - datetime.timedelta(seconds=1)
    Certificate.objects.filter(pk=certificate.pk).update(status="running", started_at=long_ago, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_request(registration=trained)
    certificate.refresh_from_db()
    assert (certificate.status, certificate.attempts) == (Certificate.Status.DONE, 1)


def test_the_certificate_task_ends_within_the_running_window():
    assert make_certificate.acks_late is True and make_certificate.reject_on_worker_lost is True
    assert make_certificate.time_limit <= settings.CELERY_TASK_TIME_LIMIT
    assert datetime.timedelta(seconds=make_certificate.time_limit) < jobs.RUNNING_STALE_AFTER


# --- A database from before the job base ---------------------------------------------------------

BEFORE = [("conferences", "0003_input_limits")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_certificates_from_before_keep_their_state_and_a_queued_one_is_made(conference, training):
    done_registration = check_in(make_registration(conference, "Klar Karlsson"), training)
    failed_registration = check_in(make_registration(conference, "Fel Fransson"), training)
    queued_registration = check_in(make_registration(conference, "Kö Kvist"), training)
    stored = default_storage.save("certificates/klar.pdf", ContentFile(b"%PDF-1.7 klar"))
    made_at = timezone.now() - datetime.timedelta(days=3)
    requested_long_ago = timezone.now() - datetime.timedelta(hours=1)

    old = _migrate(BEFORE).get_model("conferences", "Certificate")
    done = old.objects.create(
        registration_id=done_registration.pk,
        status="done",
        name_on_certificate="Klar Karlsson",
        file=stored,
        made_at=made_at,
        requested_at=requested_long_ago,
    )
    failed = old.objects.create(
        registration_id=failed_registration.pk,
        status="failed",
        name_on_certificate="Fel Fransson",
        error="OSError: disk full",
        requested_at=requested_long_ago,
    )
    queued = old.objects.create(
        registration_id=queued_registration.pk,
        status="queued",
        name_on_certificate="Kö Kvist",
        requested_at=requested_long_ago,
    )

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    states = {
        row["pk"]: (row["status"], row["attempts"], row["file"], row["made_at"], row["error"])
        for row in Certificate.objects.values("pk", "status", "attempts", "file", "made_at", "error")
    }
    assert states == {
        done.pk: ("done", 0, stored, made_at, ""),
        failed.pk: ("failed", 0, "", None, "OSError: disk full"),
        queued.pk: ("waiting", 0, "", None, ""),
    }
    # The periodic task picks up the queued one (its task may have been lost at the deploy) and
    # only that one; the done one is not made again.
    assert requeue_waiting_certificates() == 1
    assert Certificate.objects.get(pk=queued.pk).status == "done"
    assert make_certificate(done.pk) == "done"
    assert Certificate.objects.get(pk=done.pk).file.name == stored
