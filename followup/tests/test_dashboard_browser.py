"""A member of the collaboration group opens the dashboard in a real browser on the demo data,
picks a year, and follows a figure to the list behind it, which opens filtered. axe-core finds no
WCAG 2.1 A/AA violation on the dashboard."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from overenskommelse.tests.browser import check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "ledamot@demo.lund.se"


def test_a_member_opens_the_dashboard_and_follows_a_figure_to_its_list(page, demo_data, console_errors):
    cache.clear()
    this_year = timezone.localdate().year
    log_in(page, MEMBER, DEMO_PASSWORD)

    page.goto(reverse("followup:dashboard"))
    check_page(page)
    expect(page.locator("h1")).to_have_text(f"Samverkansgruppens översikt {this_year}")
    expect(page.locator("main svg[role=img]").first).to_be_visible()

    # The year before, through the year selector (a GET form with a label).
    page.get_by_label("År", exact=True).select_option(str(this_year - 1))
    with page.expect_navigation():
        page.get_by_role("button", name="Visa året").click()
    expect(page.locator("h1")).to_have_text(f"Samverkansgruppens översikt {this_year - 1}")
    page.goto(reverse("followup:dashboard"))

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
    expect(page.locator("select[name=year]")).to_have_value(str(this_year))
    expect(page.locator("main table tbody")).to_contain_text(name)

    assert not console_errors
