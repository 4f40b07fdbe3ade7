"""Certificates of attendance: only for participants checked in to a training session, made in the
background, downloaded through the personal link, re-issued after a name correction, and made again
after a failure."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from conferences import services
from conferences.models import Certificate, Registration, Session
from conferences.tasks import make_certificate, requeue_waiting_certificates
from conferences.tests.factories import check_in, make_registration, make_training

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def _page(token):
    return reverse("conferences:certificate", kwargs={"token": token})


def _file(token):
    return reverse("conferences:certificate_file", kwargs={"token": token})


@pytest.fixture
def trained(conference, training) -> Registration:
    """Anna, checked in to the training session."""
    return check_in(make_registration(conference, "Anna Andersson"), training)


def _ask(client, registration, django_capture_on_commit_callbacks, **headers):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(_page(registration.token), **headers)


# --- Who gets one ----------------------------------------------------------------------------------


def test_a_participant_checked_in_to_a_training_gets_a_certificate(client, trained, django_capture_on_commit_callbacks):
    response = _ask(client, trained, django_capture_on_commit_callbacks)
    assert response["Location"] == _page(trained.token)
    certificate = Certificate.objects.get(registration=trained)
    assert (certificate.status, certificate.name_on_certificate) == (Certificate.Status.DONE, "Anna Andersson")
    assert certificate.made_at is not None
    download = client.get(_file(trained.token))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "intyg-anna-andersson.pdf" in download["Content-Disposition"]


def test_signing_up_for_a_training_is_not_enough(client, conference, training, english, django_capture_on_commit_callbacks):
    registration = check_in(make_registration(conference))
    registration.sessions.add(training)
    page = client.get(_page(registration.token)).content.decode()
    assert "We have no record of you being checked in to a training session" in page
    assert "Make my certificate" not in page
    response = _ask(client, registration, django_capture_on_commit_callbacks, follow=True)
    assert "only be made for someone who was checked in to a training session" in response.content.decode()
    assert not Certificate.objects.exists()


def test_attending_a_session_that_is_not_a_training_is_not_enough(client, conference, django_capture_on_commit_callbacks):
    dialogue = make_training(conference, title="Dialog", kind=Session.Kind.DIALOGUE)
    registration = check_in(make_registration(conference), dialogue)
    _ask(client, registration, django_capture_on_commit_callbacks)
    assert not Certificate.objects.exists()


def test_a_cancelled_registration_has_no_certificate_page(client, conference, training):
    registration = check_in(make_registration(conference), training)
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.CANCELLED)
    assert client.get(_page(registration.token)).status_code == 404


def test_an_unknown_link_is_not_found(client):
    assert client.get(_page("gissat")).status_code == 404
    assert client.get(_file("gissat")).status_code == 404


def test_there_is_nothing_to_download_before_the_certificate_is_made(client, trained):
    assert client.get(_file(trained.token)).status_code == 404


def test_the_page_offers_to_make_the_certificate_and_lists_the_training(client, trained, english):
    page = client.get(_page(trained.token)).content.decode()
    assert "Make my certificate" in page
    assert "Utbildning i IOP" in page
    assert 'name="robots" content="noindex"' in page


# --- In the background -----------------------------------------------------------------------------


def test_the_task_is_enqueued_only_after_the_commit(trained, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.certificate_request(registration=trained)
    assert Certificate.objects.get().status == Certificate.Status.WAITING
    assert len(callbacks) == 1


def test_the_page_shows_progress_while_the_certificate_is_being_made(client, trained, english, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.certificate_request(registration=trained)
    page = client.get(_page(trained.token)).content.decode()
    assert "Your certificate is being made." in page
    assert 'hx-trigger="every 2s"' in page
    assert "Reload the page to see if it is ready" in page
    assert "htmx.min.js" in page


def test_htmx_polls_only_the_status_fragment(client, trained, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.certificate_request(registration=trained)
    response = client.get(_page(trained.token), headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="certificate-status"')
    assert "<h1" not in content
    assert "HX-Request" in response["Vary"]


def test_polling_stops_when_the_certificate_is_ready(client, trained, english, django_capture_on_commit_callbacks):
    _ask(client, trained, django_capture_on_commit_callbacks)
    content = client.get(_page(trained.token), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in content
    assert "Download the certificate (PDF)" in content


def test_the_task_is_idempotent(trained, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_request(registration=trained)
    certificate = Certificate.objects.get()
    made = (certificate.file.name, certificate.made_at)
    assert make_certificate(certificate.pk) == "done"
    certificate.refresh_from_db()
    assert (certificate.file.name, certificate.made_at) == made


def test_asking_again_for_a_ready_certificate_does_not_make_it_again(client, trained, django_capture_on_commit_callbacks):
    _ask(client, trained, django_capture_on_commit_callbacks)
    first = Certificate.objects.get().file.name
    _ask(client, trained, django_capture_on_commit_callbacks)
    assert Certificate.objects.get().file.name == first


def test_a_task_for_a_deleted_certificate_does_nothing(db):
    assert make_certificate(12345) == "missing"


def test_the_certificate_names_the_participant_and_the_training(trained, training):
    from conferences.services.attendance import _certificate_context

    certificate = Certificate(registration=trained, name_on_certificate="Anna Andersson")
    html = render_to_string(
        "pdf/certificate.html", _certificate_context(certificate, list(trained.attendances.select_related("session")))
    )
    assert "Anna Andersson" in html
    assert "Utbildning i IOP" in html
    assert "2 h" in html


# --- Re-issue after a name correction -------------------------------------------------------------


def test_a_corrected_name_offers_a_new_certificate(client, trained, english, django_capture_on_commit_callbacks):
    _ask(client, trained, django_capture_on_commit_callbacks)
    old_file = Certificate.objects.get().file.name
    Registration.objects.filter(pk=trained.pk).update(name="Anna Andersdotter")
    page = client.get(_page(trained.token)).content.decode()
    assert "Make a new certificate with the corrected name" in page
    assert "Anna Andersdotter" in page

    _ask(client, trained, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get()
    assert (certificate.status, certificate.name_on_certificate) == (Certificate.Status.DONE, "Anna Andersdotter")
    assert certificate.file.name != old_file
    assert not default_storage.exists(old_file)
    assert "Make a new certificate" not in client.get(_page(trained.token)).content.decode()


def test_a_certificate_made_while_the_name_was_corrected_is_thrown_away(
    trained, media, monkeypatch, django_capture_on_commit_callbacks
):
    from plumbing import pdf

    original = pdf.render_pdf

    def render_while_the_name_is_corrected(template_name, context):
        # Meanwhile the participant corrects the name and asks again (a newer task is on its way).
        Certificate.objects.filter(registration=trained).update(
            name_on_certificate="Anna Andersdotter", requested_at=timezone.now() + datetime.timedelta(seconds=1)
        )
        return original(template_name, context)

    monkeypatch.setattr(pdf, "render_pdf", render_while_the_name_is_corrected)
    with django_capture_on_commit_callbacks(execute=False):
        certificate = services.certificate_request(registration=trained)
    assert make_certificate(certificate.pk) == "superseded"
    certificate.refresh_from_db()
    assert (certificate.status, certificate.file.name) == (Certificate.Status.WAITING, "")
    assert list((media / "certificates").iterdir()) == []


# --- Failure and retry -----------------------------------------------------------------------------


def test_a_failed_certificate_can_be_made_again(client, trained, english, monkeypatch, django_capture_on_commit_callbacks):
    from plumbing import pdf

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    _ask(client, trained, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get()
    assert (certificate.status, certificate.error) == (Certificate.Status.FAILED, "OSError: disk full")
    page = client.get(_page(trained.token)).content.decode()
    assert "Something went wrong when your certificate was made" in page
    assert "disk full" not in page
    assert "Try again" in page

    monkeypatch.undo()
    _ask(client, trained, django_capture_on_commit_callbacks)
    certificate.refresh_from_db()
    assert (certificate.status, certificate.error) == (Certificate.Status.DONE, "")


def test_a_certificate_stuck_in_the_queue_can_be_asked_for_again(client, trained, english, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the broker was down: never run
        services.certificate_request(registration=trained)
    Certificate.objects.update(requested_at=timezone.now() - datetime.timedelta(minutes=10))
    page = client.get(_page(trained.token)).content.decode()
    assert "It is taking longer than usual." in page
    assert "hx-trigger" not in page
    _ask(client, trained, django_capture_on_commit_callbacks)
    assert Certificate.objects.get().status == Certificate.Status.DONE


def test_the_periodic_task_enqueues_certificates_that_waited_too_long(trained, conference, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.certificate_request(registration=trained)
    assert requeue_waiting_certificates() == 0
    Certificate.objects.update(requested_at=timezone.now() - datetime.timedelta(minutes=10))
    assert requeue_waiting_certificates() == 1
    assert Certificate.objects.get().status == Certificate.Status.DONE


def test_a_celery_worker_knows_the_certificate_tasks(db):
    """Autodiscovery imports the ``tasks`` module, which holds them under their first names."""
    from overenskommelse.celery import app

    app.loader.import_default_modules()
    assert {
        "conferences.tasks_attendance.make_certificate",
        "conferences.tasks_attendance.requeue_waiting_certificates",
    } <= set(app.tasks)


# --- Correcting the name through the certificate link ----------------------------------------------


def test_a_participant_corrects_their_name_after_the_conference_and_gets_a_new_certificate(
    client, trained, english, django_capture_on_commit_callbacks
):
    _ask(client, trained, django_capture_on_commit_callbacks)
    response = client.post(_page(trained.token), {"action": "correct_name", "name": "  Anna  Andersdotter "})
    assert response["Location"] == _page(trained.token)
    trained.refresh_from_db()
    assert trained.name == "Anna Andersdotter"
    assert "Make a new certificate with the corrected name" in client.get(_page(trained.token)).content.decode()


def test_an_empty_name_is_refused_and_the_form_is_shown_open(client, trained, english):
    response = client.post(_page(trained.token), {"action": "correct_name", "name": "   "})
    assert response.status_code == 200
    assert response.context["name_form"].errors["name"]
    assert "<details class=\"mt-4\" open>" in response.content.decode()
    trained.refresh_from_db()
    assert trained.name == "Anna Andersson"
