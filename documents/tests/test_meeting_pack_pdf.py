"""The meeting pack: one click on the meeting page makes the PDF in the background (agenda with
durations, the dashboard as it stands, the applications to decide), for the group and the convener."""

import datetime
import subprocess

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from accounts.models import Accession, OrganisationKind
from collaboration.models import AgendaItem, Meeting
from documents.models import MeetingPack
from documents.services import pdf_jobs

pytestmark = pytest.mark.django_db

CAST = ["anonymous", "ordinary_user", "representative_a", "officer_x", "group_member", "convener"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def meeting(db) -> Meeting:
    meeting = Meeting.objects.create(
        starts_at=timezone.make_aware(datetime.datetime(2026, 12, 3, 13, 0)),
        place="Stadshuset, sal 2",
    )
    accession = Accession.objects.create(
        name="Linerobornas förening",
        kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
        org_number="802000-0000",
        city="Lund",
        description="Vi ordnar läxhjälp och fritidsaktiviteter för barn i Linero.",
        status=Accession.Status.SUBMITTED,
        submitted_at=timezone.make_aware(datetime.datetime(2026, 10, 1, 9, 0)),
        signatory_name="Lina Ordförande",
        signatory_role="ordförande",
        democratic_values_confirmed=True,
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title="Mötets öppnande", duration_minutes=5)
    AgendaItem.objects.create(
        meeting=meeting,
        position=2,
        kind=AgendaItem.Kind.APPLICATION,
        title="Ansökan om anslutning: Linerobornas förening",
        duration_minutes=15,
        accession=accession,
    )
    AgendaItem.objects.create(meeting=meeting, position=3, title="Uppföljningen 2026", duration_minutes=40)
    return meeting


def _text(data: bytes, tmp_path) -> str:
    path = tmp_path / "pack.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()
    return " ".join(text.replace("\xa0", " ").split())


def test_the_pack_holds_the_agenda_the_dashboard_and_the_application(meeting, group_member, tmp_path):
    pack = pdf_jobs.meeting_pack_request(meeting=meeting, by=group_member)
    assert pdf_jobs.meeting_pack_make(pack_id=pack.pk) == "done"
    pack.refresh_from_db()
    assert pack.status == "done" and pack.pages >= 2
    with default_storage.open(pack.file.name, "rb") as handle:
        text = _text(handle.read(), tmp_path)
    assert "Samverkansgruppens möte 3 december 2026" in text
    assert "Dagordning" in text
    assert "Mötets öppnande" in text
    assert "Uppföljningen 2026" in text
    assert "60 minuter totalt" in text  # 5 + 15 + 40
    assert "Ansökningar att besluta om" in text
    assert "Linerobornas förening" in text
    assert "802000-0000" in text
    assert "Vi ordnar läxhjälp och fritidsaktiviteter för barn i Linero." in text
    assert "Lina Ordförande, ordförande" in text
    assert "Anslutna organisationer" in text  # the dashboard's figures
    assert "Sida 1" in text


@pytest.mark.parametrize("role, may", [(role, role in ("group_member", "convener")) for role in CAST])
def test_who_may_make_the_meeting_pack(client, request, meeting, role, may, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(pdf_jobs, "render_job_pdf", lambda template_name, context: (b"%PDF-1.7 pack", 2))
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:meeting_pack_create", args=[meeting.pk]))
    assert MeetingPack.objects.exists() is may
    if may:
        assert response["Location"].endswith(f"/samverkansgruppen/moten/{meeting.pk}/#motespaket")
    else:
        assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("ordinary_user", 404),
        ("representative_a", 404),
        ("officer_x", 404),
        ("group_member", 200),
        ("convener", 200),
    ],
)
def test_who_may_download_the_meeting_pack(client, request, meeting, role, expected, monkeypatch):
    monkeypatch.setattr(pdf_jobs, "render_job_pdf", lambda template_name, context: (b"%PDF-1.7 pack", 2))
    pack = pdf_jobs.meeting_pack_request(meeting=meeting, by=None)
    pdf_jobs.meeting_pack_make(pack_id=pack.pk)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("documents:meeting_pack_download", args=[meeting.pk, pack.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert "motespaket-2026-12-03.pdf" in response["Content-Disposition"]


def test_the_meeting_page_offers_the_pack_and_then_its_download(client, group_member, meeting, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(pdf_jobs, "render_job_pdf", lambda template_name, context: (b"%PDF-1.7 pack", 2))
    client.force_login(group_member)
    url = reverse("collaboration:meeting_detail", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "Skapa möteshandlingar" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:meeting_pack_create", args=[meeting.pk]))
    page = client.get(url).content.decode()
    pack = MeetingPack.objects.get()
    assert reverse("documents:meeting_pack_download", args=[meeting.pk, pack.pk]) in page
    assert "Ladda ner möteshandlingarna (PDF)" in page
    assert "Skapa möteshandlingarna igen med dagens siffror" in page


def test_a_pack_being_made_polls_and_loads_htmx(client, group_member, meeting):
    pdf_jobs.meeting_pack_request(meeting=meeting, by=group_member)  # not sent: waiting
    client.force_login(group_member)
    page = client.get(reverse("collaboration:meeting_detail", args=[meeting.pk])).content.decode()
    status_url = reverse("documents:meeting_pack_status", args=[meeting.pk])
    assert f'hx-get="{status_url}"' in page
    assert "htmx.min.js" in page
    fragment = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and "htmx.min.js" not in fragment
    assert "Väntar på sin tur" in fragment


def test_a_failed_pack_shows_the_error_and_try_again(client, convener, meeting, monkeypatch):
    def broken(template_name, context):
        raise RuntimeError("Ingen plats kvar på disken")

    monkeypatch.setattr(pdf_jobs, "render_job_pdf", broken)
    pack = pdf_jobs.meeting_pack_request(meeting=meeting, by=convener)
    pdf_jobs.meeting_pack_make(pack_id=pack.pk)
    client.force_login(convener)
    page = client.get(reverse("collaboration:meeting_detail", args=[meeting.pk])).content.decode()
    assert "RuntimeError: Ingen plats kvar på disken" in page
    assert "Försök igen" in page


def test_the_pack_is_not_offered_to_those_outside_the_group(client, officer_x, meeting):
    client.force_login(officer_x)
    response = client.get(reverse("collaboration:meeting_detail", args=[meeting.pk]))
    assert "Skapa möteshandlingar" not in response.content.decode()
