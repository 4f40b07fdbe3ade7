"""The report of a round every other year (Borås): its sentences say the round's period, count
its years and compare it with the period before ("under 2024–2025", "sedan 2022–2023"); a yearly
round's report still says "under året" (test_report_pdf)."""

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage

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
