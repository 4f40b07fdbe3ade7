"""The yearly follow-up report's PDF: its text (pdftotext) holds the right figures for a hand-made
data set, in Swedish formatting, the förvaltningar's answers and the survey's totals only where
at least five organisations answered; user text never makes WeasyPrint fetch anything."""

import datetime
import http.server
import re
import subprocess
import threading
import zlib
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind
from collaboration.models import (
    Decision,
    Meeting,
)
from documents.models import FollowUpReport
from documents.services import pdf_jobs
from followup.models import (
    DepartmentAnswer,
    DepartmentReport,
    FollowUpRound,
    Question,
    ReportedCommitment,
    SurveyAnswer,
    SurveyResponse,
)
from initiatives.models import CollaborationForm, Contribution, Initiative, Partnership
from overenskommelse.models import ActionPlan, Agreement, PriorityArea
from overenskommelse.process import Step

pytestmark = pytest.mark.django_db

YEAR = 2025
ANSWER = "Vi bjuder in föreningarna till dialogmöten varje vår."
RESULTS = "Trettio barn fick läxhjälp varje vecka under hela året."
LESSONS = "Börja i liten skala och bjud in skolorna från början."


def _aware(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def make_dataset(administration, *, answer_text: str = ANSWER) -> FollowUpRound:
    """A small follow-up year, every number known: five organisations joined in 2025 (one more in
    2024), one withdrew in 2025; one IOP of 12 345 kr; a submitted report with one answer; a survey
    question answered by five organisations and one answered by four; an initiative with results;
    a meeting with a decision."""
    agreement = Agreement.objects.create(
        name="Överenskommelsen i Provstad",
        municipality="Provstads kommun",
        sector_party="Den idéburna sektorn i Provstad",
        summary="En överenskommelse.",
        adopted_on=datetime.date(2022, 6, 1),
        valid_from=datetime.date(2023, 1, 1),
        contact_email="kontakt@example.org",
    )
    plan = ActionPlan.objects.create(
        agreement=agreement,
        title="Handlingsplan 2023–2026",
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    area = PriorityArea.objects.create(action_plan=plan, name="Inkludering", slug="inkludering", position=1)
    members = [
        Organisation.objects.create(
            name=f"Förening {letter}",
            kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
            connected_since=datetime.date(YEAR, 3, index + 1),
        )
        for index, letter in enumerate("PQRST")
    ]
    Organisation.objects.create(
        name="Äldre föreningen", kind=OrganisationKind.NON_PROFIT_ASSOCIATION, connected_since=datetime.date(2024, 5, 5)
    )
    Organisation.objects.create(
        name="Utträdda föreningen",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        connected_since=datetime.date(2020, 1, 1),
        withdrawn_on=datetime.date(YEAR, 6, 30),
    )
    partnership = Partnership.objects.create(
        administration=administration,
        title="Läxhjälp i Linero",
        form=CollaborationForm.IOP,
        description="Läxhjälp.",
        starts_on=datetime.date(YEAR, 1, 1),
        priority_area=area,
    )
    partnership.organisations.add(members[0])
    Contribution.objects.create(
        partnership=partnership, organisation=administration, kind=Contribution.Kind.MONEY, amount_sek_per_year=12345
    )
    followup_round = FollowUpRound.objects.create(
        year=YEAR,
        deadline=datetime.date(YEAR + 1, 2, 15),
        opened_at=_aware(YEAR + 1, 1, 10),
        closed_at=_aware(YEAR + 1, 3, 1),
    )
    question = Question.objects.create(
        followup_round=followup_round,
        audience=Question.Audience.ADMINISTRATION,
        position=1,
        text="Hur involverar ni föreningarna tidigt i planeringen?",
    )
    report = DepartmentReport.objects.create(
        followup_round=followup_round,
        administration=administration,
        status=DepartmentReport.Status.SUBMITTED,
        submitted_at=_aware(YEAR + 1, 2, 1),
    )
    DepartmentAnswer.objects.create(report=report, question=question, text=answer_text)
    ReportedCommitment.objects.create(report=report, partnership=partnership, registered_amount_sek=12345)
    enough = Question.objects.create(
        followup_round=followup_round,
        audience=Question.Audience.ASSOCIATION,
        position=1,
        text="Blev ni involverade tidigt?",
        has_scale=True,
    )
    too_few = Question.objects.create(
        followup_round=followup_round,
        audience=Question.Audience.ASSOCIATION,
        position=2,
        text="Var kommunen öppen för era idéer?",
        has_scale=True,
    )
    for index, (organisation, score) in enumerate(zip(members, [4, 4, 5, 3, 2])):
        response = SurveyResponse.objects.create(followup_round=followup_round, organisation=organisation)
        SurveyAnswer.objects.create(response=response, question=enough, score=score)
        if index < 4:
            SurveyAnswer.objects.create(response=response, question=too_few, score=1)
    initiative = Initiative.objects.create(
        title="Läxhjälp för alla",
        need="Behov.",
        goal="Mål.",
        step=Step.FOLLOW_UP,
        followup_year=YEAR,
        results_summary=RESULTS,
        evaluation_lessons=LESSONS,
    )
    initiative.priority_areas.add(area)
    Initiative.objects.filter(pk=initiative.pk).update(created_at=_aware(YEAR, 2, 1))
    meeting = Meeting.objects.create(starts_at=_aware(YEAR, 4, 23, 14), place="Stadshuset")
    Decision.objects.create(meeting=meeting, text="Samverkansgruppen godkände ansökan från Förening P.")
    return followup_round


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "rapport.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()
    # Swedish numbers are grouped with a no-break space; compare with ordinary spaces, and with the
    # lines of the layout joined (a sentence may wrap).
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


def make_report(followup_round, by=None) -> FollowUpReport:
    report = pdf_jobs.followup_report_request(followup_round=followup_round, by=by)
    pdf_jobs.followup_report_make(report_id=report.pk)
    report.refresh_from_db()
    return report


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def made(administration_x, media, tmp_path):
    followup_round = make_dataset(administration_x)
    report = make_report(followup_round)
    assert report.status == "done", report.error
    with default_storage.open(report.file.name, "rb") as handle:
        return report, pdf_text(handle.read(), tmp_path)


def test_the_report_is_stored_done_with_its_pages(made):
    report, _text = made
    assert report.pages and report.pages >= 8
    assert report.file.name.startswith("followup/")
    assert default_storage.exists(report.file.name)


def test_the_cover_and_contents_are_in_swedish(made):
    _report, text = made
    assert "Uppföljning av överenskommelsen 2025" in text
    assert "Innehåll" in text
    assert "Sammanfattning" in text
    assert "Sida 3" in text


def test_amounts_are_written_the_swedish_way(made):
    _report, text = made
    assert "12 345 kr" in text
    assert "12345" not in text


def test_organisations_that_joined_and_withdrew_are_counted_and_named(made):
    _report, text = made
    flat = text
    assert "5 organisationer anslöt sig under året" in flat
    assert "Förening T" in text
    assert "1 organisation lämnade överenskommelsen under året" in flat
    assert "Utträdda föreningen" in text


def test_a_forvaltnings_answer_and_its_commitment_are_in_the_report(made):
    _report, text = made
    flat = text
    assert ANSWER in flat
    assert "Läxhjälp i Linero" in text
    assert "Kultur- och fritidsförvaltningen" in text


def test_the_initiatives_results_and_lessons_are_quoted(made):
    _report, text = made
    flat = text
    assert RESULTS in flat
    assert LESSONS in flat


def test_survey_totals_shown_only_where_five_answered(made):
    _report, text = made
    flat = text
    assert "Blev ni involverade tidigt?" in flat
    assert "3,6" in flat  # (4 + 4 + 5 + 3 + 2) / 5, with a decimal comma
    assert "Färre än 5 organisationer svarade på den här frågan" in flat


def test_the_groups_meeting_and_decision_are_listed(made):
    _report, text = made
    flat = text
    assert "23 april 2025" in flat
    assert "Samverkansgruppen godkände ansökan från Förening P." in flat


def test_the_action_plan_year_is_given(made):
    _report, text = made
    assert "2025 var år 3 av 4 för handlingsplanen" in text


def _inflated(data: bytes) -> bytes:
    """The PDF with its compressed streams (object streams included) inflated, to search in."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(parts)


def test_the_pdf_is_pdf_ua_with_language_and_title(made, tmp_path):
    report, _text = made
    with default_storage.open(report.file.name, "rb") as handle:
        data = handle.read()
    path = tmp_path / "ua.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    assert "Tagged:          yes" in info
    assert "Title:           Uppföljning av överenskommelsen 2025" in info
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, check=True).stdout.decode()
    assert 'pdfuaid:part="1"' in meta
    assert b"/Lang (sv)" in _inflated(data)


# --- User text never fetches anything ------------------------------------------------------------


@pytest.fixture
def web_server():
    """A local web server that records every request it gets."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


def test_markup_in_an_answer_fetches_nothing_and_is_shown_as_text(administration_x, media, tmp_path, web_server, monkeypatch):
    address, requests = web_server
    hostile = f'<img src="file:///etc/passwd"> <img src="{address}/x.png"> <link rel="attachment" href="file:///etc/passwd">'
    followup_round = make_dataset(administration_x, answer_text=hostile)
    from plumbing import pdf as pdf_module

    refused: list[str] = []
    original = pdf_module._fetcher_class()

    class Recording(original):
        def fetch(self, url, headers=None):
            if not url.startswith(("data:", pdf_module.pdf_base_url() + "static/")):
                refused.append(url)
            return super().fetch(url, headers)

    monkeypatch.setattr(pdf_module, "StaticOnlyURLFetcher", Recording)
    report = make_report(followup_round)
    assert report.status == "done", report.error
    with default_storage.open(report.file.name, "rb") as handle:
        data = handle.read()
    assert requests == []
    assert refused == []  # escaped: WeasyPrint never even saw an <img> to fetch
    assert b"/EmbeddedFile" not in data
    flat = pdf_text(data, tmp_path)
    assert '<img src="file:///etc/passwd">' in flat
    assert f'<img src="{address}/x.png">' in flat


def test_the_average_is_what_the_round_helper_computes(administration_x):
    from followup.selectors.rounds import survey_results

    followup_round = make_dataset(administration_x)
    results = survey_results(followup_round)
    assert results.questions[0].average == Decimal("3.6")
    assert results.questions[1].shows_figures is False


def test_even_unescaped_markup_would_fetch_nothing(settings, tmp_path, web_server, monkeypatch):
    """The second wall: were a template ever to print user text unescaped, the fetcher the report is
    made with still refuses local files and other servers (and WeasyPrint goes on without them)."""
    address, requests = web_server
    folder = tmp_path / "templates"
    (folder / "pdf").mkdir(parents=True)
    (folder / "pdf" / "probe.html").write_text(
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Prov</title></head>'
        "<body><p>{{ text|safe }}</p></body></html>",
        encoding="utf-8",
    )
    engines = [dict(engine) for engine in settings.TEMPLATES]
    engines[0] = {**engines[0], "DIRS": [folder, *engines[0]["DIRS"]]}
    settings.TEMPLATES = engines
    from plumbing import pdf as pdf_module

    refused: list[str] = []
    original = pdf_module._fetcher_class()

    class Recording(original):
        def fetch(self, url, headers=None):
            try:
                return super().fetch(url, headers)
            except ValueError:
                refused.append(url)
                raise

    monkeypatch.setattr(pdf_module, "StaticOnlyURLFetcher", Recording)
    text = f'<img src="file:///etc/passwd"><img src="{address}/x.png"><link rel="attachment" href="file:///etc/passwd">'
    data, pages = pdf_jobs.render_job_pdf("pdf/probe.html", {"text": text})
    assert data.startswith(b"%PDF") and pages == 1
    assert requests == []
    assert "file:///etc/passwd" in refused
    assert f"{address}/x.png" in refused
    assert b"/EmbeddedFile" not in data
