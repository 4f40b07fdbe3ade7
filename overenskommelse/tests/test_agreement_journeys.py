"""Issue 14: the main journeys under each of the three demo agreements (Lund's, Borås's and
Blekinge's), as their users see them, each from its own demo (``load_demo --agreement …``):

- an organisation applies through the web form and the group approves it: it is on the public list;
- the group's page names the group in the agreement's words, and warns when the sectors' ordinary
  seats are out of balance;
- the convener makes the next follow-up round, proposed after the agreement's cadence (every year in
  Lund and Blekinge, every other year in Borås: "2027–2028"), opens it, and a förvaltning (a
  municipal company in Borås) reports;
- the round's report (the PDF) names the agreement's group and the period followed up;
- the conference is due after the agreement's cadence (every other year in Lund and Borås, every
  year in Blekinge).

Loading a demo takes a few seconds, so each agreement's journeys are one test, step by step."""

import datetime
import io
import re
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.demo import org_number
from accounts.models import (
    Accession,
    Organisation,
    OrganisationKind,
    Representation,
    User,
)
from accounts.tests.factories import (
    OrganisationFactory,
    RepresentationFactory,
    UserFactory,
)
from conferences.tests.factories import make_conference_on_day
from documents.tests.test_report_pdf import make_report, pdf_text
from followup.models import DepartmentReport, FollowUpRound, Question
from overenskommelse.models import Principle, PriorityArea

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Journey:
    """What each agreement's users see, from its demo."""

    key: str
    municipality: str
    group: str  # as a sentence names it in its middle
    Group: str  # at the start of a sentence
    Group_gen: str
    convener: str  # the convener's address in the demo
    member: str  # the group's demo member (on an ordinary seat)
    followup_every: int
    followup_every_words: str  # "every other year", in Swedish
    conference_every: str  # "every other year", in Swedish
    conference_years: int


JOURNEYS = [
    Journey(
        key="lund",
        municipality="Lunds kommun",
        group="samverkansgruppen",
        Group="Samverkansgruppen",
        Group_gen="Samverkansgruppens",
        convener="sammankallande@demo.lund.se",
        member="ledamot@demo.lund.se",
        followup_every=1,
        followup_every_words="varje år",
        conference_every="vartannat år",
        conference_years=2,
    ),
    Journey(
        key="boras",
        municipality="Borås Stad",
        group="samrådet",
        Group="Samrådet",
        Group_gen="Samrådets",
        convener="sammankallande@demo.boras.se",
        member="ledamot@demo.boras.se",
        followup_every=2,
        followup_every_words="vartannat år",
        conference_every="vartannat år",
        conference_years=2,
    ),
    Journey(
        key="blekinge",
        municipality="Region Blekinge",
        group="styrgruppen",
        Group="Styrgruppen",
        Group_gen="Styrgruppens",
        convener="sammankallande@demo.blekinge.se",
        member="ledamot@demo.blekinge.se",
        followup_every=1,
        followup_every_words="varje år",
        conference_every="varje år",
        conference_years=1,
    ),
]


def _text(response) -> str:
    """The page's text as a reader sees it: no tags, no addresses, the spaces folded."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").replace("\xa0", " ")
    return " ".join(text.split())


def _messages(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(params=JOURNEYS, ids=[journey.key for journey in JOURNEYS])
def journey(request, settings) -> Journey:
    """The agreement's own demo, loaded as ``manage.py load_demo --agreement <key>`` does."""
    settings.DEBUG = True  # load_demo refuses to run in production mode
    call_command("load_demo", agreement=request.param.key, stdout=io.StringIO())
    settings.DEBUG = False
    return request.param


# --- The steps -------------------------------------------------------------------------------------


def _apply_and_approve(
    client, journey: Journey, django_capture_on_commit_callbacks
) -> None:
    """An association applies through the form; the group's member approves it; it is listed."""
    applicant = UserFactory(
        email="ny.forening@example.org", full_name="Nina Nyförening"
    )
    client.force_login(applicant)
    page = _text(client.get(reverse("accounts:accession_start")))
    assert "Ansök om anslutning" in page or "ansluta" in page
    area = PriorityArea.objects.order_by("position").first()
    data = {
        "name": "Föreningen Nykomlingen",
        "org_number": "802480-0008",
        "kind": OrganisationKind.NON_PROFIT_ASSOCIATION,
        "street_address": "Storgatan 1",
        "postal_code": "12345",
        "city": "Storby",
        "email": "info@nykomlingen.example.org",
        "description": "Vi ordnar läxhjälp och fritid för barn och unga.",
        "priority_areas": [area.pk],
        "contact_name": "Nina Nyförening",
        "contact_email": "ny.forening@example.org",
        "signatory_name": "Siv Ordförande",
        "signatory_role": "ordförande",
        "board_decision_on": "2026-03-15",
        "principles_confirmed": list(Principle.objects.values_list("pk", flat=True)),
        "democratic_values_confirmed": "on",
        "action": "send",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:accession_start"), data)
    assert response.status_code == 302, _text(response)
    sent = client.get(response["Location"])
    assert f"har skickats till {journey.group}" in _messages(sent)
    accession = Accession.objects.get(name="Föreningen Nykomlingen")
    assert accession.status == Accession.Status.SUBMITTED

    client.force_login(User.objects.get(email=journey.member))
    queue = _text(client.get(reverse("accounts:accession_queue")))
    assert "Föreningen Nykomlingen" in queue
    with django_capture_on_commit_callbacks(execute=True):
        decided = client.post(
            reverse("accounts:accession_decide", kwargs={"pk": accession.pk}),
            {"decision": "approve", "reason": "", "meeting_on": ""},
            follow=True,
        )
    assert decided.status_code == 200
    organisation = Organisation.objects.get(name="Föreningen Nykomlingen")
    assert organisation.is_connected
    assert Representation.objects.filter(
        user=applicant, organisation=organisation
    ).exists()

    client.logout()
    public = _text(client.get(reverse("accounts:organisation_list")))
    assert "Föreningen Nykomlingen" in public


def _group_page_and_balance(client, journey: Journey) -> None:
    """The group's page in the agreement's words; a seat more on one side gives the warning."""
    client.logout()
    page = _text(client.get(reverse("collaboration:group")))
    assert page.startswith(f"{journey.Group} –") or f"{journey.Group} –" in page
    assert f"{journey.Group} följer överenskommelsen" in page
    for other in {"Samverkansgruppen", "Samrådet", "Styrgruppen"} - {journey.Group}:
        assert other not in page

    convener = User.objects.get(email=journey.convener)
    client.force_login(convener)
    # The demo's seats are as many on each side (some still empty: that is warned about too).
    out_of_balance = re.compile(
        r"Sektorerna är inte i balans: (\d+) \w+ platser och (\d+) platser från idéburen sektor\."
    )
    assert not out_of_balance.search(_text(client.get(reverse("collaboration:group"))))
    response = client.post(
        reverse("collaboration:seat_create"),
        {
            "position": "30",
            "kind": "ordinary",
            "sector": "offentlig",
            "appointed_by_text": "Ännu en nämnd",
            "note": "",
        },
    )
    assert response.status_code == 302, _text(response)
    after = _text(client.get(reverse("collaboration:group")))
    assert out_of_balance.search(after).groups() == ("5", "4"), after


def _reporter(journey: Journey) -> tuple[User, Organisation]:
    """Who reports for a public unit in the round: the demo's officer in Lund, the municipal
    housing company's in Borås; in Blekinge (whose demo has the parties, not their förvaltningar) a
    förvaltning of the region, with its officer, added to the register here."""
    if journey.key == "lund":
        officer = User.objects.get(email="handlaggare@demo.lund.se")
        return officer, officer.representations.get().organisation
    if journey.key == "boras":
        company = Organisation.objects.get(kind=OrganisationKind.MUNICIPAL_COMPANY)
        return Representation.objects.get(organisation=company).user, company
    region = Organisation.objects.get(kind=OrganisationKind.REGION)
    unit = OrganisationFactory(
        name="Regionala utvecklingsförvaltningen",
        kind=OrganisationKind.ADMINISTRATION,
        parent=region,
        org_number=org_number("232100006"),
    )
    officer = UserFactory(email="utveckling@example.org", full_name="Ulla Utvecklare")
    RepresentationFactory(user=officer, organisation=unit)
    return officer, unit


def _round(
    client, journey: Journey, django_capture_on_commit_callbacks
) -> FollowUpRound:
    """The convener makes the round the form proposes, opens it, and a public unit reports."""
    today = timezone.localdate()
    latest = (
        FollowUpRound.objects.order_by("-year").values_list("year", flat=True).first()
    )
    expected = (
        today.year
        if latest is None
        else max(latest + journey.followup_every, today.year)
    )
    period = (
        str(expected) if journey.followup_every == 1 else f"{expected - 1}–{expected}"
    )

    client.force_login(User.objects.get(email=journey.convener))
    form = client.get(reverse("followup:round_create")).content.decode()
    assert re.search(rf'name="year" value="{expected}"', form) or re.search(
        rf'value="{expected}"[^>]*name="year"', form
    )
    response = client.post(
        reverse("followup:round_create"),
        {
            "year": str(expected),
            "deadline": f"{expected + 1}-01-31",
            "introduction": "Välkomna att redovisa.",
        },
    )
    assert response.status_code == 302, _text(response)
    followup_round = FollowUpRound.objects.get(year=expected)
    assert followup_round.period == period
    detail = _text(client.get(followup_round.get_absolute_url()))
    assert f"Uppföljning {period}" in detail
    officer, unit = _reporter(journey)
    with django_capture_on_commit_callbacks(execute=True):
        opened = client.post(
            reverse("followup:round_open", kwargs={"year": expected}), follow=True
        )
    assert "Uppföljningen är öppen" in _messages(opened)
    # The invitation names the period and the agreement's cadence, not a year or a municipality.
    invitation = next(
        message for message in mail.outbox if message.to == [officer.email]
    )
    if journey.followup_every == 1:
        assert invitation.subject.endswith(
            f"Den årliga uppföljningen av {period} är öppen"
        )
    else:
        assert invitation.subject.endswith(f"Uppföljningen av {period} är öppen")
    body = " ".join(invitation.body.split())
    assert (
        f"Överenskommelsen följs upp {journey.followup_every_words}, och uppföljningen av "
        f"{period} är öppen." in body
    ), body
    assert unit.name in body

    client.force_login(officer)
    started = client.get(
        reverse(
            "followup:department_report_start",
            kwargs={"year": expected, "administration": unit.pk},
        )
    )
    assert started.status_code == 302
    report = DepartmentReport.objects.get(
        followup_round=followup_round, administration=unit
    )
    page = _text(client.get(report.get_absolute_url()))
    assert unit.name in page
    data = {"comment": ""}
    for line in report.commitments.all():
        data[f"line_{line.pk}_active"] = "on"
        data[f"line_{line.pk}_amount"] = str(line.registered_amount_sek)
        data[f"line_{line.pk}_comment"] = ""
    for question in followup_round.questions.filter(
        audience=Question.Audience.ADMINISTRATION
    ):
        data[f"answer_{question.pk}"] = (
            "Vi har samverkat med föreningarna hela perioden."
        )
    saved = client.post(report.get_absolute_url(), data)
    assert saved.status_code == 302, _text(saved)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(
            reverse("followup:department_report_submit", kwargs={"pk": report.pk}),
            follow=True,
        )
    assert "Rapporten är inskickad" in _messages(submitted)
    report.refresh_from_db()
    assert report.status == DepartmentReport.Status.SUBMITTED

    client.force_login(User.objects.get(email=journey.convener))
    detail = _text(client.get(followup_round.get_absolute_url()))
    assert unit.name in detail
    return followup_round


def _report_words(journey: Journey, followup_round: FollowUpRound, tmp_path) -> None:
    """The round's report (the PDF) names the group and the period in the agreement's words."""
    report = make_report(followup_round, by=User.objects.get(email=journey.convener))
    assert report.status == "done", report.error
    with default_storage.open(report.file.name, "rb") as handle:
        text = pdf_text(handle.read(), tmp_path)
    assert journey.municipality in text
    assert followup_round.period in text
    assert journey.Group in text or journey.Group_gen in text
    assert journey.group in text.lower()
    stems = {"samverkansgrupp", "samråd", "styrgrupp"}
    own = next(stem for stem in stems if journey.group.startswith(stem))
    for other in stems - {own}:
        assert other not in text.lower(), other


def _conference_cadence(client, journey: Journey) -> None:
    """After a conference held this year, the next is due after the agreement's cadence; the
    convener's list of conferences says so."""
    today = timezone.localdate()
    held_on = today - datetime.timedelta(days=1)
    make_conference_on_day(
        starts_on=held_on, ends_on=held_on, title="Konferensen i går"
    )
    due = held_on.year + journey.conference_years
    client.force_login(User.objects.get(email=journey.convener))
    page = _text(client.get(reverse("conferences:conference_list")))
    assert f"Ingen konferens är planerad för {due}" in page, page
    assert f"hålls {journey.conference_every}, och nästa ska hållas {due}" in page, page


# --- The journeys ----------------------------------------------------------------------------------


def test_the_main_journeys_run_in_the_agreements_own_words_and_rules(
    client, journey, media, tmp_path, django_capture_on_commit_callbacks
):
    _apply_and_approve(client, journey, django_capture_on_commit_callbacks)
    _group_page_and_balance(client, journey)
    followup_round = _round(client, journey, django_capture_on_commit_callbacks)
    _report_words(journey, followup_round, tmp_path)
    _conference_cadence(client, journey)
