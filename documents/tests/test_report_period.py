"""The report of a round every other year (Borås): its sentences say the round's period, count
its years and compare it with the period before ("under 2024–2025", "sedan 2022–2023"); a yearly
round's report still says "under året" (test_report_pdf). Its conference chapter shows every
conference of the period, each with its figures; a yearly round's shows its year's.
"""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage

from conferences.tests.factories import check_in, make_conference_on_day, make_registration
from documents.tests.test_report_pdf import make_dataset, make_report, pdf_text
from followup.models import FollowUpRound
from overenskommelse.models import Agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_a_two_year_rounds_report_counts_its_period_against_the_period_before(administration_x, media, tmp_path):
    # The dataset's round of 2025, made under an agreement followed up every other year: it covers
    # 2024–2025, when six organisations joined (five in 2025, one in 2024).
    followup_round = make_dataset(administration_x)
    Agreement.objects.update(followup_every_years=2)
    FollowUpRound.objects.filter(pk=followup_round.pk).update(years_covered=2)
    followup_round.refresh_from_db()
    cache.clear()

    report = make_report(followup_round)
    assert report.status == "done", report.error
    with default_storage.open(report.file.name, "rb") as handle:
        text = pdf_text(handle.read(), tmp_path)

    assert "Uppföljning av överenskommelsen 2024–2025" in text
    assert "Rapporten följer upp överenskommelsen för 2024–2025" in text
    assert "6 organisationer anslöt sig under 2024–2025" in text
    assert "1 organisation lämnade överenskommelsen under 2024–2025" in text
    assert "Äldre föreningen" in text  # joined in 2024, the round's first year
    assert "Periodens siffror och förändringen sedan 2022–2023" in text
    assert "Organisationer som anslöt sig under perioden 6 0" in text
    assert "anslöt sig under året" not in text
    assert "Ingen konferens hölls under 2024–2025." in text


def _conferences_of_two_years() -> None:
    """The spring conference of 2024 (three confirmed, two of them came, and one walk-in) and the
    autumn conference of 2025 (four confirmed, all came); one in 2023 besides, before the period."""
    spring = make_conference_on_day(starts_on=datetime.date(2024, 5, 14), title="Vårkonferensen 2024")
    for name in ("Anna", "Bertil"):
        check_in(make_registration(spring, name))
    make_registration(spring, "Cecilia")
    check_in(make_registration(spring, "Dagny", is_walk_in=True))
    autumn = make_conference_on_day(starts_on=datetime.date(2025, 10, 2), title="Höstkonferensen 2025")
    for name in ("Erik", "Fanny", "Gustav", "Hanna"):
        check_in(make_registration(autumn, name))
    earlier = make_conference_on_day(starts_on=datetime.date(2023, 5, 10), title="Konferensen 2023")
    check_in(make_registration(earlier, "Ivar"))


def _report_text(followup_round, tmp_path) -> str:
    report = make_report(followup_round)
    assert report.status == "done", report.error
    with default_storage.open(report.file.name, "rb") as handle:
        return pdf_text(handle.read(), tmp_path)


def test_a_two_year_rounds_report_shows_each_conference_of_its_period_with_its_figures(
    administration_x, media, tmp_path
):
    followup_round = make_dataset(administration_x)
    Agreement.objects.update(followup_every_years=2)
    FollowUpRound.objects.filter(pk=followup_round.pk).update(years_covered=2)
    followup_round.refresh_from_db()
    _conferences_of_two_years()
    cache.clear()

    text = _report_text(followup_round, tmp_path)

    assert "Vårkonferensen 2024, 14 maj 2024" in text
    assert "Höstkonferensen 2025, 2 oktober 2025" in text
    assert (
        "Deltagare på Vårkonferensen 2024 Anmälda (bekräftade) 3 "
        "Närvarande (incheckade, inklusive spontanbesökare) 3 Spontanbesökare 1"
    ) in text
    assert (
        "Deltagare på Höstkonferensen 2025 Anmälda (bekräftade) 4 "
        "Närvarande (incheckade, inklusive spontanbesökare) 4 Spontanbesökare 0"
    ) in text
    assert "Överenskommelsens konferens hölls 2 gånger under 2024–2025, med sammanlagt 7 deltagare." in text
    assert "Konferensen 2023" not in text
    assert "Deltagare på konferensen 2025" not in text


def test_a_yearly_rounds_report_shows_the_conference_of_its_year(administration_x, media, tmp_path):
    followup_round = make_dataset(administration_x)
    _conferences_of_two_years()
    cache.clear()

    text = _report_text(followup_round, tmp_path)

    assert "Höstkonferensen 2025, 2 oktober 2025" in text
    assert (
        "Deltagare på konferensen 2025 Anmälda (bekräftade) 4 "
        "Närvarande (incheckade, inklusive spontanbesökare) 4"
    ) in text
    assert "Överenskommelsens konferens hölls under året, med 4 deltagare." in text
    assert "Vårkonferensen 2024" not in text
