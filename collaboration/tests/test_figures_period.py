"""An agreement followed up every other year (Borås): the dashboard compares the round's period
with the period before ("2024–2025" against "2022–2023") and says so; a yearly agreement (Lund)
keeps comparing a year with the year before (test_figures_year, test_dashboard_page)."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import Organisation, OrganisationKind
from collaboration.selectors.figures import compute_year_figures
from followup.models import FollowUpRound
from initiatives.models import CollaborationForm, Partnership
from overenskommelse.models import Agreement

pytestmark = pytest.mark.django_db

URL = reverse("collaboration:dashboard")


def _association(name: str, since: datetime.date, withdrawn: datetime.date | None = None) -> Organisation:
    return Organisation.objects.create(
        name=name, kind=OrganisationKind.NON_PROFIT_ASSOCIATION, connected_since=since, withdrawn_on=withdrawn
    )


@pytest.fixture
def every_other_year(db):
    """Followed up every other year; the round of 2025 covers 2024–2025. Two associations joined in
    that period (one each year), one in the period before, and one connected since 2020 left in 2025."""
    Agreement.objects.create(
        name="Överenskommelsen i Borås",
        municipality="Borås Stad",
        summary="En överenskommelse.",
        adopted_on=datetime.date(2022, 6, 1),
        valid_from=datetime.date(2023, 1, 1),
        contact_email="kontakt@example.org",
        followup_every_years=2,
    )
    _association("Förening 2025", datetime.date(2025, 3, 1))
    _association("Förening 2024", datetime.date(2024, 5, 5))
    _association("Förening 2022", datetime.date(2022, 2, 2))
    _association("Förening som lämnade", datetime.date(2020, 1, 1), withdrawn=datetime.date(2025, 6, 30))
    followup_round = FollowUpRound.objects.create(year=2025, deadline=datetime.date(2026, 2, 15))
    FollowUpRound.objects.filter(pk=followup_round.pk).update(years_covered=2)
    cache.clear()


def test_a_year_of_a_two_year_round_counts_the_rounds_period_against_the_period_before(every_other_year):
    for year in (2024, 2025):  # either year of the round shows the round's period
        figures = compute_year_figures(year)
        assert figures.period.label == "2024–2025"
        assert figures.previous_period.label == "2022–2023"
        organisations = figures.organisations
        assert (organisations.on, organisations.previous_on) == (datetime.date(2025, 12, 31), datetime.date(2023, 12, 31))
        assert (organisations.joined.current, organisations.joined.previous) == (2, 1)
        assert (organisations.withdrawn.current, organisations.withdrawn.previous) == (1, 0)
        assert (organisations.connected.current, organisations.connected.previous) == (3, 2)
        assert figures.round.period == "2024–2025"


def test_without_a_round_the_periods_follow_on_from_the_latest_round(every_other_year):
    assert compute_year_figures(2027).period.label == "2026–2027"
    assert compute_year_figures(2026).period.label == "2026–2027"


def test_a_yearly_agreement_compares_a_year_with_the_year_before(every_other_year):
    Agreement.objects.update(followup_every_years=1)
    cache.clear()
    figures = compute_year_figures(2025)
    assert (figures.period.label, figures.previous_period.label) == ("2025", "2024")
    assert not figures.several_years
    assert (figures.organisations.joined.current, figures.organisations.joined.previous) == (1, 1)


def test_the_dashboard_says_the_period_and_compares_with_the_period_before(client, group_member, every_other_year):
    client.force_login(group_member)
    html = client.get(URL, {"year": 2025}).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Organisationer och ansökningar 2024–2025 jämfört med 2022–2023" in text
    assert "med förändringen sedan 2022–2023" in text
    assert "Anslutna organisationer 2 3 +1" in text
    assert "Nya under 2024–2025 1 2 +1" in text
    assert "Utträden under 2024–2025 0 1 +1" in text
    assert "Nya under året" not in text
    assert "Uppföljningen av 2024–2025" in text


def test_the_dashboards_commitment_links_of_a_two_year_round_ask_the_register_for_both_years(
    client, group_member, every_other_year
):
    administration = Organisation.objects.create(name="Kulturförvaltningen", kind=OrganisationKind.ADMINISTRATION)
    Partnership.objects.create(
        administration=administration,
        title="Läxhjälp under första året",
        form=CollaborationForm.IOP,
        description="Läxhjälp.",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
    )
    cache.clear()
    client.force_login(group_member)

    html = client.get(URL, {"year": 2025}).content.decode()

    register = reverse("initiatives:partnership_list")
    during = "from_year=2024&amp;to_year=2025"
    assert f'href="{register}?administration={administration.pk}&amp;{during}"' in html
    assert f'href="{register}?administration={administration.pk}&amp;{during}&amp;form=iop"' in html
    assert f'href="{register}?{during}"' in html
    assert f"{register}?year=" not in html and f"{register}?administration={administration.pk}&amp;year=" not in html
    # The link shows the commitment that ran only in the period's first year.
    listed = client.get(register, {"administration": administration.pk, "from_year": 2024, "to_year": 2025})
    assert "Läxhjälp under första året" in listed.content.decode()


def test_a_yearly_agreements_commitment_links_keep_asking_for_one_year(every_other_year):
    Agreement.objects.update(followup_every_years=1)
    cache.clear()
    assert compute_year_figures(2025).commitments.list_url == reverse("initiatives:partnership_list") + "?year=2025"
