"""The initiative journey in a real browser: an association proposes an initiative that looks for a
partner, an officer of a förvaltning expresses interest and is accepted, and the initiative is
taken through all five steps. axe-core checks WCAG 2.1 A/AA on every page visited.

Written against ids, names and addresses (not against text, which the Swedish catalogue changes).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import COLLABORATION_GROUP, CONVENER_GROUP, role_group
from initiatives.models import Initiative, Interest
from overenskommelse.models import Direction, Principle, PriorityArea
from overenskommelse.process import Step
from overenskommelse.tests.browser import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def role_groups(db):
    # A flushed database (after another transactional test) has lost the groups the migration made.
    for name in (CONVENER_GROUP, COLLABORATION_GROUP):
        role_group(name)


def _log_in(page, user, password) -> None:
    page.context.clear_cookies()
    page.goto(reverse("account_login"))
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def _submit(page, form_action: str, button: str = "button[type=submit]") -> None:
    page.locator(f'main form[action="{form_action}"] {button}').first.click()
    page.wait_for_load_state("load")


def test_an_association_and_a_forvaltning_take_an_initiative_through_the_five_steps(
    page, connected_a, representative_a, officer_x, administration_x, password
):
    inclusion = PriorityArea.objects.get(slug="inkludering")
    direction = Direction.objects.get(text="Låna kommunens lokaler.")

    # 1. The association proposes an initiative that looks for a partner.
    _log_in(page, representative_a, password)
    create_url = reverse("initiatives:initiative_create")
    page.goto(create_url)
    check_page(page)
    page.fill("#id_title", "Schack som mötesplats")
    page.fill("#id_need", "Unga nyanlända saknar en mötesplats på kvällarna.")
    page.fill("#id_goal", "En schackkväll i veckan.")
    page.check(f"input[name=priority_areas][value='{inclusion.pk}']")
    page.check(f"input[name=directions][value='{direction.pk}']")
    page.check("#id_looking_for_partners")
    page.fill("#id_partners_wanted", "En förvaltning som kan låna ut en lokal.")
    _submit(page, create_url)
    initiative = Initiative.objects.get()
    detail_url = initiative.get_absolute_url()
    page.wait_for_url(f"**{detail_url}")
    check_page(page)
    expect(page.locator('figure li[aria-current="step"]')).to_have_count(1)
    assert page.locator("figure li").count() == 5

    # 2. An officer of a förvaltning finds it among the initiatives looking for partners.
    _log_in(page, officer_x, password)
    page.goto(reverse("initiatives:initiative_matching"))
    check_page(page)
    page.locator(f'main a[href="{detail_url}"]').click()
    page.wait_for_url(f"**{detail_url}")
    check_page(page)
    page.fill("#id_interest-message", "Vi har en lokal på Norra Fäladen som står tom på kvällarna.")
    _submit(page, reverse("initiatives:interest_create", kwargs={"pk": initiative.pk}))
    check_page(page)
    interest = Interest.objects.get()
    assert interest.organisation == administration_x

    # 3. The association accepts: the förvaltning becomes a party.
    _log_in(page, representative_a, password)
    page.goto(detail_url)
    check_page(page)
    page.locator(f'button[name="answer-{interest.pk}-decision"][value="accept"]').click()
    page.wait_for_load_state("load")
    check_page(page)
    assert initiative.parties.filter(organisation=administration_x).exists()

    edit_url = reverse("initiatives:initiative_edit", kwargs={"pk": initiative.pk})
    advance_url = reverse("initiatives:initiative_advance", kwargs={"pk": initiative.pk})

    def fill_and_advance(fields: dict, expected_step: str) -> None:
        page.goto(edit_url)
        check_page(page)
        for selector, value in fields.items():
            if selector == "#id_form":
                page.select_option(selector, value)
            else:
                page.fill(selector, value)
        _submit(page, edit_url)
        page.wait_for_url(f"**{detail_url}*")
        check_page(page)
        expect(page.locator("#missing")).to_have_count(1)
        expect(page.locator("#missing a")).to_have_count(0)  # nothing is missing any more
        _submit(page, advance_url)
        check_page(page)
        initiative.refresh_from_db()
        assert initiative.step == expected_step, page.locator(".messages").inner_text()

    # 4. Step 1 → 2: the form of collaboration and the start date.
    fill_and_advance(
        {
            "#id_form": "iop",
            "#id_starts_on": (TODAY - datetime.timedelta(days=120)).isoformat(),
            "#id_implementation_plan": "Föreningen leder kvällarna, förvaltningen lånar ut lokalen.",
        },
        Step.IMPLEMENTATION,
    )
    # 5. Step 2 → 3: the results, how they were spread, and when they were reported.
    fill_and_advance(
        {
            "#id_ends_on": (TODAY - datetime.timedelta(days=7)).isoformat(),
            "#id_results_summary": "Trettio unga kom varje vecka.",
            "#id_dissemination": "Presenterat på överenskommelsekonferensen.",
            "#id_reported_to_group_on": (TODAY - datetime.timedelta(days=3)).isoformat(),
        },
        Step.RESULT,
    )
    # 6. Step 3 → 4: the initiative has ended.
    page.goto(detail_url)
    check_page(page)
    _submit(page, advance_url)
    check_page(page)
    initiative.refresh_from_db()
    assert initiative.step == Step.EVALUATION
    # 7. Step 4 → 5: the evaluation, with a text per principle.
    evaluation = {
        "#id_evaluation_worked": "Lokalen och volontärerna.",
        "#id_evaluation_did_not_work": "Informationen nådde få i början.",
        "#id_evaluation_lessons": "Börja med informationen tidigare.",
    }
    for principle in Principle.objects.all():
        evaluation[f"#id_principle_{principle.pk}"] = f"Så levde vi upp till {principle.name}."
    fill_and_advance(evaluation, Step.FOLLOW_UP)

    expect(page.locator("figure li").nth(4)).to_have_attribute("aria-current", "step")
    assert list(initiative.transitions.values_list("kind", flat=True)) == ["created"] + ["forward"] * 4

    # The public follows it in the catalogue.
    page.context.clear_cookies()
    page.goto(reverse("initiatives:initiative_list"))
    check_page(page)
    expect(page.locator(f'main a[href="{detail_url}"]')).to_have_count(1)
    page.goto(detail_url)
    check_page(page)
