"""Fixtures every app's tests may ask for (registered by the root conftest.py): the agreement with
its action plan, the two associations of the cast connected to it, and English pages."""

import datetime

import pytest

from accounts.models import Organisation
from overenskommelse.models import Agreement, PriorityArea
from overenskommelse.tests.factories import agreement_with_plan


@pytest.fixture
def english(client, settings):
    """The pages in English (the msgids), whatever the Swedish catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def agreement(db) -> Agreement:
    return agreement_with_plan()


@pytest.fixture
def connected_a(organisation_a, agreement) -> Organisation:
    organisation_a.connected_since = datetime.date(2025, 3, 14)
    organisation_a.save()
    organisation_a.priority_areas.add(PriorityArea.objects.get(slug="inkludering"))
    return organisation_a


@pytest.fixture
def connected_b(organisation_b) -> Organisation:
    organisation_b.connected_since = datetime.date(2025, 3, 14)
    organisation_b.save()
    return organisation_b
