"""Issue 17, the report's words as a reader sees them in the PDF (pdftotext): the action plan's
year reads naturally whatever the plan's title, the parties' names are written as in the agreement,
only meetings that have been held are counted as held, and a version made while its round is open
says "Preliminär" on the cover and in every page's header; publishing such a version needs a
confirmation."""

import datetime
import subprocess
import types

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from collaboration.models import Meeting
from conferences.tests.factories import make_conference_on_day
from documents.models import FollowUpReport
from documents.selectors import report as report_selectors
from documents.services import pdf_jobs
from documents.tests.test_report_pdf import make_dataset, make_report, pdf_text
from followup.models import FollowUpRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _text(report: FollowUpReport, tmp_path) -> str:
    assert report.status == "done", report.error
    with default_storage.open(report.file.name, "rb") as handle:
        return pdf_text(handle.read(), tmp_path)


def _pages(report: FollowUpReport, tmp_path) -> list[str]:
    path = tmp_path / "pages.pdf"
    with default_storage.open(report.file.name, "rb") as handle:
        path.write_bytes(handle.read())
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()
    return [page for page in text.split("\f") if page.strip()]


def test_the_plan_year_reads_naturally_and_the_parties_are_written_as_in_the_agreement(administration_x, media, tmp_path):
    report = make_report(make_dataset(administration_x))
    text = _text(report, tmp_path)
    # The title "Handlingsplan 2023–2026" is not run into "handlingsplanen" as if it were a word of the sentence.
    assert "Året var handlingsplanens år 3 (Handlingsplan 2023–2026)." in text
    assert "handlingsplanen Handlingsplan" not in text
    assert "2025 var år 3 av 4 för handlingsplanen (Handlingsplan 2023–2026)." in text
    # The cover: the agreement's name and the parties as the agreement writes them.
    assert "Överenskommelsen i Provstad" in text
    assert "ÖVERENSKOMMELSEN I PROVSTAD" not in text
    assert "Provstads kommun och Den idéburna sektorn i Provstad" in text
    # A closed round's report is final.
    assert "Preliminär" not in text


@pytest.fixture
def open_round_with_a_meeting_to_come(administration_x):
    """This year's round, still open; the group met a minute ago and meets again in a minute."""
    now = timezone.now()
    year = timezone.localdate(now).year
    followup_round = FollowUpRound.objects.create(
        year=year, deadline=datetime.date(year, 12, 31), opened_at=now - datetime.timedelta(days=10)
    )
    Meeting.objects.create(starts_at=now - datetime.timedelta(minutes=1), place="Stadshuset")
    Meeting.objects.create(starts_at=now + datetime.timedelta(minutes=1), place="Stadshuset")
    Meeting.objects.create(starts_at=now - datetime.timedelta(minutes=2), place="Stadshuset", cancelled_at=now)
    return followup_round


def test_only_the_meetings_held_are_counted(open_round_with_a_meeting_to_come, media, tmp_path):
    text = _text(make_report(open_round_with_a_meeting_to_come), tmp_path)
    assert "Samverkansgruppen möttes 1 gång." in text
    assert "möttes 2 gånger" not in text and "möttes 3 gånger" not in text
    assert "inte hållet än" in text  # the meeting to come is listed as such in the meetings chapter


def test_a_version_of_an_open_round_says_preliminary_on_the_cover_and_every_page(open_round_with_a_meeting_to_come, media, tmp_path):
    report = make_report(open_round_with_a_meeting_to_come)
    pages = _pages(report, tmp_path)
    assert len(pages) >= 8
    cover = " ".join(pages[0].split())
    assert cover.startswith("Preliminär") or "Preliminär – gjord medan uppföljningen fortfarande är öppen" in cover
    for number, page in enumerate(pages[1:], start=2):
        header = " ".join(page.strip().splitlines()[0].split())
        assert header.startswith("Preliminär – Uppföljning av överenskommelsen"), (number, header)


@pytest.fixture
def fast_render(monkeypatch):
    monkeypatch.setattr(pdf_jobs, "render_job_pdf", lambda template_name, context: (b"%PDF-1.7 rapport", 4))


def test_publishing_a_preliminary_version_needs_the_confirmation(client, convener, open_round_with_a_meeting_to_come, media, fast_render):
    report = make_report(open_round_with_a_meeting_to_come)
    client.force_login(convener)
    page = client.get(reverse("documents:report_list", args=[report.followup_round.year])).content.decode()
    assert "Preliminär" in page
    assert "Den är preliminär och det står ”Preliminär” på varje sida. Jag vill ändå publicera den." in page
    assert 'name="confirm_preliminary"' in page

    url = reverse("documents:report_publish", args=[report.pk])
    page = client.post(url, follow=True).content.decode()
    report.refresh_from_db()
    assert report.published_at is None
    assert "Kryssa i rutan för att bekräfta att du vill publicera en preliminär rapport." in page

    page = client.post(url, {"confirm_preliminary": "yes"}, follow=True).content.decode()
    report.refresh_from_db()
    assert report.published_at is not None
    assert "Version 1 är publicerad." in page


def test_a_version_made_after_the_round_closed_is_published_without_the_confirmation(client, convener, administration_x, media, fast_render):
    report = make_report(make_dataset(administration_x))
    assert not report.is_preliminary
    client.force_login(convener)
    page = client.get(reverse("documents:report_list", args=[2025])).content.decode()
    assert 'name="confirm_preliminary"' not in page
    client.post(reverse("documents:report_publish", args=[report.pk]))
    report.refresh_from_db()
    assert report.published_at is not None


def test_a_conference_still_to_come_is_not_counted_as_held(administration_x, media, tmp_path, monkeypatch):
    """The report of 2025 made on 1 September 2025, with the conference on 10 October 2025."""
    made = timezone.make_aware(datetime.datetime(2025, 9, 1, 10))
    monkeypatch.setattr(
        report_selectors,
        "timezone",
        types.SimpleNamespace(now=lambda: made, localdate=lambda value=None: datetime.date(2025, 9, 1)),
    )
    followup_round = make_dataset(administration_x)
    make_conference_on_day(starts_on=datetime.date(2025, 10, 10), title="Samverkanskonferensen 2025")
    text = _text(make_report(followup_round), tmp_path)
    assert "Samverkanskonferensen 2025, 10 oktober 2025" in text
    assert "ännu inte hållen när den här versionen skapades" in text
    assert "Överenskommelsens konferens hölls under året" not in text
    # The meeting of 23 April 2025 had been held by then.
    assert "Samverkansgruppen möttes 1 gång." in text
