"""The whole journey of joining, in a real browser: a new volunteer applies, a member of the
collaboration group approves, and the organisation appears in the public list and in the CSV.
axe-core finds no WCAG 2.1 A/AA violation on the pages visited."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from accounts.models import Accession, Organisation
from overenskommelse.tests.browser import check_page, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VOLUNTEER = "ny.volontar@example.org"
PASSWORD = "ett-langt-losenord-for-forening-7"
NAME = "Föreningen Kvarterslyftet"
ORG_NUMBER = "802480-0008"
GROUP_MEMBER = "ledamot@demo.lund.se"


def _sign_up_from_the_start_page(page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Ansök om anslutning").first.click()
    # Not logged in: the login page, with a way to create an account that keeps where we were.
    expect(page).to_have_url(re.compile(r"/konto/login/\?next=/ansok/"))
    check_page(page)
    page.locator("main").get_by_role("link", name=re.compile("Skapa ett konto")).click()
    check_page(page)
    page.locator('main input[name="email"]').fill(VOLUNTEER)
    page.locator('main input[name="password1"]').fill(PASSWORD)
    page.locator('main input[name="password2"]').fill(PASSWORD)
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').first.click()
    check_page(page)  # "confirm your email address"
    link = re.search(r"https?://\S+/konto/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link[link.index("/konto/"):])
    check_page(page)
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').first.click()


def _fill_and_send_the_application(page) -> None:
    expect(page).to_have_url(re.compile(r"/ansok"))
    check_page(page)
    page.get_by_role("textbox", name="Organisationens namn").fill(NAME)
    page.get_by_role("textbox", name="Organisationsnummer").fill(ORG_NUMBER)
    page.locator('select[name="kind"]').select_option("ideell_forening")
    page.locator('input[name="city"]').fill("Lund")
    page.locator('input[name="priority_areas"]').first.check()
    page.locator('input[name="contact_name"]').fill("Nora Nyström")
    page.locator('input[name="contact_email"]').fill(VOLUNTEER)
    page.locator('input[name="signatory_name"]').fill("Nora Nyström")
    page.locator('input[name="signatory_role"]').fill("Ordförande")
    page.locator('input[name="board_decision_on"]').fill("2026-10-01")
    for checkbox in page.locator('input[name="principles_confirmed"]').all():
        checkbox.check()
    page.locator('input[name="democratic_values_confirmed"]').check()
    with page.expect_navigation():
        page.locator('button[name="action"][value="send"]').click()
    check_page(page)
    expect(page.locator("main")).to_contain_text("Inskickad")


def test_a_new_association_applies_is_approved_and_is_listed_publicly(page, live_server, demo_data):
    _sign_up_from_the_start_page(page)
    _fill_and_send_the_application(page)
    accession = Accession.objects.get(name=NAME)
    assert accession.status == Accession.Status.SUBMITTED
    assert any(VOLUNTEER in message.to for message in mail.outbox[1:])
    log_out(page)

    log_in(page, GROUP_MEMBER, DEMO_PASSWORD)
    page.locator("header").get_by_role("link", name="Ansökningar").click()
    check_page(page)
    page.get_by_role("link", name=NAME).click()
    check_page(page)
    page.locator('input[name="decision"]').first.check()
    page.locator('textarea[name="reason"]').fill("Uppfyller villkoren för anslutning.")
    with page.expect_navigation():
        page.get_by_role("button", name="Registrera beslutet").click()
    check_page(page)
    expect(page.locator("main")).to_contain_text("Beviljad")
    assert Organisation.objects.connected().filter(org_number=ORG_NUMBER).exists()
    log_out(page)

    page.goto(reverse("accounts:organisation_list"))
    page.locator('main input[name="q"]').fill("Kvarterslyftet")
    with page.expect_navigation():
        page.get_by_role("button", name="Visa organisationer").click()
    check_page(page)
    page.locator("main").get_by_role("link", name=NAME).click()
    check_page(page)
    csv = page.request.get(reverse("accounts:organisation_list_csv")).text()
    assert NAME in csv and ORG_NUMBER in csv
