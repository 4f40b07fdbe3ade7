"""The agreement's follow-up table (what a round asks, of whom, who is responsible), the recurring
networks, municipal companies reporting like förvaltningar, and a round every other year."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, Representation
from accounts.roles import forget_roles
from documents.selectors.report import followup_report_context
from followup import tasks as tasks_rounds
from followup.models import (
    DepartmentReport,
    FollowUpArea,
    FollowUpRound,
    Network,
    Question,
)
from followup.questions import DEFAULT_QUESTIONS
from followup.services.rounds import (
    department_report_start,
    department_report_submit,
    round_questions_update,
)
from followup.tests.factories import YEAR, make_round
from overenskommelse.tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

TABLE_URL = "followup:followup_table"


def _row(index: int, **values) -> dict:
    data = {
        "text": "",
        "help_text": "",
        "responsible": "group",
        "responsible_other": "",
        "ORDER": str(index + 1),
    }
    data.update(values)
    audiences = data.pop("audiences", [])
    form = {
        f"areas-{index}-{name}": value
        for name, value in data.items()
        if value is not False
    }
    if audiences:
        form[f"areas-{index}-audiences"] = audiences
    return form


def _table_post(*rows: dict) -> dict:
    data = {
        "areas-TOTAL_FORMS": str(len(rows)),
        "areas-INITIAL_FORMS": "0",
        "areas-MIN_NUM_FORMS": "0",
        "areas-MAX_NUM_FORMS": "1000",
    }
    for row in rows:
        data.update(row)
    return data


@pytest.fixture
def boras():
    return AgreementFactory(
        municipality="Borås Stad", group_name="samrådet", followup_every_years=2
    )


@pytest.fixture
def company(db) -> Organisation:
    return Organisation.objects.create(
        name="Stadsdelarnas Bostäder AB", kind=OrganisationKind.MUNICIPAL_COMPANY
    )


@pytest.fixture
def company_officer(company, django_user_model):
    user = django_user_model.objects.create_user(
        email="bolaget@kommun.example", password="x", full_name="Bo Bolag"
    )
    Representation.objects.create(user=user, organisation=company)
    forget_roles(user)
    return user


def test_the_convener_saves_the_agreements_table_and_it_is_shown_in_its_words(
    client, convener, boras
):
    client.force_login(convener)
    page = client.get(reverse(TABLE_URL)).content.decode()
    assert (
        "portalens standardfrågor" in page
    )  # no table of its own yet: the defaults are shown
    assert (
        "Samrådet" in page
    )  # the group as a choice of who is responsible, in the agreement's words
    response = client.post(
        reverse(TABLE_URL),
        _table_post(
            _row(
                0,
                text="Hur involveras de idéburna tidigt?",
                responsible="other",
                responsible_other="Fritids- och folkhälsonämnden",
                audiences=["public_units"],
            ),
            _row(
                1,
                text="Har ni fått vara med tidigt?",
                audiences=["joined", "networks"],
                has_scale="on",
            ),
        ),
    )
    assert response.status_code == 302
    areas = list(FollowUpArea.objects.filter(agreement=boras).order_by("position"))
    assert [
        (
            a.text,
            a.responsible_other,
            a.asks_public_units,
            a.asks_joined,
            a.asks_networks,
            a.has_scale,
        )
        for a in areas
    ] == [
        (
            "Hur involveras de idéburna tidigt?",
            "Fritids- och folkhälsonämnden",
            True,
            False,
            False,
            False,
        ),
        ("Har ni fått vara med tidigt?", "", False, True, True, True),
    ]
    page = client.get(reverse(TABLE_URL)).content.decode()
    assert "portalens standardfrågor" not in page
    assert "Fritids- och folkhälsonämnden" in page


def test_a_table_with_mistakes_is_refused_with_each_error_named_and_everything_kept(
    client, convener, boras
):
    client.force_login(convener)
    response = client.post(
        reverse(TABLE_URL),
        _table_post(
            _row(0, text="Vilka forum har funnits?", responsible="other", audiences=[]),
            _row(
                1, text="Hur många IOP:er?", audiences=["public_units"], has_scale="on"
            ),
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ingenting sparades" in page
    assert (
        "Rad 1: Vilka som tillfrågas" in page
        and 'href="#id_areas-0-audiences_0"' in page
    )
    assert "Rad 1: Ansvarig, när det är någon annan" in page
    assert "Rad 2: Den femgradiga skalan" in page
    assert "Välj vilka raden frågar." in page and "Skriv vem som är ansvarig." in page
    assert (
        'value="Vilka forum har funnits?"' in page
        and 'value="Hur många IOP:er?"' in page
    )
    assert not FollowUpArea.objects.exists()


def test_a_table_without_any_row_is_refused(client, convener, boras):
    client.force_login(convener)
    response = client.post(reverse(TABLE_URL), _table_post(_row(0)))
    assert response.status_code == 200
    assert "Behåll minst en rad i tabellen." in response.content.decode()


def test_a_new_round_takes_the_agreements_table_and_covers_two_years(convener, boras):
    FollowUpArea.objects.create(
        agreement=boras,
        position=1,
        text="Hur många IOP:er?",
        responsible="other",
        responsible_other="Fritids- och folkhälsonämnden",
        asks_public_units=True,
    )
    FollowUpArea.objects.create(
        agreement=boras,
        position=2,
        text="Vilka forum finns?",
        responsible="group",
        asks_public_units=True,
        asks_joined=True,
    )
    FollowUpArea.objects.create(
        agreement=boras,
        position=3,
        text="Har ni kunnat vara oberoende?",
        responsible="group",
        asks_joined=True,
        asks_networks=True,
        has_scale=True,
    )
    followup_round = make_round(convener, opened=False)
    questions = list(followup_round.questions.order_by("audience", "position"))
    assert [
        (q.audience, q.text, q.responsible, q.has_scale, q.to_joined, q.to_networks)
        for q in questions
    ] == [
        (
            Question.Audience.ADMINISTRATION,
            "Hur många IOP:er?",
            "Fritids- och folkhälsonämnden",
            False,
            False,
            False,
        ),
        (
            Question.Audience.ADMINISTRATION,
            "Vilka forum finns?",
            "Samrådet",
            False,
            False,
            False,
        ),
        (
            Question.Audience.ASSOCIATION,
            "Vilka forum finns?",
            "Samrådet",
            False,
            True,
            False,
        ),
        (
            Question.Audience.ASSOCIATION,
            "Har ni kunnat vara oberoende?",
            "Samrådet",
            True,
            True,
            True,
        ),
    ]
    assert followup_round.period == f"{YEAR - 1}–{YEAR}"
    # Changing the table later leaves the round's own questions as they were.
    FollowUpArea.objects.filter(agreement=boras).delete()
    assert followup_round.questions.count() == 4


def test_lunds_round_is_as_before_the_default_questions_of_one_year(convener):
    AgreementFactory()  # followed up every year, without a table of its own
    followup_round = make_round(convener, opened=False)
    questions = list(followup_round.questions.order_by("audience", "position"))
    expected = sorted(DEFAULT_QUESTIONS, key=lambda d: d.audience)
    assert [(q.audience, q.text, q.has_scale, q.to_networks) for q in questions] == [
        (d.audience, str(d.text), d.has_scale, False) for d in expected
    ]
    assert all(
        q.to_joined for q in questions if q.audience == Question.Audience.ASSOCIATION
    )
    assert followup_round.period == str(YEAR)


def test_an_organisation_in_a_network_answers_only_the_questions_to_the_networks(
    client, convener, boras, organisation_b, representative_b
):
    FollowUpArea.objects.create(
        agreement=boras, position=1, text="Till de anslutna", asks_joined=True
    )
    FollowUpArea.objects.create(
        agreement=boras,
        position=2,
        text="Till nätverken",
        asks_networks=True,
        has_scale=True,
    )
    Network.objects.create(name="Ortsrådet i Fristad").members.add(
        organisation_b
    )  # B has not joined
    make_round(convener)
    client.force_login(representative_b)
    page = client.get(
        reverse("followup:survey", kwargs={"year": YEAR})
    ).content.decode()
    assert "Till nätverken" in page
    assert "Till de anslutna" not in page


def test_a_municipal_company_gets_the_rounds_email_and_reports(
    client,
    convener,
    boras,
    company,
    company_officer,
    officer_x,
    django_capture_on_commit_callbacks,
):
    followup_round = make_round(convener)
    tasks_rounds.send_round_invitations(followup_round.pk)
    to_company = [
        message for message in mail.outbox if message.to == [company_officer.email]
    ]
    assert len(to_company) == 1
    body = to_company[0].body
    assert "ert bolag" in body and "Stadsdelarnas Bostäder AB" in body
    to_administration = next(
        message for message in mail.outbox if message.to == [officer_x.email]
    )
    assert "er förvaltning hade" in to_administration.body
    client.force_login(company_officer)
    response = client.get(
        reverse(
            "followup:department_report_start",
            kwargs={"year": YEAR, "administration": company.pk},
        )
    )
    assert response.status_code == 302
    report = DepartmentReport.objects.get(
        followup_round=followup_round, administration=company
    )
    for question in followup_round.questions.filter(
        audience=Question.Audience.ADMINISTRATION
    ):
        report.answers.create(question=question, text="Två IOP:er om läxhjälp.")
    department_report_submit(report=report, by=company_officer)
    client.force_login(convener)
    page = client.get(
        reverse("followup:round_detail", kwargs={"year": YEAR})
    ).content.decode()
    assert "Stadsdelarnas Bostäder AB" in page


def test_the_dashboard_and_the_report_speak_of_the_two_years_of_a_biennial_round(
    client, convener, boras, company, administration_x
):
    followup_round = make_round(convener)
    department_report_start(
        followup_round=followup_round, administration=company, by=convener
    )
    client.force_login(convener)
    page = client.get(
        reverse("collaboration:dashboard") + f"?year={YEAR - 1}"
    ).content.decode()
    assert f"Uppföljningen av {YEAR - 1}–{YEAR}" in page
    assert (
        "förvaltningar och bolag har lämnat" in page
        or "förvaltning eller bolag har lämnat" in page
    )
    html = render_to_string(
        "pdf/followup_report.html", followup_report_context(followup_round)
    )
    assert f"Uppföljning av överenskommelsen {YEAR - 1}–{YEAR}" in html
    assert "Förvaltningarnas och bolagens rapporter" in html


def test_a_yearly_round_keeps_its_one_year_on_the_report(convener, administration_x):
    AgreementFactory()
    followup_round = make_round(convener)
    html = render_to_string(
        "pdf/followup_report.html", followup_report_context(followup_round)
    )
    assert f"Uppföljning av överenskommelsen {YEAR}<" in html
    assert "Förvaltningarnas och bolagens rapporter" not in html
    assert FollowUpRound.objects.get(pk=followup_round.pk).years_covered == 1


def test_the_convener_keeps_a_network_and_its_members(
    client, convener, organisation_a, organisation_b
):
    client.force_login(convener)
    response = client.post(
        reverse("followup:network_create"),
        {
            "name": "Bostadsområdesnätverket Norrby",
            "description": "",
            "members": [organisation_a.pk, organisation_b.pk],
        },
    )
    assert response.status_code == 302
    network = Network.objects.get()
    assert set(network.members.all()) == {organisation_a, organisation_b}
    response = client.post(
        reverse("followup:network_create"), {"name": "bostadsområdesnätverket norrby"}
    )
    assert (
        "Det finns redan ett nätverk med det här namnet." in response.content.decode()
    )
    assert (
        "Bostadsområdesnätverket Norrby"
        in client.get(reverse("followup:network_list")).content.decode()
    )
    page = client.get(reverse("followup:network_edit", kwargs={"pk": network.pk})).content.decode()
    remove = reverse("followup:network_delete", kwargs={"pk": network.pk})
    assert f'action="{remove}"' in page
    client.post(remove)
    assert not Network.objects.exists()


# --- A round's questions to the networks' organisations (the per-round question editor) ---------


def _questions_post(followup_round, *new: dict) -> dict:
    """The editor's form as sent: the round's questions as they are, and the new ones."""
    questions = list(followup_round.questions.order_by("audience", "position", "pk"))
    data = {
        "questions-TOTAL_FORMS": str(len(questions) + len(new)),
        "questions-INITIAL_FORMS": str(len(questions)),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, question in enumerate(questions):
        data.update(
            {
                f"questions-{index}-id": str(question.pk),
                f"questions-{index}-audience": question.audience,
                f"questions-{index}-text": question.text,
                f"questions-{index}-help_text": question.help_text,
            }
        )
        if question.has_scale:
            data[f"questions-{index}-has_scale"] = "on"
    for offset, values in enumerate(new, start=len(questions)):
        data.update({f"questions-{offset}-{name}": value for name, value in values.items()})
    return data


NETWORK_QUESTION = "Hur fungerar samarbetet med staden i ert nätverk?"


def test_the_rounds_editor_asks_the_networks_organisations_who_get_and_see_the_question(
    client, convener, boras, organisation_a, representative_a, organisation_b, representative_b
):
    organisation_a.connected_since = datetime.date(YEAR - 2, 1, 1)  # A has joined; B has not
    organisation_a.save(update_fields=["connected_since"])
    Network.objects.create(name="Ortsrådet i Fristad").members.add(organisation_b)
    followup_round = make_round(convener, opened=False)
    client.force_login(convener)
    url = reverse("followup:round_questions", kwargs={"year": YEAR})
    editor = client.get(url).content.decode()
    assert "Organisationerna i återkommande nätverk (enkäten)" in editor
    assert "Både de anslutna organisationerna och dem i återkommande nätverk (enkäten)" in editor

    data = _questions_post(
        followup_round,
        {"audience": "networks", "text": NETWORK_QUESTION, "has_scale": "on"},
        {"audience": "association_networks", "text": "Vad har ni fått veta om överenskommelsen?"},
    )
    response = client.post(url, data, follow=True)
    assert "Frågorna är sparade" in response.content.decode()
    question = followup_round.questions.get(text=NETWORK_QUESTION)
    assert (question.audience, question.to_joined, question.to_networks, question.has_scale) == (
        Question.Audience.ASSOCIATION, False, True, True,
    )
    both = followup_round.questions.get(text="Vad har ni fått veta om överenskommelsen?")
    assert (both.to_joined, both.to_networks) == (True, True)
    # The editor shows the choice again; the round's page says whom the question asks.
    assert 'value="networks" selected' in client.get(url).content.decode()
    detail = client.get(followup_round.get_absolute_url()).content.decode()
    assert "till organisationerna i återkommande nätverk" in detail

    followup_round.opened_at = timezone.now()
    followup_round.save(update_fields=["opened_at"])
    mail.outbox.clear()
    tasks_rounds.send_round_invitations(followup_round.pk)
    assert [message for message in mail.outbox if message.to == [representative_b.email]]

    survey = reverse("followup:survey", kwargs={"year": YEAR})
    client.force_login(representative_b)
    page = client.get(survey).content.decode()
    assert NETWORK_QUESTION in page
    assert "Vad har ni fått veta om överenskommelsen?" in page
    client.force_login(representative_a)
    page = client.get(survey).content.decode()
    assert NETWORK_QUESTION not in page
    assert "Vad har ni fått veta om överenskommelsen?" in page


def test_without_networks_the_rounds_editor_does_not_offer_them(client, convener, boras):
    make_round(convener, opened=False)
    client.force_login(convener)
    editor = client.get(reverse("followup:round_questions", kwargs={"year": YEAR})).content.decode()
    assert "återkommande nätverk" not in editor
    assert 'value="association"' in editor


def test_a_survey_question_that_asks_nobody_is_refused(convener, boras):
    followup_round = make_round(convener, opened=False)
    with pytest.raises(ValidationError):
        round_questions_update(
            followup_round=followup_round,
            questions=[{"id": None, "audience": "association", "text": "Till ingen?", "to_joined": False, "to_networks": False}],
            by=convener,
        )
