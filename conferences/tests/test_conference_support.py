"""Shared set-up of the conference tests of journeys 1–4 (no tests here): conferences in each state,
sessions, and the cast's login.

Import what a test file needs: ``from conferences.tests.test_conference_support import *``.
"""

import datetime

import pytest
from django.utils import timezone

from conferences.models import Conference, Registration, Session
from overenskommelse.tests.cast import login

__all__ = [
    "CAST",
    "assert_status",
    "conference",
    "draft_conference",
    "english",
    "held_conference",
    "login",
    "make_conference",
    "make_session",
    "register",
]

CAST = [
    "anonymous",
    "ordinary_user",
    "representative_a",
    "representative_b",
    "officer_x",
    "group_member",
    "convener",
]


def assert_status(response, expected) -> None:
    if expected == "login":
        assert response.status_code == 302
        assert "/konto/login/" in response["Location"]
    else:
        assert response.status_code == expected, response.status_code


def make_conference(**fields) -> Conference:
    """A published conference about two months ahead, registration open now, 3 places."""
    now = timezone.now()
    day = timezone.localdate() + datetime.timedelta(days=60)
    values = {
        "title": "Överenskommelsekonferensen",
        "starts_on": day,
        "ends_on": day,
        "venue_name": "Stadshallen",
        "venue_address": "Stortorget 7, 222 23 Lund",
        "venue_accessibility": "Hiss och hörslinga.",
        "description": "En dag om överenskommelsen.",
        "registration_opens_at": now - datetime.timedelta(days=10),
        "registration_closes_at": now + datetime.timedelta(days=30),
        "capacity": 3,
        "is_published": True,
    }
    values.update(fields)
    return Conference.objects.create(**values)


def make_session(conference: Conference, *, hour: int = 10, **fields) -> Session:
    day = conference.starts_on
    starts = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))
    values = {
        "title": f"Pass klockan {hour}",
        "kind": Session.Kind.TRAINING,
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=1),
        "room": "Sal B",
        "speakers": "Sara Sammankallande",
    }
    values.update(fields)
    return Session.objects.create(conference=conference, **values)


def register(conference: Conference, email: str, **fields) -> Registration:
    """Register through the service (as the form does), confirmed or on the waiting list."""
    from conferences.services import registration_create

    values = {"name": email.split("@")[0].title(), "email": email}
    values.update(fields)
    return registration_create(conference=conference, **values)


@pytest.fixture
def english(client, settings):
    """The pages in English (the msgids), whatever the Swedish catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def conference(db) -> Conference:
    return make_conference()


@pytest.fixture
def draft_conference(db) -> Conference:
    return make_conference(title="Utkast till konferens", is_published=False)


@pytest.fixture
def held_conference(db) -> Conference:
    """Published, took place last month."""
    day = timezone.localdate() - datetime.timedelta(days=30)
    return make_conference(
        title="Konferensen som varit",
        starts_on=day,
        ends_on=day,
        registration_opens_at=timezone.now() - datetime.timedelta(days=90),
        registration_closes_at=timezone.now() - datetime.timedelta(days=40),
    )
