"""Issue 14: each of the three demo agreements (Lund's, Borås's, Blekinge's) runs in the browser,
in Swedish, with its own name and words: the start page, the agreement's page, the group's page and
the public list of organisations, an initiative and the conference's programme of its demo, then the
convener's view of the group, of the follow-up and of a meeting.
axe-core finds no WCAG 2.1 A/AA or 2.2 AA violation on any of them."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD, OTHER_DEMO_PASSWORD
from collaboration.models import Meeting
from conferences.models import Conference
from initiatives.models import Initiative
from overenskommelse.models import Agreement
from overenskommelse.tests.browser import check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# key, the convener's address, its password, the group's name, the areas' name, a public party or
# organisation of its demo, the cadence of its follow-up in words.
AGREEMENTS = [
    (
        "lund",
        "sammankallande@demo.lund.se",
        DEMO_PASSWORD,
        "Samverkansgruppen",
        "prioriterade områden",
        "Lunds Schackklubb",
        "varje år",
    ),
    (
        "boras",
        "sammankallande@demo.boras.se",
        OTHER_DEMO_PASSWORD,
        "Samrådet",
        "utvecklingsområden",
        "Föreningen Vävkretsen",
        "vartannat år",
    ),
    (
        "blekinge",
        "sammankallande@demo.blekinge.se",
        OTHER_DEMO_PASSWORD,
        "Styrgruppen",
        "utvecklingsområden",
        "Region Blekinge",
        "varje år",
    ),
]
GROUPS = {"Samverkansgruppen", "Samrådet", "Styrgruppen"}


@pytest.fixture
def agreement_demo(request, settings, tmp_path):
    """The agreement's own demo (``load_demo --agreement <key>``), pages served as in production."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEBUG = True  # load_demo refuses to run in production mode
    call_command("load_demo", agreement=request.param, stdout=io.StringIO())
    settings.DEBUG = False
    return Agreement.objects.get()


def _main(page) -> str:
    return " ".join(page.locator("main").inner_text().split())


@pytest.mark.parametrize(
    (
        "agreement_demo",
        "convener",
        "password",
        "group",
        "areas",
        "organisation",
        "followup_every",
    ),
    AGREEMENTS,
    indirect=["agreement_demo"],
    ids=[row[0] for row in AGREEMENTS],
)
def test_the_agreement_runs_in_the_browser_in_its_own_words(
    page,
    console_errors,
    agreement_demo,
    convener,
    password,
    group,
    areas,
    organisation,
    followup_every,
):
    agreement = agreement_demo
    others = GROUPS - {group}

    page.goto("/")
    check_page(page)
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert agreement.name in page.locator("body").inner_text()

    page.goto(reverse("agreement"))
    check_page(page)
    text = _main(page)
    assert agreement.name in text
    assert f"Handlingsplanen och dess {areas}" in text
    assert not any(other in text for other in others)

    page.goto(reverse("collaboration:group"))
    check_page(page)
    expect(page.locator("h1")).to_have_text(group)
    text = _main(page)
    assert f"{group} följer överenskommelsen" in text
    assert f"följer upp handlingsplanen {followup_every}" in text
    assert not any(other in text for other in others)

    page.goto(reverse("accounts:organisation_list"))
    check_page(page)
    assert organisation in _main(page)

    # The demo's own initiatives and conference, each page in the agreement's words.
    initiative = Initiative.objects.filter(is_public=True).order_by("pk").first()
    page.goto(reverse("initiatives:initiative_detail", kwargs={"pk": initiative.pk}))
    check_page(page)
    assert initiative.title in _main(page)
    assert not any(other.lower() in _main(page).lower() for other in others)
    conference = Conference.objects.order_by("-starts_on").first()
    page.goto(reverse("conferences:programme", kwargs={"pk": conference.pk}))
    check_page(page)
    assert conference.sessions.first().title in _main(page)

    # The convener sees the group's composition and the follow-up, in the agreement's words.
    log_in(page, convener, password, next_url=reverse("collaboration:group"))
    expect(page).to_have_url(
        re.compile(re.escape(reverse("collaboration:group")) + "$")
    )
    check_page(page)
    text = _main(page)
    assert not any(other in text for other in others)
    page.goto(reverse("followup:round_list"))
    check_page(page)
    meeting = Meeting.objects.filter(minutes_published_at__isnull=False).order_by("-starts_at").first()
    page.goto(reverse("collaboration:meeting_detail", kwargs={"pk": meeting.pk}))
    check_page(page)
    assert not any(other.lower() in _main(page).lower() for other in others)
    assert console_errors == []
