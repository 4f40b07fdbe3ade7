"""The stored figures of closed years (issue 16): made once, read back the same as made afresh, and
never believed after a change to the data behind them (also a change that sends no signal), after a
deploy that changed their shape, or when made while a change was being committed.

These tests commit (``transaction=True``): figures are stored only outside a transaction, and the
generation is raised after a commit."""

import dataclasses
import datetime
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from collaboration import cache as figures_cache
from collaboration.models import StoredYearFigures
from collaboration.selectors.figures import compute_year_figures, year_figures
from collaboration.tasks import store_last_years_figures
from followup.models import FollowUpRound
from followup.services.rounds import round_close

from .test_figures_year import YEAR, build_figures_data

pytestmark = pytest.mark.django_db(transaction=True)

URL = reverse("collaboration:dashboard")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def figures_data(db) -> dict:
    return build_figures_data()


def _same(made, expected):
    """Equal but for the moment they were made."""
    return dataclasses.replace(made, made_at=expected.made_at) == expected


def _stored(year: int) -> StoredYearFigures | None:
    return StoredYearFigures.objects.filter(year=year).first()


def _text(response) -> str:
    html = re.sub(r"<svg.*?</svg>", " ", response.content.decode(), flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html).replace("\xa0", " "))


def test_a_closed_years_figures_are_stored_and_read_back_as_made_afresh(figures_data):
    this_year = timezone.localdate().year
    for year in (YEAR - 1, YEAR, this_year):
        made = year_figures(year)  # made afresh, and what is closed stored
        assert _same(made, compute_year_figures(year))
        cache.clear()
        read = year_figures(year)  # the closed part read back
        assert _same(read, compute_year_figures(year))
    # The years that are over are stored with their round; the year before the first only its period.
    assert set(StoredYearFigures.objects.exclude(year=0).values_list("year", flat=True)) == {
        YEAR - 2,
        YEAR - 1,
        YEAR,
        this_year - 1,
    }
    assert "year" in _stored(YEAR).values and "year" not in _stored(YEAR - 2).values


def test_the_stored_years_are_read_instead_of_the_queries_behind_them(figures_data):
    this_year = timezone.localdate().year
    year_figures(YEAR)
    year_figures(this_year)
    cache.clear()
    with CaptureQueriesContext(connection) as closed:
        year_figures(YEAR)
    with CaptureQueriesContext(connection) as current:
        year_figures(this_year)
    closed_sql = " ".join(query["sql"] for query in closed.captured_queries)
    current_sql = " ".join(query["sql"] for query in current.captured_queries)
    # A closed year: neither its initiatives at the year's end, nor its commitments, nor its round
    # (only the stuck initiatives, which are counted today, read the step changes).
    assert len(closed.captured_queries) <= 4
    for table in ('"to_step" AS "to_step"', "initiatives_partnership", "followup_departmentreport"):
        assert table not in closed_sql
    # This year: the year before's initiatives at its end are stored.
    assert len(current.captured_queries) <= 6
    assert '"to_step" AS "to_step"' not in current_sql

    # What is read is what is stored: a stored figure shows.
    row = _stored(YEAR)
    row.values["period"]["figures"]["connected"] = 999
    StoredYearFigures.objects.filter(pk=row.pk).update(values=row.values)
    cache.clear()
    assert year_figures(YEAR).organisations.connected.current == 999


def test_a_change_to_a_closed_year_shows_on_the_dashboard_at_once(client, group_member, figures_data):
    client.force_login(group_member)
    assert "Anslutna organisationer 3 4 +1" in _text(client.get(URL, {"year": YEAR}))
    assert _stored(YEAR) is not None and not _stored(YEAR).stale

    # A change that sends no signal (a conditional update, as the services make): A withdrew in 2024.
    Organisation.objects.filter(name="A-föreningen").update(withdrawn_on=datetime.date(2024, 3, 1))

    assert _stored(YEAR).stale
    assert "Anslutna organisationer 3 3 ±0" in _text(client.get(URL, {"year": YEAR}))
    # And the next year's column of the year before.
    next_year = client.get(URL, {"year": YEAR + 1})
    assert re.search(r"Anslutna organisationer 3 \d+ ", _text(next_year))
    assert year_figures(YEAR + 1).organisations.connected.previous == 3


def test_a_row_of_another_shape_or_made_before_a_commit_is_made_afresh(figures_data):
    expected = compute_year_figures(YEAR)
    year_figures(YEAR)
    row = _stored(YEAR)
    wrong = {**row.values, "period": {**row.values["period"], "figures": dict.fromkeys(row.values["period"]["figures"], 7)}}

    # Stored by code of another shape (a deploy changed it).
    StoredYearFigures.objects.filter(pk=row.pk).update(values=wrong, shape=figures_cache.SHAPE - 1)
    cache.clear()
    assert _same(year_figures(YEAR), expected)
    assert _stored(YEAR).shape == figures_cache.SHAPE

    # Made under an older generation: a change was committed after it was read.
    StoredYearFigures.objects.filter(pk=row.pk).update(values=wrong)
    StoredYearFigures.objects.filter(year=StoredYearFigures.MARKER_YEAR).update(generation=F("generation") + 1)
    cache.clear()
    assert _same(year_figures(YEAR), expected)


def test_closing_a_round_stores_the_figures_of_its_year(figures_data, convener):
    StoredYearFigures.objects.exclude(year=StoredYearFigures.MARKER_YEAR).delete()
    followup_round = FollowUpRound.objects.get(year=YEAR)

    round_close(followup_round=followup_round, by=convener)

    row = _stored(YEAR)
    assert row is not None and not row.stale
    assert row.values["year"]["round_closed"] == 1
    cache.clear()
    with CaptureQueriesContext(connection) as read:
        figures = year_figures(YEAR)
    assert figures.round.is_closed
    assert "followup_departmentreport" not in " ".join(query["sql"] for query in read.captured_queries)


def test_the_command_stores_the_years_that_ended(figures_data):
    StoredYearFigures.objects.exclude(year=StoredYearFigures.MARKER_YEAR).delete()
    call_command("store_year_figures", "--since", str(YEAR - 1), stdout=open("/dev/null", "w"))
    last = timezone.localdate().year - 1
    stored = set(StoredYearFigures.objects.exclude(year=0).values_list("year", flat=True))
    assert set(range(YEAR - 1, last + 1)) <= stored
    assert all("year" in _stored(year).values for year in range(YEAR - 1, last + 1))


def test_the_daily_task_stores_the_year_that_ended(figures_data, settings):
    last = timezone.localdate().year - 1
    StoredYearFigures.objects.exclude(year=StoredYearFigures.MARKER_YEAR).delete()
    assert store_last_years_figures() == 1
    assert "year" in _stored(last).values
    assert settings.CELERY_BEAT_SCHEDULE["collaboration-store-last-years-figures"]["task"] == store_last_years_figures.name
