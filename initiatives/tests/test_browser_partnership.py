"""A förvaltning officer logs an IOP in a real browser, and it appears in the public list.

The officer logs in through the login form on the demo data, goes from the header to the
förvaltning's list, fills in the form with one contribution, and finds the commitment in the public
list of IOPs and commitments. axe-core finds no WCAG 2.1 A/AA violation on the pages visited.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from accounts.models import Organisation
from initiatives.models import Contribution, Partnership
from overenskommelse.tests.browser import check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICER = "handlaggare@demo.lund.se"
TITLE = "IOP om schack för nyanlända unga"


def test_an_officer_logs_an_iop_that_appears_in_the_public_list(
    page, demo_data, console_errors
):
    administration = Organisation.objects.get(name="Kultur- och fritidsförvaltningen")
    party = Organisation.objects.get(name="Lunds Schackklubb")
    log_in(page, OFFICER, DEMO_PASSWORD)

    # The header leads the officer to the förvaltning's own list.
    mine = reverse("initiatives:partnership_mine")
    page.locator(f'header a[href="{mine}"]').click()
    page.wait_for_url(f"**{mine}")
    check_page(page)
    expect(page.locator("main")).to_contain_text("Simundervisning för nyanlända vuxna")

    # The form to log a commitment.
    page.locator(
        f'main a[href="{reverse("initiatives:partnership_create")}"]'
    ).first.click()
    page.wait_for_url(f"**{reverse('initiatives:partnership_create')}")
    check_page(page)
    expect(page.locator('select[name="administration"]')).to_have_value(
        str(administration.pk)
    )
    page.locator('input[name="title"]').fill(TITLE)
    page.locator('input[name="form"][value="iop"]').check()
    page.locator(f'input[name="organisations"][value="{party.pk}"]').check()
    page.locator('textarea[name="description"]').fill(
        "Schackklubben håller schackträning för nyanlända unga på två fritidsgårdar."
    )
    page.locator('input[name="starts_on"]').fill("2026-01-01")
    page.locator('input[name="ends_on"]').fill("2027-12-31")
    page.locator('input[name="decision_reference"]').fill("KU 2025/0999")
    page.locator('select[name="contributions-0-organisation"]').select_option(
        str(administration.pk)
    )
    page.locator('select[name="contributions-0-kind"]').select_option("money")
    page.locator('input[name="contributions-0-amount_sek_per_year"]').fill("125 000")
    page.locator('input[name="contributions-0-description"]').fill(
        "Bidrag till instruktörer"
    )
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').click()

    partnership = Partnership.objects.get(title=TITLE)
    assert partnership.administration == administration
    assert list(
        partnership.contributions.values_list("kind", "amount_sek_per_year")
    ) == [(Contribution.Kind.MONEY, 125_000)]
    page.wait_for_url(f"**{partnership.get_absolute_url()}")
    check_page(page)
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".messages .alert-success")).to_have_count(1)

    # The public list, from the main menu, shows it.
    public = reverse("initiatives:partnership_list")
    page.locator(f'header nav a[href="{public}"]').click()
    page.wait_for_url(f"**{public}")
    check_page(page)
    row = page.locator("main table tbody tr", has_text=TITLE)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Lunds Schackklubb")
    expect(row).to_contain_text("Kultur- och fritidsförvaltningen")
    assert console_errors == []


def test_a_visitor_filters_the_public_list_and_opens_a_commitment(
    page, demo_data, console_errors
):
    page.goto(reverse("initiatives:partnership_list"))
    check_page(page)
    page.locator('select[name="status"]').select_option("ended")
    with page.expect_navigation():
        page.locator('main form[role="search"] button[type="submit"]').click()
    rows = page.locator("main table tbody tr")
    expect(rows.first).to_be_visible()
    table = page.locator("main table").inner_text()
    assert "Schack i skolan och på fritidsgårdarna" in table  # ended last year
    assert (
        "Simundervisning för nyanlända vuxna" not in table
    )  # runs until further notice
    rows.first.locator("a").first.click()
    page.wait_for_load_state("load")
    check_page(page)
    assert console_errors == []
