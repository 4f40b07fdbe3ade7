"""Capacity under concurrent registrations: parallel requests never confirm more places than the
capacity (the service locks the conference row). On PostgreSQL the lock is real::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> pytest conferences/tests/test_registration_concurrency.py

On SQLite the database lets one writer in at a time; the settings make each transaction take the
write lock when it begins and wait for it (``transaction_mode`` IMMEDIATE and a busy timeout), so a
second writer waits its turn instead of answering 500 with "database is locked". Every response is
checked on both: nobody is sent an error page, nor asked to try again.
"""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from conferences.models import Registration
from conferences.tests.factories import make_conference, make_session
from overenskommelse.tests import faults_support

database_for_threads = faults_support.database_for_threads

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _rate_limit_out_of_the_way(settings):
    """Twelve people from one address, and on SQLite each "database is locked" retry is a request
    more: the registration rate limit (tested in overenskommelse/tests) is not what is tested here."""
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "registration": "10000/h"}


@pytest.fixture(autouse=True)
def _on_a_database_file(database_for_threads):
    """The in-memory SQLite test database answers "locked" at once to a second writer (its shared
    cache knows no busy timeout): on SQLite every test here runs on a file opened with the portal's
    own settings."""


PEOPLE = 12
PLACES = 5


@pytest.fixture(autouse=True)
def _celery_join_flag():
    """Eager Celery tasks in parallel threads race on Celery's process-wide "joining a result
    would block" flag (set and reset around each eager task): put it back as it was, or later
    tests that wait for a result would be refused."""
    from celery._state import _set_task_join_will_block, task_join_will_block

    before = task_join_will_block()
    yield
    _set_task_join_will_block(before)


def _post_in_parallel(url: str, payloads: list[dict]) -> list:
    """POST each payload from its own thread, all released at once; the responses (or errors)."""
    barrier = threading.Barrier(len(payloads))
    results: list = [None] * len(payloads)

    def run(index: int, payload: dict) -> None:
        client = Client()
        try:
            barrier.wait()
            results[index] = client.post(url, payload)
        except Exception as error:  # noqa: BLE001 (any failure is recorded)
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(payloads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _no_errors(results) -> None:
    assert not [r for r in results if isinstance(r, Exception) or r is None], results


def _payload(i: int, **extra) -> dict:
    return {"name": f"Person {i}", "email": f"person{i}@example.org", "website": "", **extra}


def test_parallel_registrations_never_confirm_more_places_than_the_capacity():
    conference = make_conference(capacity=PLACES)
    url = reverse("conferences:registration_create", kwargs={"pk": conference.pk})
    results = _post_in_parallel(url, [_payload(i) for i in range(PEOPLE)])
    _no_errors(results)
    assert all(r.status_code == 302 for r in results), results
    registrations = Registration.objects.filter(conference=conference)
    assert registrations.count() == PEOPLE
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == PLACES
    waiting = registrations.filter(status=Registration.Status.WAITING)
    assert waiting.count() == PEOPLE - PLACES
    assert waiting.filter(waiting_since__isnull=True).count() == 0
    conference.refresh_from_db()
    assert conference.capacity_notified == [50, 80, 100]


def test_parallel_registrations_never_overfill_a_session():
    conference = make_conference(capacity=PEOPLE)
    session = make_session(conference, capacity=3)
    url = reverse("conferences:registration_create", kwargs={"pk": conference.pk})
    results = _post_in_parallel(url, [_payload(i, sessions=[session.pk]) for i in range(8)])
    _no_errors(results)
    assert sorted(r.status_code for r in results) == [200] * 5 + [302] * 3
    assert session.registrations.count() == 3
    assert Registration.objects.count() == 3, "the others were told the session is full"


def test_the_same_person_registering_twice_at_once_gets_one_registration():
    conference = make_conference(capacity=PEOPLE)
    url = reverse("conferences:registration_create", kwargs={"pk": conference.pk})
    results = _post_in_parallel(url, [_payload(1) for _ in range(4)])
    _no_errors(results)
    assert sorted(r.status_code for r in results) == [200, 200, 200, 302]
    assert Registration.objects.filter(email="person1@example.org").count() == 1
