"""Fault: a Celery worker killed (SIGKILL) in the middle of an email batch (issue 8, item 5). The
conference's invitations to a register of 300 addresses, or the emails that open the yearly
follow-up to 150 representatives, are being sent when the worker dies in the middle of an email; a
new worker starts, the broker hands the task out again, and every address has got exactly one
email: none twice, none lost.

The kill is made deterministic: the worker's email backend (faults_support.FileMailBackend) stops
at the 120th message as a mail server that stops answering, and the whole worker (main process and
pool) is killed there. Nothing gets to clean up or tell the broker.

(The yearly report, the other long task, is covered by
documents/tests/test_report_integration.py: a worker killed mid-report, exactly one version made.)

Run alone: ``REDIS_URL=redis://127.0.0.1:6379/13 pytest -m integration overenskommelse/tests/test_faults_worker.py``
"""

from __future__ import annotations

import datetime
import time
import uuid

import pytest
import redis
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, Representation, User
from conferences.models import Invitation, InvitationSending
from conferences.services import invitation_sending_start
from conferences.tests.factories import make_conference
from followup.services import rounds as round_services
from plumbing.models import Delivery

from . import faults_support
from .faults_support import celery_at, mail_count, wait_for

# Fixtures used here.
redis_server = faults_support.redis_server
shared_database = faults_support.shared_database
start_worker = faults_support.start_worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ADDRESSES = 300
HANG_AT = 120
REPRESENTATIVES = 150


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


def _simulate_the_visibility_timeout(url: str) -> int:
    """Redis hands an unacknowledged message out again once the visibility timeout (10 minutes,
    see CELERY_BROKER_TRANSPORT_OPTIONS) has passed since it was delivered; a starting worker
    restores such messages. The 10 minutes are simulated on kombu's index of delivered messages."""
    client = redis.Redis.from_url(url)
    try:
        entries = client.zrange("unacked_index", 0, -1, withscores=True)
        for tag, score in entries:
            client.zadd("unacked_index", {tag: score - 3600})
        return len(entries)
    finally:
        client.close()


def test_a_worker_killed_mid_batch_then_every_address_gets_exactly_one_invitation(
    shared_database, media, mail, redis_server, start_worker, convener
):
    conference = make_conference(capacity=ADDRESSES)
    addresses = [f"forening{i:03d}@example.org" for i in range(ADDRESSES)]
    Invitation.objects.bulk_create(
        Invitation(conference=conference, email=address, source=Invitation.Source.ORGANISATION) for address in addresses
    )
    queue = f"test-faults-worker-{uuid.uuid4().hex}"
    worker_options = {"redis_url": redis_server.url(0), "queue": queue, "database_url": shared_database, "media": media}

    with celery_at(redis_server.url(0), queue):
        first = start_worker(mail=mail, hang_at=HANG_AT, **worker_options)
        sending = invitation_sending_start(conference=conference, by=convener)  # sent to Redis at the commit
        wait_for(lambda: (mail / "hanging").exists(), what="the worker to be in the middle of the batch", worker=first)
        first.kill_all()

    cut_off = (mail / "hanging").read_text()
    assert sum(mail_count(mail).values()) == HANG_AT - 1
    assert mail_count(mail)[cut_off] == 0, "the email being sent at the kill never reached the mail server"
    sending.refresh_from_db()
    assert sending.status == InvitationSending.Status.RUNNING

    # The broker still holds the task (acks_late): it comes back after the visibility timeout. The
    # address whose email was cut off was claimed by the dead worker; the claim expires meanwhile.
    assert _simulate_the_visibility_timeout(redis_server.url(0)) == 1
    later = timezone.now() - datetime.timedelta(minutes=10)
    Delivery.objects.filter(purpose="conference.invitation", sent_at__isnull=True).update(claimed_at=later)
    (mail / "hanging").unlink()
    started = time.monotonic()
    second = start_worker(mail=mail, **worker_options)
    wait_for(
        lambda: InvitationSending.objects.filter(pk=sending.pk, status=InvitationSending.Status.DONE).exists(),
        what="the new worker to finish the sending",
        worker=second,
    )
    counts = mail_count(mail)
    assert {address: counts[address] for address in addresses} == dict.fromkeys(addresses, 1)
    assert sum(counts.values()) == ADDRESSES, "no email to anyone else"
    assert not Invitation.objects.filter(sent_at__isnull=True).exists()
    sending.refresh_from_db()
    assert sending.sent == ADDRESSES
    assert time.monotonic() - started < 60


def test_a_worker_killed_while_a_round_opens_then_every_representative_gets_exactly_one_email(
    shared_database, media, mail, redis_server, start_worker, convener
):
    today = timezone.localdate()
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Förening {i:03d}",
            kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
            connected_since=today - datetime.timedelta(days=400),
        )
        for i in range(REPRESENTATIVES)
    )
    users = User.objects.bulk_create(
        User(email=f"ordforande{i:03d}@example.org", full_name=f"Ordförande {i:03d}") for i in range(REPRESENTATIVES)
    )
    Representation.objects.bulk_create(
        Representation(user=user, organisation=organisation) for user, organisation in zip(users, organisations)
    )
    addresses = sorted(user.email for user in users)
    followup_round = round_services.round_create(
        year=today.year - 1, deadline=today + datetime.timedelta(days=30), by=convener
    )
    queue = f"test-faults-worker-{uuid.uuid4().hex}"
    worker_options = {"redis_url": redis_server.url(0), "queue": queue, "database_url": shared_database, "media": media}

    with celery_at(redis_server.url(0), queue):
        first = start_worker(mail=mail, hang_at=60, **worker_options)
        round_services.round_open(followup_round=followup_round, by=convener)  # the emails go at the commit
        wait_for(lambda: (mail / "hanging").exists(), what="the worker to be in the middle of the batch", worker=first)
        first.kill_all()

    cut_off = (mail / "hanging").read_text()
    assert sum(mail_count(mail).values()) == 59 and mail_count(mail)[cut_off] == 0

    assert _simulate_the_visibility_timeout(redis_server.url(0)) == 1
    later = timezone.now() - datetime.timedelta(minutes=10)
    unsent = Delivery.objects.filter(purpose="followup.invitation", sent_at__isnull=True)
    assert unsent.update(claimed_at=later) == 1  # the one cut off
    (mail / "hanging").unlink()
    second = start_worker(mail=mail, **worker_options)
    wait_for(
        lambda: Delivery.objects.filter(purpose="followup.invitation", sent_at__isnull=False).count()
        == REPRESENTATIVES,
        what="the new worker to send the rest",
        worker=second,
    )
    counts = mail_count(mail)
    assert {address: counts[address] for address in addresses} == dict.fromkeys(addresses, 1)
    assert sum(counts.values()) == REPRESENTATIVES
