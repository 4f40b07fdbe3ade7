"""Fault: two people acting on the same thing at the same moment (issue 8, item 5). Through the real
views, each person in a thread of their own with a database connection of their own, released
together: one wins, exactly one effect is recorded, and the other lands on a page that says in
Swedish what happened.

On PostgreSQL (CI) the race is real: row locks (``select_for_update``) and conditional UPDATEs
decide it. On SQLite the database lets one writer in at a time (faults_support.database_for_threads),
so the second request finds the first one's result: the message the loser sees is the same.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ok_faults pytest overenskommelse/tests/test_faults_concurrency.py
"""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connections
from django.test import Client
from django.urls import reverse

from accounts.models import Accession
from collaboration.models import AgendaItem, Decision
from collaboration.tests.factories import make_accession, make_meeting
from conferences.models import Registration
from conferences.tests.factories import make_conference
from initiatives.models import Initiative, StepTransition
from initiatives.tests.factories import make_initiative
from overenskommelse.process import Step
from plumbing.models import AuditEntry
from plumbing.testing import PortalClient

from . import faults_support

# Fixtures used here.
database_for_threads = faults_support.database_for_threads

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _celery_join_flag():
    """Eager Celery tasks in parallel threads race on Celery's process-wide "joining a result would
    block" flag: put it back as it was (as conferences/tests/test_registration_concurrency.py)."""
    from celery._state import _set_task_join_will_block, task_join_will_block

    before = task_join_will_block()
    yield
    _set_task_join_will_block(before)


def _client(user=None) -> Client:
    client = PortalClient()
    if user is not None:
        client.force_login(user)
    return client


def _at_once(*posts: tuple[Client, str, dict]) -> list:
    """POST each (client, url, data) from its own thread, all released at once; the responses."""
    barrier = threading.Barrier(len(posts))
    responses: list = [None] * len(posts)

    def run(index: int, client: Client, url: str, data: dict) -> None:
        try:
            barrier.wait(timeout=10)
            responses[index] = client.post(url, data)
        except Exception as error:  # noqa: BLE001 - shown by the assertion below
            responses[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(getattr(r, "status_code", None) == 302 for r in responses), responses
    return responses


def _landing(client: Client, response) -> str:
    """The page the person is sent to, with the message they see."""
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def _one_each(pages: list[str], won: str, lost: str) -> tuple[int, int]:
    """Which page is the winner's and which the loser's: exactly one of each."""
    winners = [i for i, page in enumerate(pages) if won in page]
    losers = [i for i, page in enumerate(pages) if lost in page]
    assert len(winners) == 1 and len(losers) == 1 and winners != losers, (winners, losers)
    return winners[0], losers[0]


# --- Deciding an application ---------------------------------------------------------------------------


def test_two_members_deciding_an_application_at_once_one_decides_the_other_is_told(
    database_for_threads, ordinary_user, group_member, convener
):
    accession = make_accession("Föreningen Samtidig", applicant=ordinary_user)
    url = reverse("accounts:accession_decide", kwargs={"pk": accession.pk})
    people = [group_member, convener]
    clients = [_client(person) for person in people]
    responses = _at_once(
        (clients[0], url, {"decision": "approve", "reason": "Uppfyller villkoren."}),
        (clients[1], url, {"decision": "reject", "reason": "Inte idéburen."}),
    )
    pages = [_landing(client, response) for client, response in zip(clients, responses)]

    accession.refresh_from_db()
    assert accession.is_decided
    winner = people.index(accession.decided_by)
    won = "Ansökan är beviljad." if accession.status == Accession.Status.APPROVED else "Ansökan är avslagen."
    assert _one_each(pages, won, "Beslut om ansökan har redan fattats av") == (winner, 1 - winner)
    assert f"Beslut om ansökan har redan fattats av {accession.decided_by.get_full_name()}" in pages[1 - winner]
    # One decision: one entry in the audit log, one email to the applicant.
    assert AuditEntry.objects.filter(action__in=["accession.approved", "accession.rejected"]).count() == 1
    assert [message.to for message in mail.outbox if message.to == [ordinary_user.email]] == [[ordinary_user.email]]


def test_two_members_deciding_at_the_meeting_at_once_one_decision_is_recorded(
    database_for_threads, ordinary_user, group_member, convener
):
    meeting = make_meeting(days=-3)
    accession = make_accession("Föreningen Samtidig", applicant=ordinary_user)
    item = AgendaItem.objects.create(
        meeting=meeting, kind="application", title="Ansökan om anslutning: Föreningen Samtidig", accession=accession
    )
    url = reverse("collaboration:meeting_decide", args=[meeting.pk, item.pk])
    prefix = f"decide-{item.pk}"
    people = [convener, group_member]
    clients = [_client(person) for person in people]
    responses = _at_once(
        (clients[0], url, {f"{prefix}-decision": "approve", f"{prefix}-reason": "Uppfyller villkoren."}),
        (clients[1], url, {f"{prefix}-decision": "reject", f"{prefix}-reason": "Inte idéburen."}),
    )
    pages = [_landing(client, response) for client, response in zip(clients, responses)]

    decision = Decision.objects.get()  # exactly one, with the meeting
    accession.refresh_from_db()
    winner = people.index(decision.recorded_by)
    assert accession.decided_by == decision.recorded_by
    won = "Beviljad: Föreningen Samtidig" if accession.status == Accession.Status.APPROVED else "Avslagen: ansökan"
    loser_page = pages[1 - winner]
    assert _one_each(pages, won, "Ingenting registrerades vid det här mötet.") == (winner, 1 - winner)
    assert f"var redan beslutad av {decision.recorded_by.get_full_name()}" in loser_page


# --- Taking the last place -----------------------------------------------------------------------------


def test_two_people_taking_the_last_place_at_once_one_gets_it_the_other_the_waiting_list(database_for_threads):
    conference = make_conference(capacity=3)
    for index in range(2):
        Registration.objects.create(
            conference=conference,
            name=f"Tidig {index}",
            email=f"tidig{index}@example.org",
            status=Registration.Status.CONFIRMED,
        )
    url = reverse("conferences:registration_create", kwargs={"pk": conference.pk})
    clients = [_client(), _client()]
    responses = _at_once(
        *(
            (client, url, {"name": f"Sist {index}", "email": f"sist{index}@example.org", "website": ""})
            for index, client in enumerate(clients)
        )
    )
    pages = [_landing(client, response) for client, response in zip(clients, responses)]

    confirmed = conference.registrations.filter(status=Registration.Status.CONFIRMED)
    waiting = conference.registrations.filter(status=Registration.Status.WAITING)
    assert confirmed.count() == 3 and waiting.count() == 1
    winner = int(confirmed.get(email__startswith="sist").email[4])
    assert _one_each(pages, "Du är anmäld.", "Konferensen är fullbokad, så du står på väntelistan.") == (
        winner,
        1 - winner,
    )


# --- Moving an initiative on ---------------------------------------------------------------------------


def test_two_parties_moving_an_initiative_on_at_once_it_moves_one_step(
    database_for_threads, connected_a, administration_x, officer_x, representative_a
):
    initiative = make_initiative(parties=[connected_a, administration_x], complete=True)
    url = reverse("initiatives:initiative_advance", kwargs={"pk": initiative.pk})
    data = {"advance-step": Step.INITIATIVE, "advance-comment": ""}
    clients = [_client(officer_x), _client(representative_a)]
    responses = _at_once(*((client, url, data) for client in clients))
    pages = [_landing(client, response) for client, response in zip(clients, responses)]

    assert Initiative.objects.get(pk=initiative.pk).step == Step.IMPLEMENTATION  # one step, not two
    [transition] = StepTransition.objects.filter(initiative=initiative, kind="forward")
    winner = [officer_x, representative_a].index(transition.by)
    assert _one_each(
        pages, "Initiativet har gått vidare till", "Någon annan har redan flyttat initiativet till ett annat steg."
    ) == (winner, 1 - winner)
