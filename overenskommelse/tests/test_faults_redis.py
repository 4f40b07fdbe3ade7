"""Fault: Redis down (issue 8, item 5). Redis is the cache, the Celery broker and the store of the
rate limits. While it is down or hangs, every page still answers, and quickly; what a person does
that asks for background work (an email, a report) succeeds, tells them it is delayed, is recorded
in the database, and is sent once Redis is back (by the periodic requeue tasks, run by a real worker).

The Redis is a ``redis-server`` of the test's own (faults_support.RedisServer), killed (connections
refused) or stopped with SIGSTOP (connections accepted, never answered: the case that needs the
socket timeouts of the settings).

Run alone: ``REDIS_URL=redis://127.0.0.1:6379/13 pytest -m integration overenskommelse/tests/test_faults_redis.py``
"""

from __future__ import annotations

import datetime
import time
import uuid

import pytest
import redis
from django.urls import reverse
from django.utils import timezone

from accounts.models import Accession, OrganisationKind
from conferences.models import Invitation, InvitationSending
from conferences.tests.factories import make_conference
from documents.models import FollowUpReport
from documents.tests.test_report_pdf import YEAR, make_dataset
from followup.models import FollowUpRound
from followup.services import rounds as round_services
from overenskommelse.models import Agreement, Principle, PriorityArea
from plumbing.models import QueuedTask

from . import faults_support
from .faults_support import (
    celery_at,
    mail_count,
    reset_breakers,
    use_redis_cache,
    wait_for,
)

# Fixtures used here.
redis_server = faults_support.redis_server
shared_database = faults_support.shared_database
start_worker = faults_support.start_worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

DELAYED = "E-post och annat som görs i bakgrunden är försenat just nu."
# A page may wait for one socket timeout of the cache (1 s) or the broker (2 s) when Redis hangs;
# after that the process leaves Redis alone for a while.
PAGE_SECONDS = 5.0


@pytest.fixture
def media(settings, tmp_path):
    folder = tmp_path / "media"
    folder.mkdir()
    settings.MEDIA_ROOT = folder
    return folder


@pytest.fixture
def mail(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def queue() -> str:
    return f"test-faults-redis-{uuid.uuid4().hex}"


@pytest.fixture
def on_redis(settings, redis_server, queue):
    """The cache and Celery of this process use the test's own redis-server."""
    use_redis_cache(settings, redis_server.url(0))
    with celery_at(redis_server.url(0), queue) as app:
        yield app


@pytest.fixture
def portal(administration_x, officer_x, group_member, convener):
    """A portal with a year followed up (a closed round, a report to ask for), a round being
    prepared, a published conference with five addresses to invite, and principles to confirm."""
    closed_round = make_dataset(administration_x)
    agreement = Agreement.objects.get()
    Principle.objects.create(agreement=agreement, name="Dialog", description="Öppen dialog.", position=1)
    new_round = round_services.round_create(
        year=YEAR + 1, deadline=timezone.localdate() + datetime.timedelta(days=30), by=convener
    )
    conference = make_conference(capacity=50)
    Invitation.objects.bulk_create(
        Invitation(conference=conference, email=f"inbjuden{i}@example.org", source=Invitation.Source.MANUAL)
        for i in range(5)
    )
    return {"closed_round": closed_round, "new_round": new_round, "conference": conference, "agreement": agreement}


def _application(agreement) -> dict:
    return {
        "name": "Lunds Schackklubb",
        "org_number": "802480-0008",
        "kind": OrganisationKind.NON_PROFIT_ASSOCIATION,
        "street_address": "Storgatan 1",
        "postal_code": "22221",
        "city": "Lund",
        "email": "info@schack.example.org",
        "description": "Vi spelar schack med barn och unga.",
        "priority_areas": [PriorityArea.objects.get(slug="inkludering").pk],
        "contact_name": "Kim Kontakt",
        "contact_email": "kim@schack.example.org",
        "signatory_name": "Siv Ordförande",
        "signatory_role": "ordförande",
        "board_decision_on": "2026-03-15",
        "principles_confirmed": list(Principle.objects.filter(agreement=agreement).values_list("pk", flat=True)),
        "democratic_values_confirmed": "on",
        "action": "send",
    }


def _timed(call, *args, **kwargs):
    started = time.monotonic()
    response = call(*args, **kwargs)
    return response, time.monotonic() - started


def _page(client, url: str) -> str:
    response, seconds = _timed(client.get, url)
    assert response.status_code == 200, (url, response.status_code)
    assert seconds < PAGE_SECONDS, f"{url} took {seconds:.1f} s"
    return response.content.decode()


def _action(client, url: str, data: dict | None = None) -> str:
    """POST as a person would and follow to the page they land on; its text."""
    response, seconds = _timed(client.post, url, data or {}, follow=True)
    assert seconds < PAGE_SECONDS + 3, f"{url} took {seconds:.1f} s"
    assert response.status_code == 200, (url, response.status_code)
    assert response.redirect_chain, f"{url} did not succeed: {response.content.decode()[:2000]}"
    return response.content.decode()


def _every_main_page_answers(client, portal, ordinary_user, group_member, convener, password) -> None:
    closed_year = portal["closed_round"].year
    conference = portal["conference"]
    public = [
        reverse("home"),
        reverse("agreement"),
        reverse("action_plan"),
        reverse("accounts:organisation_list"),
        reverse("initiatives:initiative_list"),
        reverse("initiatives:partnership_list"),
        reverse("conferences:conference_list"),
        reverse("conferences:conference_detail", kwargs={"pk": conference.pk}),
        reverse("documents:published_reports"),
        reverse("collaboration:minutes_list"),
        reverse("account_login"),
    ]
    for url in public:
        _page(client, url)
    # Logging in counts the attempt in the cache (allauth's rate limits): still possible.
    response, seconds = _timed(
        client.post, reverse("account_login"), {"login": ordinary_user.email, "password": password}
    )
    assert response.status_code == 302 and seconds < PAGE_SECONDS, (response.status_code, seconds)
    assert "_auth_user_id" in client.session
    client.logout()

    client.force_login(group_member)
    for url in [
        reverse("collaboration:dashboard"),
        reverse("collaboration:dashboard") + f"?year={closed_year}",
        reverse("collaboration:group"),
        reverse("collaboration:meeting_list"),
        reverse("followup:round_list"),
        reverse("followup:round_detail", kwargs={"year": closed_year}),
        reverse("documents:report_list", kwargs={"year": closed_year}),
        reverse("accounts:accession_queue"),
    ]:
        _page(client, url)
    client.force_login(convener)
    _page(client, reverse("conferences:invitation_list", kwargs={"pk": conference.pk}))
    client.logout()


def test_redis_down_pages_answer_work_is_recorded_and_sent_when_redis_is_back(
    shared_database,
    media,
    mail,
    redis_server,
    on_redis,
    queue,
    start_worker,
    client,
    portal,
    ordinary_user,
    officer_x,
    group_member,
    convener,
    password,
):
    redis_server.kill()

    _every_main_page_answers(client, portal, ordinary_user, group_member, convener, password)

    # Applying to join: sent, with the confirmation by email delayed.
    client.force_login(ordinary_user)
    page = _action(client, reverse("accounts:accession_start"), _application(portal["agreement"]))
    assert "Din ansökan har skickats till samverkansgruppen." in page
    assert DELAYED in page
    accession = Accession.objects.get()
    assert accession.status == Accession.Status.SUBMITTED

    # The convener opens the new round (the invitations to report), asks for the yearly report and
    # sends the conference's invitations.
    client.force_login(convener)
    new_year = portal["new_round"].year
    page = _action(client, reverse("followup:round_open", kwargs={"year": new_year}))
    assert "Uppföljningen är öppen." in page and DELAYED in page
    assert FollowUpRound.objects.get(year=new_year).opened_at is not None

    reset_breakers()  # each action below meets the dead broker itself, not only the pause
    page = _action(client, reverse("documents:report_create", kwargs={"year": portal["closed_round"].year}))
    assert "Version 1 av rapporten skapas." in page and DELAYED in page

    reset_breakers()
    conference = portal["conference"]
    page = _action(client, reverse("conferences:invitation_send", kwargs={"pk": conference.pk}))
    assert DELAYED in page
    sending = InvitationSending.objects.get()
    assert sending.status == InvitationSending.Status.QUEUED

    # Everything is recorded, nothing was sent.
    waiting = QueuedTask.objects.filter(sent_at__isnull=True)
    assert sorted(waiting.values_list("task", flat=True)) == [
        "accounts.tasks.send_accession_submitted",
        "conferences.tasks.send_invitations",
        "followup.tasks.send_round_invitations",
    ]
    report = FollowUpReport.objects.get()
    assert report.status == "waiting"
    assert not list(mail.iterdir())

    # Redis is back; a worker runs. Beat's periodic tasks find what waited (the minutes that would
    # pass are simulated on the rows) and hand it over; the worker sends and makes it.
    redis_server.start()
    reset_breakers()
    worker = start_worker(
        redis_url=redis_server.url(0), queue=queue, database_url=shared_database, media=media, mail=mail
    )
    QueuedTask.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=3))
    FollowUpReport.objects.update(requested_at=timezone.now() - datetime.timedelta(minutes=6))
    from documents.tasks import requeue_pdf_jobs
    from plumbing.tasks import requeue_queued_tasks

    on_redis.amqp._producer_pool = None  # connections of the Redis that died are gone
    requeue_queued_tasks.apply_async(ignore_result=True)
    requeue_pdf_jobs.apply_async(ignore_result=True)

    expected = {
        ordinary_user.email: 1,  # the applicant's confirmation
        group_member.email: 1,  # the group is told about the application
        convener.email: 1,
        officer_x.email: 1,  # the invitation to report in the new round
        **{f"inbjuden{i}@example.org": 1 for i in range(5)},  # the conference's invitations
    }

    def all_sent():
        counts = mail_count(mail)
        return counts if all(counts[address] >= 1 for address in expected) else None

    counts = wait_for(all_sent, what="the delayed emails", worker=worker)
    wait_for(
        lambda: FollowUpReport.objects.filter(pk=report.pk, status="done").exists(),
        what="the delayed report",
        worker=worker,
    )
    wait_for(
        lambda: InvitationSending.objects.filter(pk=sending.pk, status="done").exists(),
        what="the sending to be done",
        worker=worker,
    )
    assert {address: counts[address] for address in expected} == expected
    assert not QueuedTask.objects.filter(sent_at__isnull=True).exists()


def test_redis_hanging_pages_answer_quickly_and_an_application_is_kept(
    media, redis_server, on_redis, queue, client, portal, ordinary_user, group_member, convener, password
):
    redis_server.pause()
    started = time.monotonic()
    _every_main_page_answers(client, portal, ordinary_user, group_member, convener, password)
    # The cache waits for its socket timeout once, then leaves Redis alone for a while.
    assert time.monotonic() - started < 15

    client.force_login(ordinary_user)
    page = _action(client, reverse("accounts:accession_start"), _application(portal["agreement"]))
    assert "Din ansökan har skickats till samverkansgruppen." in page and DELAYED in page
    [queued] = QueuedTask.objects.filter(sent_at__isnull=True)
    assert (queued.task, queued.args) == ("accounts.tasks.send_accession_submitted", [Accession.objects.get().pk])

    # Redis answers again: the periodic task hands the recorded task to the broker.
    redis_server.resume()
    reset_breakers()
    from plumbing.outbox import queued_tasks_requeue

    assert queued_tasks_requeue() == 0  # fresh: its own commit may still be handing it over
    QueuedTask.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=3))
    on_redis.amqp._producer_pool = None
    assert queued_tasks_requeue() == 1
    queued.refresh_from_db()
    assert queued.sent_at is not None
    client_redis = redis.Redis.from_url(redis_server.url(0))
    assert client_redis.llen(queue) == 1  # waiting for a worker, in Redis
    client_redis.close()
