"""A member of the collaboration group opens the dashboard in a real browser on the demo data,
picks a year, follows a figure to the list behind it, which opens filtered, and downloads the next
meeting's pack (its text shows the agenda). axe-core finds no
WCAG 2.1 A/AA violation on the dashboard."""

import re
import subprocess

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from collaboration.models import AgendaItem
from overenskommelse.tests.browser import check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "ledamot@demo.lund.se"


def test_a_member_opens_the_dashboard_follows_a_figure_and_downloads_the_meeting_pack(
    page, demo_data, console_errors, tmp_path
):
    cache.clear()
    this_year = timezone.localdate().year
    log_in(page, MEMBER, DEMO_PASSWORD)

    page.goto(reverse("collaboration:dashboard"))
    check_page(page)
    expect(page.locator("h1")).to_have_text(f"Samverkansgruppens översikt {this_year}")
    expect(page.locator("main svg[role=img]").first).to_be_visible()

    # The year before, through the year selector (a GET form with a label).
    page.get_by_label("År", exact=True).select_option(str(this_year - 1))
    with page.expect_navigation():
        page.get_by_role("button", name="Visa året").click()
    expect(page.locator("h1")).to_have_text(f"Samverkansgruppens översikt {this_year - 1}")
    page.goto(reverse("collaboration:dashboard"))

    # A förvaltning's commitments lead to the register, filtered by it and the year.
    first = page.locator("#figures-commitments ~ div table tbody th a").first
    name = first.inner_text()
    href = first.get_attribute("href")
    administration = re.search(r"administration=(\d+)", href).group(1)
    with page.expect_navigation():
        first.click()
    assert page.url.split("?")[0].endswith(reverse("initiatives:partnership_list"))
    expect(page.locator("main")).to_contain_text("stämmer med filtren")
    expect(page.locator("select[name=administration]")).to_have_value(administration)
    # The year as the register's period, from that year to that year.
    expect(page.locator("input[name=from_year]")).to_have_value(str(this_year))
    expect(page.locator("input[name=to_year]")).to_have_value(str(this_year))
    expect(page.locator("main table tbody")).to_contain_text(name)

    # Back on the dashboard: the next meeting, and its pack as a PDF whose text shows the agenda.
    page.goto(reverse("collaboration:dashboard"))
    with page.expect_navigation():
        page.locator("#figures-meetings ~ dl a, #figures-meetings + * a").first.click()
    pk = int(page.url.split("#")[0].rstrip("/").split("/")[-1])
    first_item = AgendaItem.objects.filter(meeting_id=pk).order_by("position", "pk").first()
    assert first_item is not None, "the demo's next meeting has an agenda"
    page.get_by_role("button", name="Skapa möteshandlingar").click()
    pack = page.locator("#motespaket")
    pack.get_by_text("Klar", exact=True).wait_for()
    with page.expect_download() as downloaded:
        pack.get_by_role("link", name="Ladda ner möteshandlingarna (PDF)").click()
    path = tmp_path / "motespaket.pdf"
    downloaded.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    text = " ".join(text.replace("\xa0", " ").split())
    assert "Dagordning" in text
    assert " ".join(first_item.title.split()) in text

    assert not console_errors
