"""The demo is anchored to the year it is loaded in (``overenskommelse.demo_year``), not to a fixed
year: loaded in January or two years on, the dashboard's "this year" still has the demo's
follow-up round (open, last year's closed), a meeting still to come, the conference held two years
before and the one of the year after open for registration; loading it twice that year leaves
the same rows.

The clock is moved by replacing ``django.utils.timezone.now`` (every "today" and "now" of the
portal and of Django's date fields reads it), so no process-wide fake clock is needed.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from collaboration.models import Meeting
from collaboration.selectors.figures.presentation import compute_year_figures
from conferences.models import Conference
from conferences.selectors import registration_state
from followup.models import FollowUpRound
from initiatives.models import Initiative, Partnership
from overenskommelse.demo_year import demo_anchored, demo_year
from overenskommelse.models import ActionPlan

pytestmark = pytest.mark.django_db


def _moment(text: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


@pytest.fixture
def clock(monkeypatch):
    """Moves the portal's clock to a given local time (Europe/Stockholm)."""

    def move(text: str) -> datetime.datetime:
        moment = _moment(text)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return move


def test_the_demo_year_is_the_local_year_of_today():
    assert demo_year(datetime.date(2027, 1, 1)) == 2027
    assert demo_year() == timezone.localdate().year


def test_new_years_night_in_stockholm_is_already_the_next_year(clock):
    # 23:30 UTC on New Year's Eve is half past midnight in Stockholm.
    clock("2027-01-01 00:30")
    assert timezone.now().astimezone(datetime.UTC).date() == datetime.date(2026, 12, 31)
    assert demo_year() == 2027


def test_a_pinned_year_holds_inside_the_block_only(clock):
    clock("2027-06-15 12:00")
    with demo_anchored() as year:
        assert year == 2027
        clock("2028-01-01 00:05")  # the load runs across New Year's midnight
        assert demo_year() == 2027
        with demo_anchored(2030):
            assert demo_year() == 2030
        assert demo_year() == 2027
    assert demo_year() == 2028


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (FollowUpRound, Meeting, Conference, Initiative, Partnership, ActionPlan)
    }


@pytest.mark.parametrize("today", ["2027-01-15 10:00", "2028-02-10 10:00"])
def test_the_demo_loaded_in_another_year_has_that_years_round_meeting_and_conferences(settings, clock, today):
    now = clock(today)
    year = now.year
    settings.DEBUG = True  # load_demo refuses to run in production mode
    call_command("load_demo", stdout=io.StringIO())
    counts = _counts()
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == counts, "a second load the same year adds nothing"

    current = FollowUpRound.objects.get(year=year)
    assert current.is_open and current.deadline == datetime.date(year, 12, 15)
    assert FollowUpRound.objects.get(year=year - 1).is_closed
    coming = Meeting.objects.filter(minutes="", starts_at__gt=now)
    assert coming.filter(starts_at__year=year).exists(), "a meeting still to come this year"
    assert sorted(Conference.objects.values_list("starts_on__year", flat=True)) == [year - 2, year + 1]
    assert registration_state(Conference.objects.get(starts_on__year=year + 1)) == "open"
    plan = ActionPlan.objects.get()
    assert plan.starts_on.year <= year <= plan.ends_on.year, "the action plan runs this year"

    # The dashboard's this year: its round, its meetings and the conference to come.
    figures = compute_year_figures(timezone.localdate().year)
    assert figures.round.exists and figures.round.is_open
    assert figures.meetings.planned >= 2 and figures.meetings.next is not None
    assert figures.conference is not None and figures.conference.starts_on.year == year + 1
