"""Issue 17: a table that runs over a page break repeats its header on the next page and shows its
total row once, at its end (WeasyPrint repeats a `table-footer-group` at the foot of every page, so
the PDF stylesheet lays a <tfoot> out as an ordinary last row group). Read back with pdftotext,
page by page: the yearly report's commitments as the förvaltningar reported them, and the meeting
pack's dashboard table of commitments per förvaltning, each long enough to break."""

import datetime
import subprocess

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind
from collaboration.models import Meeting
from documents.services import pdf_jobs
from documents.tests.test_report_pdf import make_dataset, make_report
from followup.models import DepartmentReport
from initiatives.models import CollaborationForm, Partnership

pytestmark = pytest.mark.django_db

MANY = 70  # rows: more than an A4 page holds


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _pages(file_name: str, tmp_path) -> list[str]:
    path = tmp_path / "document.pdf"
    with default_storage.open(file_name, "rb") as handle:
        path.write_bytes(handle.read())
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()
    return [" ".join(page.replace("\xa0", " ").split()) for page in text.split("\f")]


def _administrations(count: int) -> list[Organisation]:
    return [
        Organisation.objects.create(name=f"Enhet {index:02d}", kind=OrganisationKind.ADMINISTRATION)
        for index in range(1, count + 1)
    ]


def _table_pages(pages: list[str], first_row: str, last_row: str) -> list[str]:
    start = next(index for index, page in enumerate(pages) if first_row in page)
    end = next(index for index, page in enumerate(pages) if last_row in page)
    return pages[start : end + 1]


def test_the_reports_long_table_repeats_its_header_and_shows_its_total_once_at_the_end(administration_x, tmp_path):
    followup_round = make_dataset(administration_x)
    for administration in _administrations(MANY):
        DepartmentReport.objects.create(
            followup_round=followup_round,
            administration=administration,
            status=DepartmentReport.Status.SUBMITTED,
            submitted_at=timezone.make_aware(datetime.datetime(2026, 2, 1, 12)),
        )
    report = make_report(followup_round)
    assert report.status == "done", report.error
    pages = _pages(report.file.name, tmp_path)
    # The table "Samverkansåtaganden enligt rapporterna, per förvaltning" (one row per förvaltning that reported).
    table = _table_pages(pages, "Enhet 01 0 0 0 kr", f"Enhet {MANY:02d} 0 0 0 kr")
    assert len(table) >= 2, "the table is long enough to run over a page break"
    for page in table:
        assert "Förvaltning Åtaganden Varav IOP Kronor under året" in page
    totals = [page for page in table if "Totalt 1 1 12 345 kr" in page]
    assert totals == [table[-1]], "the total row is on the table's last page only"
    last = table[-1]
    assert last.index(f"Enhet {MANY:02d}") < last.index("Totalt 1 1 12 345 kr")


def test_the_meeting_packs_long_table_repeats_its_header_and_shows_its_total_once_at_the_end(group_member, tmp_path):
    meeting = Meeting.objects.create(starts_at=timezone.make_aware(datetime.datetime(2026, 12, 3, 13)), place="Stadshuset")
    association = Organisation.objects.create(name="Föreningen Linero", kind=OrganisationKind.NON_PROFIT_ASSOCIATION)
    for administration in _administrations(MANY):
        partnership = Partnership.objects.create(
            administration=administration,
            title=f"Samverkan med {administration.name}",
            form=CollaborationForm.IOP,
            description="Samverkan.",
            starts_on=datetime.date(2026, 1, 1),
        )
        partnership.organisations.add(association)
    pack = pdf_jobs.meeting_pack_request(meeting=meeting, by=group_member)
    assert pdf_jobs.meeting_pack_make(pack_id=pack.pk) == "done"
    pack.refresh_from_db()
    pages = _pages(pack.file.name, tmp_path)
    table = _table_pages(pages, "Enhet 01", f"Enhet {MANY:02d}")
    assert len(table) >= 2, "the table is long enough to run over a page break"
    for page in table:
        assert "Förvaltning Idéburet Gemensamt Annan Totalt Förändring Kronor Förändring" in page
    # "Alla förvaltningar" wraps in its cell: pdftotext reads "Alla 70 0 0 70 … förvaltningar".
    totals = [page for page in table if "Alla 70 0 0 70" in page]
    assert totals == [table[-1]], "the total row is on the table's last page only"
    last = table[-1]
    assert last.index(f"Enhet {MANY:02d}") < last.index("Alla 70 0 0 70")
