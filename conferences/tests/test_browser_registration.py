"""Registration in a real browser: a visitor opens a personal invitation link and registers (the
form filled in for the organisation); the conference is then full, so the next visitor lands on the
waiting list; the first cancels through the link in their confirmation email, and the one waiting
is promoted and emailed. axe-core finds no WCAG 2.1 A/AA violation on any page visited."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import CONVENER_GROUP, role_group
from conferences.models import Invitation, Registration
from conferences.tests.factories import make_conference, make_session, register
from overenskommelse.tests.browser import (
    answer_two_step_if_asked,
    assert_no_axe_violations,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def console_errors(page):
    """Errors the browser reports (CSP refusals, missing static files, script errors)."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


@pytest.fixture
def convener_user(django_user_model):
    # Each transactional test starts from a flushed database: the role groups are recreated.
    user = django_user_model.objects.create_user(email="sammankallande@example.org", full_name="Sara")
    user.groups.add(role_group(CONVENER_GROUP))
    return user


def _check_page(page) -> None:
    page.wait_for_load_state("load")
    assert page.locator("h1").count() == 1, f"{page.url}: expected exactly one <h1>"
    assert_no_axe_violations(page)


def _link_in(message, name: str) -> str:
    """The path of a personal link (``name`` is registration_manage or registration_cancel) in
    an email, which holds absolute addresses on PORTAL_BASE_URL."""
    pattern = re.escape(settings.PORTAL_BASE_URL + reverse(f"conferences:{name}", kwargs={"token": "TOKEN"}))
    match = re.search(pattern.replace("TOKEN", r"[\w-]+") + r"(?=\s)", message.body)
    assert match, message.body
    return match.group(0)[len(settings.PORTAL_BASE_URL):]


def _submit(page) -> None:
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').last.click()


def test_a_visitor_registers_from_an_invitation_and_the_waiting_list_moves_up(
    page, organisation_a, convener_user, console_errors
):
    conference = make_conference(capacity=1, title="Överenskommelsekonferensen 2027")
    session = make_session(conference, title="Utbildning om IOP", capacity=10)
    organisation_a.email = "info@foreningen-a.example"
    organisation_a.save()
    invitation = Invitation.objects.create(
        conference=conference,
        email="info@foreningen-a.example",
        name=organisation_a.name,
        organisation=organisation_a,
        source=Invitation.Source.ORGANISATION,
    )

    # 1. The first visitor opens the personal link: the form is filled in for the organisation.
    page.goto(reverse("conferences:invitation_open", kwargs={"token": invitation.token}))
    _check_page(page)
    expect(page.locator('input[name="email"]')).to_have_value("info@foreningen-a.example")
    expect(page.locator('input[name="organisation_name"]')).to_have_value("Föreningen A")
    # The honeypot is there for bots but out of sight and out of the tab order.
    honeypot = page.locator('input[name="website"]')
    expect(honeypot).to_have_attribute("tabindex", "-1")
    assert not honeypot.is_visible() or honeypot.bounding_box()["x"] < 0
    page.locator('input[name="name"]').fill("Rut Ek")
    page.locator('input[name="email"]').fill("rut@example.org")
    page.get_by_label(re.compile("Utbildning om IOP")).check()
    page.locator('textarea[name="dietary_needs"]').fill("Vegetarisk")
    page.locator('input[name="on_participant_list"]').check()
    _submit(page)
    first = Registration.objects.get(email="rut@example.org")
    assert first.status == Registration.Status.CONFIRMED
    assert first.invitation == invitation and first.organisation == organisation_a
    assert list(first.sessions.all()) == [session]
    page.wait_for_url(f"**{reverse('conferences:registration_manage', kwargs={'token': first.token})}")
    _check_page(page)
    [confirmation] = [m for m in mail.outbox if m.to == ["rut@example.org"]]
    assert confirmation.attachments, "the confirmation carries an iCal file"
    assert [m for m in mail.outbox if m.to == [convener_user.email]], "the convener hears of 100 %"

    # 2. The conference is full: the next visitor lands on the waiting list.
    page.goto(reverse("conferences:registration_create", kwargs={"pk": conference.pk}))
    _check_page(page)
    page.locator('input[name="name"]').fill("Bo Berg")
    page.locator('input[name="email"]').fill("bo@example.org")
    _submit(page)
    second = Registration.objects.get(email="bo@example.org")
    assert second.status == Registration.Status.WAITING
    _check_page(page)
    expect(page.locator("main .badge")).to_have_count(1)
    assert [m for m in mail.outbox if m.to == ["bo@example.org"]]

    # 3. The first visitor cancels through the link in the confirmation email.
    page.goto(_link_in(confirmation, "registration_manage"))
    _check_page(page)
    cancel_path = _link_in(confirmation, "registration_cancel")
    with page.expect_navigation():
        page.locator(f'main a[href="{cancel_path}"]').click()
    _check_page(page)
    _submit(page)
    first.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    _check_page(page)

    # 4. The one waiting is promoted and told by email, with the calendar file.
    second.refresh_from_db()
    assert second.status == Registration.Status.CONFIRMED
    promotions = [m for m in mail.outbox if m.to == ["bo@example.org"]]
    assert len(promotions) == 2
    assert promotions[-1].attachments
    page.goto(_link_in(promotions[-1], "registration_manage"))
    _check_page(page)
    expect(page.locator("main .badge.text-bg-success")).to_have_count(1)
    assert console_errors == []


def _log_in(page, email: str, password: str) -> None:
    page.goto(reverse("account_login"))
    page.locator('main input[name="login"]').fill(email)
    page.locator('main input[name="password"]').fill(password)
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').first.click()
    answer_two_step_if_asked(page, email)  # the convener: the code of two-step verification
    expect(page.locator(f'header a[href="{reverse("accounts:overview")}"]')).to_have_count(1)


def test_the_conveners_pages_meet_wcag_and_the_progress_page_polls_without_csp_errors(
    page, convener, password, organisation_a, console_errors
):
    from conferences.models import InvitationSending
    
    role_group(CONVENER_GROUP)
    conference = make_conference(capacity=2, title="Överenskommelsekonferensen 2027")
    make_session(conference, title="Utbildning om IOP", capacity=1)
    register(conference, "a@example.org", dietary_needs="Vegetarisk")
    register(conference, "b@example.org")
    register(conference, "c@example.org")
    Invitation.objects.create(conference=conference, email="info@a.example", source=Invitation.Source.MANUAL)
    sending = InvitationSending.objects.create(conference=conference, total=4, sent=1, status="running")
    _log_in(page, convener.email, password)
    pk = conference.pk
    for url in [
        reverse("conferences:conference_list"),
        reverse("conferences:conference_create"),
        reverse("conferences:conference_detail", kwargs={"pk": pk}),
        reverse("conferences:conference_edit", kwargs={"pk": pk}),
        reverse("conferences:programme", kwargs={"pk": pk}),
        reverse("conferences:session_create", kwargs={"pk": pk}),
        reverse("conferences:invitation_list", kwargs={"pk": pk}),
        reverse("conferences:invitation_send", kwargs={"pk": pk}),
        reverse("conferences:registration_list", kwargs={"pk": pk}),
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        _check_page(page)

    # The progress page asks for a fresh fragment every 2 seconds while the sending runs.
    progress = reverse("conferences:invitation_sending_progress", kwargs={"pk": pk, "sending_pk": sending.pk})
    page.goto(progress)
    _check_page(page)
    InvitationSending.objects.filter(pk=sending.pk).update(sent=4, status="done")
    expect(page.locator("#sending-bar")).to_have_attribute("value", "4", timeout=6000)
    expect(page.locator("#sending-progress[hx-trigger]")).to_have_count(0)
    assert console_errors == []
