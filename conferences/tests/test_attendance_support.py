"""Shared set-up of the attendance tests (no tests here): conferences, sessions and registrations made
directly with the models, the cast, and small helpers.

Import what a test file needs: ``from conferences.tests.test_attendance_support import *``.
"""

import datetime

import pytest
from django.utils import timezone

from conferences.models import Conference, Registration, Session, SessionAttendance
from overenskommelse.tests.cast import login

__all__ = [
    "CAST",
    "assert_status",
    "check_in",
    "conference",
    "english",
    "login",
    "make_conference",
    "make_registration",
    "make_session",
    "media",
    "training",
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
    elif expected == "redirect":
        assert response.status_code == 302
        assert "/konto/login/" not in response["Location"]
    else:
        assert response.status_code == expected, response.status_code


def make_conference(*, starts_on: datetime.date | None = None, capacity: int = 100, **fields) -> Conference:
    starts_on = starts_on or timezone.localdate()
    opens = timezone.make_aware(datetime.datetime.combine(starts_on - datetime.timedelta(days=60), datetime.time(9)))
    values = {
        "title": "Överenskommelsekonferensen",
        "ends_on": starts_on,
        "venue_name": "Stadshallen",
        "venue_address": "Stortorget 1, Lund",
        "description": "Konferensen om överenskommelsen.",
        "registration_opens_at": opens,
        "registration_closes_at": opens + datetime.timedelta(days=50),
        "is_published": True,
    }
    values.update(fields)
    return Conference.objects.create(starts_on=starts_on, capacity=capacity, **values)


def make_session(conference: Conference, *, title="Utbildning i IOP", kind=Session.Kind.TRAINING, hour=10, hours=2, **fields):
    starts_at = timezone.make_aware(datetime.datetime.combine(conference.starts_on, datetime.time(hour)))
    return Session.objects.create(
        conference=conference,
        title=title,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        **fields,
    )


def make_registration(conference: Conference, name: str = "Anna Andersson", *, email: str | None = None, **fields):
    values = {"status": Registration.Status.CONFIRMED}
    values.update(fields)
    email = email if email is not None else f"{name.lower().replace(' ', '.')}@example.org"
    return Registration.objects.create(conference=conference, name=name, email=email, **values)


def check_in(registration: Registration, *sessions: Session) -> Registration:
    """Mark as attended directly (set-up, not the behaviour under test)."""
    registration.checked_in_at = timezone.now()
    registration.save(update_fields=["checked_in_at"])
    for session in sessions:
        SessionAttendance.objects.create(registration=registration, session=session)
    return registration


@pytest.fixture
def conference(db) -> Conference:
    return make_conference()


@pytest.fixture
def training(conference) -> Session:
    return make_session(conference)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def english(client, settings):
    """The pages in English (the msgids), whatever the Swedish catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
