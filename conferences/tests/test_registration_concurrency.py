"""Capacity under concurrent registrations: parallel requests never confirm more places than the
capacity (the service locks the conference row). Meant for PostgreSQL, where the lock is real::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> pytest conferences/tests/test_registration_concurrency.py

On SQLite the database serialises the writers itself and answers "database is locked" to the
others, which simply try again (as a person would press the button again). The lock can also hit
after the commit (when the confirmation email is read), so a retry may meet its own registration:
on SQLite only the rows in the database are checked, on PostgreSQL every response too.
"""

import threading
import time

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client
from django.urls import reverse

from conferences.models import Registration
from conferences.tests.test_conference_support import make_conference, make_session

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _rate_limit_out_of_the_way(settings):
    """Twelve people from one address, and on SQLite each "database is locked" retry is a request
    more: the registration rate limit (tested in overenskommelse/tests) is not what is tested here."""
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "registration": "10000/h"}


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
            for _attempt in range(50):
                try:
                    results[index] = client.post(url, payload)
                    return
                except OperationalError as error:
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.02)
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


def _on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _no_errors(results) -> None:
    assert not [r for r in results if isinstance(r, Exception) or r is None], results


def _payload(i: int, **extra) -> dict:
    return {"name": f"Person {i}", "email": f"person{i}@example.org", "website": "", **extra}


def test_parallel_registrations_never_confirm_more_places_than_the_capacity():
    conference = make_conference(capacity=PLACES)
    url = reverse("conferences:registration_create", kwargs={"pk": conference.pk})
    results = _post_in_parallel(url, [_payload(i) for i in range(PEOPLE)])
    _no_errors(results)
    if _on_postgresql():
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
    if _on_postgresql():
        assert sorted(r.status_code for r in results) == [200] * 5 + [302] * 3
    assert session.registrations.count() == 3
    assert Registration.objects.count() == 3, "the others were told the session is full"


def test_the_same_person_registering_twice_at_once_gets_one_registration():
    conference = make_conference(capacity=PEOPLE)
    url = reverse("conferences:registration_create", kwargs={"pk": conference.pk})
    results = _post_in_parallel(url, [_payload(1) for _ in range(4)])
    _no_errors(results)
    if _on_postgresql():
        assert sorted(r.status_code for r in results) == [200, 200, 200, 302]
    assert Registration.objects.filter(email="person1@example.org").count() == 1
