"""Issue 14: Borås's and Blekinge's demos (``load_demo --agreement boras|blekinge``) have
initiatives in the steps of the five-step process in the agreement's own areas, the group's
meetings (held, with minutes and decisions, and one to come) and the conference by the agreement's
cadence, with its programme; their pages open in the agreement's words. Loading twice adds nothing.
"""

import datetime
import io
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from collaboration.models import Decision, Meeting
from conferences.models import Conference
from conferences.selectors.registration import (
    conference_due_year,
    conference_missing_for_due_year,
)
from initiatives.models import Initiative
from overenskommelse.demo_year import demo_year
from overenskommelse.models import PriorityArea
from overenskommelse.process import Step

pytestmark = pytest.mark.django_db

GROUPS = {"samverkansgruppen", "samrådet", "styrgruppen"}


@dataclass(frozen=True)
class Demo:
    key: str
    group: str
    Group_gen: str
    member: str
    convener: str
    steps: int  # how many of the five steps the demo's initiatives are in
    conference_years: list[int]  # the years of its conferences, counted from the demo's year (-1: the year before)
    due: int  # the year the next conference is due, seen from demo_today(), counted from the demo's year


DEMOS = [
    Demo("boras", "samrådet", "Samrådets", "ledamot@demo.boras.se", "sammankallande@demo.boras.se", 5, [-1, 1], 1),
    Demo(
        "blekinge", "styrgruppen", "Styrgruppens", "ledamot@demo.blekinge.se", "sammankallande@demo.blekinge.se",
        5, [0], 1,
    ),
]


def demo_today() -> datetime.date:
    """The demo's own "today": 3 December of the demo's year (``demo_year()``, the year it is
    loaded in)."""
    return datetime.date(demo_year(), 12, 3)


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").replace("\xa0", " ").split())


def _others_absent(text: str, demo: Demo) -> None:
    for other in GROUPS - {demo.group}:
        assert other not in text.lower(), other


def _counts() -> dict[str, int]:
    return {
        "initiatives": Initiative.objects.count(),
        "meetings": Meeting.objects.count(),
        "decisions": Decision.objects.count(),
        "conferences": Conference.objects.count(),
    }


@pytest.fixture(params=DEMOS, ids=[demo.key for demo in DEMOS])
def demo(request, settings) -> Demo:
    """The agreement's demo, loaded twice: the second run changes nothing."""
    settings.DEBUG = True  # load_demo refuses to run in production mode
    call_command("load_demo", agreement=request.param.key, stdout=io.StringIO())
    counts = _counts()
    call_command("load_demo", agreement=request.param.key, stdout=io.StringIO())
    assert _counts() == counts
    settings.DEBUG = False
    return request.param


def _initiatives(client, demo: Demo) -> None:
    """A handful of initiatives, in the steps of the process, each in the agreement's own areas;
    each page opens for anyone and names the group in the agreement's words."""
    initiatives = list(Initiative.objects.prefetch_related("priority_areas"))
    assert len(initiatives) >= 4
    assert len({initiative.step for initiative in initiatives}) == demo.steps
    own_areas = set(PriorityArea.objects.values_list("pk", flat=True))
    for initiative in initiatives:
        areas = {area.pk for area in initiative.priority_areas.all()}
        assert areas and areas <= own_areas, initiative.title
        page = _text(client.get(reverse("initiatives:initiative_detail", kwargs={"pk": initiative.pk})))
        assert initiative.title in page
        _others_absent(page, demo)
    reported = Initiative.objects.filter(step=Step.RESULT).first()
    page = _text(client.get(reverse("initiatives:initiative_detail", kwargs={"pk": reported.pk})))
    assert demo.group in page.lower(), page
    listed = _text(client.get(reverse("initiatives:initiative_list")))
    assert all(initiative.title in listed for initiative in initiatives if initiative.is_public)
    _others_absent(listed, demo)


def _meetings(client, demo: Demo) -> None:
    """Held meetings with published minutes and decisions, and one to come (after the last held);
    the group's member opens them, and the public reads the published minutes."""
    meetings = list(Meeting.objects.order_by("starts_at"))
    held = [meeting for meeting in meetings if meeting.minutes_published_at]
    coming = [meeting for meeting in meetings if not meeting.minutes]
    assert held and coming
    assert coming[-1].starts_at > held[-1].starts_at
    assert timezone.localtime(coming[-1].starts_at).date() > demo_today()
    assert all(Decision.objects.filter(meeting=meeting).exists() for meeting in held)
    assert all(meeting.attendances.filter(present=True).exists() for meeting in held)
    client.force_login(User.objects.get(email=demo.member))
    for meeting in meetings:
        page = _text(client.get(reverse("collaboration:meeting_detail", kwargs={"pk": meeting.pk})))
        assert page.startswith(f"{demo.Group_gen} möte") or f"{demo.Group_gen} möte" in page, page
        _others_absent(page, demo)
    client.logout()
    minutes = _text(client.get(reverse("collaboration:minutes_detail", kwargs={"pk": held[0].pk})))
    assert held[0].decisions.first().text in minutes
    _others_absent(minutes, demo)


def _conferences(client, demo: Demo) -> None:
    """The conference by the agreement's cadence, with its programme; its pages open for anyone;
    the next is due after the cadence."""
    year, today = demo_year(), demo_today()
    due = year + demo.due
    conferences = list(Conference.objects.order_by("starts_on"))
    assert [conference.starts_on.year for conference in conferences] == [year + offset for offset in demo.conference_years]
    assert conference_due_year(today) == due
    planned = Conference.objects.filter(starts_on__year=due).exists()
    assert conference_missing_for_due_year(today) == (None if planned else due)
    for conference in conferences:
        assert conference.is_published
        sessions = list(conference.sessions.all())
        assert len(sessions) >= 3
        assert any(session.initiative_id for session in sessions)
        page = _text(client.get(reverse("conferences:conference_detail", kwargs={"pk": conference.pk})))
        assert conference.title in page
        _others_absent(page, demo)
        programme = _text(client.get(reverse("conferences:programme", kwargs={"pk": conference.pk})))
        assert all(session.title in programme for session in sessions)
        _others_absent(programme, demo)
    held = conferences[0]
    assert held.registrations.filter(checked_in_at__isnull=False).exists()
    client.force_login(User.objects.get(email=demo.convener))
    listed = _text(client.get(reverse("conferences:conference_list")))
    assert all(conference.title in listed for conference in conferences)
    client.logout()


def test_the_demo_has_initiatives_meetings_and_a_conference_of_its_own(client, demo):
    _initiatives(client, demo)
    _meetings(client, demo)
    _conferences(client, demo)
