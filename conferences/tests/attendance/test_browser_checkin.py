"""On the day, in a real browser the size of a phone: a helper from the collaboration group logs in
through the login form, searches a participant, checks them in, and adds a walk-in. Afterwards a
participant's certificate page follows the certificate being made (htmx under the strict CSP).
axe-core finds no WCAG 2.1 A/AA violation on the pages visited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import COLLABORATION_GROUP, CONVENER_GROUP, role_group
from conferences.models import Certificate, Registration
from conferences.tests.factories import (
    check_in,
    make_conference_on_day,
    make_registration,
    make_training,
)
from overenskommelse.tests.browser import (
    answer_two_step_if_asked,
    assert_no_axe_violations,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def roles(db):
    # Each transactional test after the first starts from a flushed database: the role groups that
    # a migration created are gone.
    for name in (CONVENER_GROUP, COLLABORATION_GROUP):
        role_group(name)


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


@pytest.fixture
def console_errors(page):
    """Errors the browser reports (CSP refusals, missing static files, script errors)."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def _check_page(page) -> None:
    page.wait_for_load_state("load")
    assert page.locator("h1").count() == 1, f"{page.url}: expected exactly one <h1>"
    assert_no_axe_violations(page)


def _log_in(page, email: str, password: str, next_url: str) -> None:
    page.goto(f"{reverse('account_login')}?next={next_url}")
    _check_page(page)
    page.locator('main input[name="login"]').fill(email)
    page.locator('main input[name="password"]').fill(password)
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').first.click()
    answer_two_step_if_asked(page, email)  # a group member: the code of two-step verification


def test_a_helper_checks_people_in_on_a_phone(phone, roles, group_member, password, organisation_a, console_errors):
    page = phone
    conference = make_conference_on_day(title="Överenskommelsekonferensen 2026")
    anna = make_registration(conference, "Anna Andersson", organisation=organisation_a)
    for name in ("Bertil Berg", "Cecilia Carlsson", "David Dahl"):
        make_registration(conference, name)
    check_in_url = reverse("conferences:check_in", kwargs={"pk": conference.pk})

    _log_in(page, group_member.email, password, check_in_url)
    page.wait_for_url(f"**{check_in_url}")
    _check_page(page)
    counts = page.locator(".checkin-counts")
    expect(counts).to_contain_text("0")
    expect(counts).to_contain_text("4")

    # Search a participant by part of the name (a plain GET form, no JavaScript needed).
    page.get_by_role("searchbox").fill("ander")
    with page.expect_navigation():
        page.locator("main form[role=search] button[type=submit]").click()
    rows = page.locator("main .checkin-list > li")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Anna Andersson")
    expect(rows.first).to_contain_text("Föreningen A")
    _check_page(page)

    # The big button fits the phone's width and checks Anna in.
    button = rows.first.locator("button[type=submit]")
    box = button.bounding_box()
    assert box["width"] >= 300 and box["height"] >= 44, box
    with page.expect_navigation():
        button.click()
    expect(page.locator(".messages")).to_contain_text("Anna Andersson")
    expect(page.locator("main .checkin-list > li").first.locator("button[type=submit]")).to_have_class(
        "btn btn-outline-dark btn-lg w-100"
    )
    _check_page(page)
    anna.refresh_from_db()
    assert anna.checked_in_at is not None

    # A walk-in.
    with page.expect_navigation():
        page.locator(f'main a[href="{reverse("conferences:walk_in", kwargs={"pk": conference.pk})}"]').click()
    _check_page(page)
    page.locator("main input[name=name]").fill("Vera Spontan")
    page.locator("main input[name=organisation]").fill("Syjuntan i Lund")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{check_in_url}")
    expect(page.locator(".messages")).to_contain_text("Vera Spontan")
    _check_page(page)
    walk_in = Registration.objects.get(is_walk_in=True)
    assert (walk_in.name, walk_in.organisation_name, walk_in.checked_in_at is not None) == (
        "Vera Spontan",
        "Syjuntan i Lund",
        True,
    )
    expect(page.locator(".checkin-counts")).to_contain_text("1")  # one walk-in
    assert console_errors == []


def test_the_certificate_page_follows_the_certificate_being_made(page, roles, settings, tmp_path, console_errors):
    from conferences.services.attendance import certificate_make

    settings.MEDIA_ROOT = tmp_path / "media"
    page.set_viewport_size(PHONE)
    conference = make_conference_on_day(starts_on=timezone.localdate() - datetime.timedelta(days=1))
    training = make_training(conference, title="Utbildning i ansökan om projektbidrag")
    anna = check_in(make_registration(conference, "Anna Andersson"), training)
    certificate = Certificate.objects.create(registration=anna, name_on_certificate=anna.name)  # waiting

    page.goto(reverse("conferences:certificate", kwargs={"token": anna.token}))
    _check_page(page)
    status = page.locator("#certificate-status")
    expect(status).to_have_attribute("hx-trigger", "every 2s")

    assert certificate_make(certificate_id=certificate.pk) == "done"
    download = page.locator(f'a[href="{reverse("conferences:certificate_file", kwargs={"token": anna.token})}"]')
    expect(download).to_be_visible(timeout=10_000)  # htmx polled the status and swapped it in
    expect(page.locator("#certificate-status")).not_to_have_attribute("hx-trigger", "every 2s")
    _check_page(page)
    with page.expect_download() as downloaded:
        download.click()
    assert downloaded.value.suggested_filename == "intyg-anna-andersson.pdf"
    assert console_errors == []
