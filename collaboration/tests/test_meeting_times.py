"""Issue 17: a meeting's time is written one way on the group's pages, as everywhere else in the
portal (Swedish: "torsdag 3 december 2026 13.00–15.00"), never 13:00 beside it."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from collaboration.models import AgendaItem, Meeting

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\xa0", " ")


@pytest.fixture
def meeting(db) -> Meeting:
    meeting = Meeting.objects.create(
        starts_at=timezone.make_aware(datetime.datetime(2026, 12, 3, 13, 0)),
        ends_at=timezone.make_aware(datetime.datetime(2026, 12, 3, 15, 0)),
        place="Stadshuset",
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title="Mötets öppnande", duration_minutes=45)
    return meeting


def test_the_meeting_page_and_the_list_write_the_time_the_swedish_way(client, convener, meeting):
    client.force_login(convener)
    detail = _text(client.get(meeting.get_absolute_url()))
    listing = _text(client.get(reverse("collaboration:meeting_list") + "?ar=2026"))
    for text in (detail, listing):
        assert "torsdag 3 december 2026 13.00–15.00" in text
        assert "13:00" not in text and "15:00" not in text
    assert "Slutar omkring 13.45." in detail  # the agenda's estimated end
    assert "13:45" not in detail
