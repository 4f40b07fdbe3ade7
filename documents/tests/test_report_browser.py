"""In the browser, on the demo data: the convener makes a new version of last year's follow-up report
and downloads it; a member of the group downloads a meeting's pack. (Celery runs in-process here,
so "being made" turns into "Klar" at once; the real worker is tested in test_report_integration.py.)"""

import subprocess

import pytest
from django.urls import reverse

from collaboration.models import AgendaItem
from documents.models import FollowUpReport
from overenskommelse.demo_year import demo_year
from overenskommelse.tests.browser import check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-lund-2026"


def _pdf_text(path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()
    return " ".join(text.replace("\xa0", " ").split())


def test_the_convener_makes_a_new_version_of_last_years_report_and_downloads_it(page, demo_data, tmp_path):
    year = demo_year() - 1
    log_in(page, "sammankallande@demo.lund.se", PASSWORD)
    page.goto(reverse("followup:round_detail", args=[year]))
    page.get_by_role("link", name="Uppföljningsrapport", exact=True).click()
    page.wait_for_url(f"**{reverse('documents:report_list', args=[year])}")
    check_page(page)
    assert page.locator("#version-1").get_by_text("Publicerad", exact=True).is_visible()

    page.get_by_role("button", name="Skapa uppföljningsrapport").click()
    version = page.locator("#version-2")
    version.get_by_text("Klar", exact=True).wait_for()
    assert FollowUpReport.objects.filter(followup_round__year=year).count() == 2
    check_page(page)

    with page.expect_download() as downloaded:
        version.get_by_role("link", name="Ladda ner version 2 (PDF)").click()
    download = downloaded.value
    assert download.suggested_filename == f"uppfoljningsrapport-{year}-version-2.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = _pdf_text(path)
    assert f"Uppföljning av överenskommelsen {year}" in text
    assert "Förvaltningarnas rapporter" in text

    # The published version (the demo's version 1) is on the public page, for everyone.
    page.context.clear_cookies()
    page.goto(reverse("documents:published_reports"))
    check_page(page)
    with page.expect_download() as downloaded:
        page.get_by_role("link", name=f"Ladda ner uppföljningsrapporten {year} (PDF)").click()
    assert downloaded.value.suggested_filename == f"uppfoljningsrapport-{year}-version-1.pdf"


def test_a_group_member_downloads_the_meeting_pack(page, demo_data, tmp_path):
    log_in(page, "ledamot@demo.lund.se", PASSWORD)
    page.goto(reverse("collaboration:meeting_list") + f"?ar={demo_year()}")
    page.locator("main ul a[href*='/samverkansgruppen/moten/']").last.click()
    page.locator("#motespaket").wait_for()
    pk = int(page.url.rstrip("/").split("/")[-1].split("#")[0])
    first_item = AgendaItem.objects.filter(meeting_id=pk).order_by("position", "pk").first()
    assert first_item is not None, "the demo meeting has an agenda"

    page.get_by_role("button", name="Skapa möteshandlingar").click()
    pack = page.locator("#motespaket")
    pack.get_by_text("Klar", exact=True).wait_for()
    check_page(page)
    with page.expect_download() as downloaded:
        pack.get_by_role("link", name="Ladda ner möteshandlingarna (PDF)").click()
    path = tmp_path / "motespaket.pdf"
    downloaded.value.save_as(path)
    text = _pdf_text(path)
    assert "Dagordning" in text
    assert " ".join(first_item.title.split()) in text
