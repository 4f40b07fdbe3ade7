"""Fixtures of the attendance tests: a conference today (100 places) and its training session."""

import pytest

from conferences.models import Conference, Session
from conferences.tests.factories import make_conference_on_day, make_training


@pytest.fixture
def conference(db) -> Conference:
    return make_conference_on_day()


@pytest.fixture
def training(conference) -> Session:
    return make_training(conference)
