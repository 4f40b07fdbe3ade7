"""Fixtures of the conference tests: a conference open for registration, a draft and one held
last month (journeys 1–4), and a media folder of the test's own. The attendance tests (in
``attendance/``) have a conference of their own: today's."""

import datetime

import pytest
from django.utils import timezone

from conferences.models import Conference
from conferences.tests.factories import ConferenceFactory


@pytest.fixture
def conference(db) -> Conference:
    return ConferenceFactory()


@pytest.fixture
def draft_conference(db) -> Conference:
    return ConferenceFactory(title="Utkast till konferens", is_published=False)


@pytest.fixture
def held_conference(db) -> Conference:
    """Published, took place last month."""
    day = timezone.localdate() - datetime.timedelta(days=30)
    return ConferenceFactory(
        title="Konferensen som varit",
        starts_on=day,
        ends_on=day,
        registration_opens_at=timezone.now() - datetime.timedelta(days=90),
        registration_closes_at=timezone.now() - datetime.timedelta(days=40),
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
