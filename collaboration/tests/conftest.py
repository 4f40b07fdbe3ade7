"""Fixtures of the group's tests: the whole group, a meeting to come and one held."""

import pytest

from collaboration.models import Meeting, Seat
from collaboration.tests.factories import make_group, make_meeting


@pytest.fixture
def full_group(db) -> list[Seat]:
    return make_group()


@pytest.fixture
def meeting(db) -> Meeting:
    return make_meeting()


@pytest.fixture
def past_meeting(db) -> Meeting:
    return make_meeting(days=-10)
