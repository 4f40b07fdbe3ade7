"""Browser journey on the demo data: the convener opens the group page and the coming meeting, puts
a waiting application on the agenda and decides it there; axe checks the group page, the meeting
list and the meeting page."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from accounts.models import Accession
from collaboration.models import Decision, Meeting
from plumbing.dates import long_date
from overenskommelse.tests.browser import check_page, log_in

APPLICANT = "Föreningen Språkcafé Lund"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_convener_puts_a_waiting_application_on_the_agenda_and_decides_it_at_the_meeting(
    page, demo_data, console_errors
):
    log_in(page, "sammankallande@demo.lund.se", DEMO_PASSWORD)

    # The group as it is, with the people in the seats and what to see to.
    page.goto(reverse("collaboration:group"))
    check_page(page)
    expect(page.locator("h1")).to_have_text("Samverkansgruppen")
    seats = page.get_by_role("table")
    expect(seats).to_contain_text("Kommunkontoret")
    expect(seats).to_contain_text("Karin Sjöberg")
    expect(seats).to_contain_text("Gustav Gruppledamot")
    expect(page.get_by_role("heading", name="Att åtgärda i gruppens sammansättning")).to_be_visible()

    # The meetings of the year of the demo's coming meeting (early December of the demo's year,
    # or, once that day has passed, the weeks after today: collaboration.demo_meetings), and that one.
    coming = Meeting.objects.filter(minutes="", starts_at__gt=timezone.now()).order_by("starts_at").first()
    day = timezone.localtime(coming.starts_at).date()
    with translation.override("sv"):
        written = long_date(day)
    page.get_by_role("main").get_by_role("link", name="Möten", exact=True).click()
    page.get_by_role("navigation", name="År").get_by_role("link", name=str(day.year)).click()
    check_page(page)
    expect(page.locator("h1")).to_have_text(f"Samverkansgruppens möten {day.year}")
    page.get_by_role("link", name=re.compile(written)).click()
    check_page(page)
    expect(page.locator("h1")).to_have_text(f"Samverkansgruppens möte den {written}")

    # The application waiting for the group goes on the agenda in one click.
    waiting = page.locator("section", has=page.get_by_role("heading", name="Väntar på samverkansgruppen"))
    expect(waiting).to_contain_text(APPLICANT)
    with page.expect_navigation():
        waiting.get_by_role("button", name=re.compile(f"Lägg till på dagordningen – .*{APPLICANT}")).click()
    expect(page.get_by_role("status")).to_contain_text(f"Ansökan om anslutning: {APPLICANT}” har lagts till på dagordningen")
    agenda = page.locator("section", has=page.get_by_role("heading", name="Dagordning", exact=True))
    expect(agenda).to_contain_text(f"Ansökan om anslutning: {APPLICANT}")
    expect(page.locator("#agenda-total")).to_contain_text("Beräknad tid totalt: 85 minuter.")
    expect(waiting).not_to_contain_text(APPLICANT)

    # Decided at the meeting, from the meeting page.
    form = page.get_by_role("form", name=f"Besluta om ansökan från {APPLICANT}")
    form.get_by_label("Bevilja: organisationen ansluts till överenskommelsen").check()
    form.get_by_label("Skäl").fill("Föreningen uppfyller villkoren.")
    with page.expect_navigation():
        form.get_by_role("button", name="Registrera beslutet").click()
    expect(page.get_by_role("status")).to_contain_text(f"Beviljad: {APPLICANT} är nu ansluten till överenskommelsen.")
    decisions = page.locator("section", has=page.get_by_role("heading", name="Beslut", exact=True))
    expect(decisions).to_contain_text(f"Ansökan om anslutning från {APPLICANT} beviljas. Motivering: Föreningen uppfyller villkoren.")
    check_page(page)

    accession = Accession.objects.get(name=APPLICANT)
    assert accession.status == Accession.Status.APPROVED
    assert accession.decision_meeting_on == day
    assert Decision.objects.filter(accession=accession, meeting=coming).exists()
    assert console_errors == []
