"""The convener's round: made with the default questions, the questions edited before opening,
opened (one email per officer and representative, sent once however often the task runs), closed;
the round page shows who has reported; who may see what."""

import datetime

import pytest
from django.core import mail
from django.db import reset_queries
from django.urls import reverse

from accounts.models import Organisation, OrganisationKind
from followup import tasks as tasks_rounds
from followup.models import DepartmentReport, FollowUpRound, Question
from followup.services.rounds import department_report_start
from followup.tests.factories import (
    YEAR,
    connected_organisations,
    make_round,
    represent,
    survey_answers,
)
from overenskommelse.tests.cast import assert_status, login
from plumbing.ledger import deliveries_sent

pytestmark = pytest.mark.django_db


def _url(name, followup_round, **extra):
    return reverse(f"followup:{name}", kwargs={"year": followup_round.year, **extra})


# --- Making and preparing a round ----------------------------------------------------------------


def test_the_convener_makes_a_round_with_the_default_questions(client, convener):
    client.force_login(convener)
    page = client.get(reverse("followup:round_create")).content.decode()
    assert "Skapa en ny uppföljning" in page
    response = client.post(
        reverse("followup:round_create"),
        {"year": "2027", "deadline": "2027-12-15", "introduction": "Välkomna!"},
        follow=True,
    )
    page = response.content.decode()
    assert "Uppföljningen är skapad" in page
    followup_round = FollowUpRound.objects.get(year=2027)
    assert followup_round.opened_at is None
    assert "Förbereds" in page
    administration = followup_round.questions.filter(audience=Question.Audience.ADMINISTRATION)
    survey = followup_round.questions.filter(audience=Question.Audience.ASSOCIATION)
    assert administration.count() == 4 and not administration.filter(has_scale=True).exists()
    assert survey.count() == 4 and not survey.filter(has_scale=False).exists()
    assert "Hur involverar förvaltningen idéburna organisationer tidigt i sin planering?" in page
    assert "Kunde er organisation behålla sin identitet" in page


def test_a_year_can_have_one_round_only(client, convener, open_round):
    client.force_login(convener)
    response = client.post(reverse("followup:round_create"), {"year": str(YEAR), "deadline": f"{YEAR}-12-15"})
    assert "Det finns redan en uppföljning av 2026." in response.content.decode()


def test_the_convener_edits_adds_and_removes_questions_before_opening(client, convener, draft_round):
    client.force_login(convener)
    url = _url("round_questions", draft_round)
    page = client.get(url).content.decode()
    questions = list(draft_round.questions.order_by("audience", "position", "pk"))
    assert page.count('name="questions-') > 0
    data = {
        "questions-TOTAL_FORMS": str(len(questions) + 1),
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
    data["questions-0-text"] = "Hur har förvaltningen arbetat med överenskommelsen?"
    data["questions-1-DELETE"] = "on"
    new = len(questions)
    data.update(
        {
            f"questions-{new}-audience": Question.Audience.ASSOCIATION,
            f"questions-{new}-text": "Har ni fått det stöd ni behövde?",
            f"questions-{new}-has_scale": "on",
        }
    )
    response = client.post(url, data, follow=True)
    assert "Frågorna är sparade" in response.content.decode()
    texts = list(draft_round.questions.order_by("audience", "position").values_list("audience", "position", "text"))
    assert ("administration", 1, "Hur har förvaltningen arbetat med överenskommelsen?") in texts
    assert questions[1].text not in [text for _audience, _position, text in texts]
    assert ("association", 5, "Har ni fått det stöd ni behövde?") in texts
    assert len(texts) == 8


def test_a_question_to_the_forvaltningar_cannot_have_a_scale(client, convener, draft_round):
    client.force_login(convener)
    data = {
        "questions-TOTAL_FORMS": "1", "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0", "questions-MAX_NUM_FORMS": "1000",
        "questions-0-audience": "administration", "questions-0-text": "Ny fråga?", "questions-0-has_scale": "on",
    }
    response = client.post(_url("round_questions", draft_round), data)
    assert "Bara enkätens frågor besvaras på skalan." in response.content.decode()


def test_the_questions_cannot_be_changed_once_the_round_is_open(client, convener, open_round):
    client.force_login(convener)
    response = client.get(_url("round_questions", open_round), follow=True)
    assert "Frågorna kan inte ändras när uppföljningen har öppnats." in response.content.decode()


# --- Opening: the emails -------------------------------------------------------------------------


@pytest.fixture
def recipients(officer_x, officer_y, representative_a, representative_b, organisation_a, group_member):
    """Two officers of two förvaltningar, a representative of a connected organisation, one of an
    organisation that is not connected, and one person who is both an officer and a representative."""
    organisation_a.connected_since = datetime.date(2020, 1, 1)
    organisation_a.save()
    represent(group_member, organisation_a)
    represent(group_member, Organisation.objects.get(name="Socialförvaltningen"))
    committee = Organisation.objects.create(name="Kultur- och fritidsnämnden", kind=OrganisationKind.COMMITTEE)
    represent(representative_b, committee)  # a nämnd does not report
    return {officer_x.email, officer_y.email, representative_a.email, group_member.email}


def test_opening_emails_each_officer_and_representative_once(
    client, convener, draft_round, recipients, django_capture_on_commit_callbacks
):
    client.force_login(convener)
    page = client.get(_url("round_open", draft_round)).content.decode()
    assert "3 handläggare på förvaltningar" in page
    assert "2 företrädare för anslutna organisationer" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("round_open", draft_round), follow=True)
    assert "Uppföljningen är öppen" in response.content.decode()
    draft_round.refresh_from_db()
    assert draft_round.is_open

    assert sorted(address for message in mail.outbox for address in message.to) == sorted(recipients)
    by_address = {message.to[0]: message for message in mail.outbox}
    officer_mail = by_address["handlaggare.x@example.org"]
    assert officer_mail.subject.endswith("Den årliga uppföljningen av 2027 är öppen")
    assert "15 december 2027" in officer_mail.body
    start = reverse("followup:department_report_start", kwargs={"year": 2027, "administration": Organisation.objects.get(name="Kultur- och fritidsförvaltningen").pk})
    assert start in officer_mail.body
    assert "enkat" not in officer_mail.body
    both = by_address["ledamot@example.org"].body
    assert "Socialförvaltningen" in both and "Föreningen A" in both and "/uppfoljning/2027/enkat/" in both
    assert "rep.b@example.org" not in by_address, "not connected, and a nämnd does not report"

    # Run again (a retry, or a second worker): nobody gets a second email.
    assert tasks_rounds.send_round_invitations(draft_round.pk) == 0
    assert len(mail.outbox) == len(recipients)
    assert deliveries_sent("followup.invitation", draft_round).count() == len(recipients)


def test_an_address_that_failed_is_sent_on_the_next_run(convener, draft_round, recipients, monkeypatch):
    draft_round.opened_at = draft_round.created_at
    draft_round.save()
    real_send = tasks_rounds.send_templated_email
    calls = {"n": 0}

    def flaky(name, addresses, context, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("the mail server hung up")
        return real_send(name, addresses, context, **kwargs)

    monkeypatch.setattr(tasks_rounds, "send_templated_email", flaky)
    with pytest.raises(OSError):
        tasks_rounds.send_round_invitations.run(draft_round.pk)
    assert len(mail.outbox) == 1
    assert tasks_rounds.send_round_invitations.run(draft_round.pk) == len(recipients) - 1
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(recipients)


def test_the_convener_closes_the_round(client, convener, open_round):
    client.force_login(convener)
    page = client.get(_url("round_close", open_round)).content.decode()
    assert "Rapporter som fortfarande är utkast räknas inte med" in page
    response = client.post(_url("round_close", open_round), follow=True)
    assert "Uppföljningen är stängd." in response.content.decode()
    open_round.refresh_from_db()
    assert open_round.is_closed


def test_the_convener_moves_the_deadline(client, convener, open_round):
    open_round.reminders_sent = ["week_before"]
    open_round.save()
    client.force_login(convener)
    client.post(_url("round_edit", open_round), {"deadline": f"{YEAR}-12-20", "introduction": "Ny text"})
    open_round.refresh_from_db()
    assert open_round.deadline == datetime.date(YEAR, 12, 20)
    assert open_round.reminders_sent == [], "the reminders go again on the new dates"


# --- The round page ------------------------------------------------------------------------------


def test_the_round_page_shows_who_has_reported_and_the_survey_count(
    client, convener, open_round, officer_x, administration_x, administration_y
):
    Organisation.objects.create(name="Barn- och skolförvaltningen", kind=OrganisationKind.ADMINISTRATION)
    report = department_report_start(followup_round=open_round, administration=administration_x, by=officer_x)
    DepartmentReport.objects.filter(pk=report.pk).update(status="submitted", submitted_at=open_round.opened_at)
    department_report_start(followup_round=open_round, administration=administration_y, by=officer_x)
    survey_answers(open_round, connected_organisations(3), [4, 5, 3])

    client.force_login(convener)
    page = client.get(open_round.get_absolute_url()).content.decode()
    assert "1 av 3 förvaltningar har skickat in sina rapporter." in page
    assert "3 organisationer har svarat på enkäten." in page
    submitted, not_submitted = page.split("Inte inskickad", 1)[0], page.split("Inte inskickad", 1)[1]
    assert "Kultur- och fritidsförvaltningen" in submitted.split("Vilka som har rapporterat")[1]
    assert "Socialförvaltningen" in not_submitted and "Utkast" in not_submitted
    assert "Barn- och skolförvaltningen" in not_submitted and "Inte påbörjad" in not_submitted
    assert "Ingen handläggare i portalen" in not_submitted


def test_the_round_list_shows_each_person_what_is_theirs(
    client, convener, open_round, officer_x, representative_a, organisation_a, administration_x
):
    organisation_a.connected_since = datetime.date(2020, 1, 1)
    organisation_a.save()
    client.force_login(officer_x)
    page = client.get(reverse("followup:round_list")).content.decode()
    assert "Fyll i rapporten" in page and "Kultur- och fritidsförvaltningen" in page
    assert "Alla uppföljningar" not in page
    client.force_login(representative_a)
    page = client.get(reverse("followup:round_list")).content.decode()
    assert "Svara på enkäten" in page and "Föreningen A" in page
    assert "Fyll i rapporten" not in page
    client.force_login(convener)
    page = client.get(reverse("followup:round_list")).content.decode()
    assert "Alla uppföljningar" in page and "Uppföljning 2026" in page


# --- Who may do what -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", "login"), ("ordinary_user", 403), ("representative_a", 200), ("officer_x", 200),
     ("group_member", 200), ("convener", 200)],
)
def test_who_may_see_the_round_list(client, request, who, expected):
    login(client, request, who)
    assert_status(client.get(reverse("followup:round_list")), expected)


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", "login"), ("ordinary_user", 403), ("representative_a", 403), ("officer_x", 403),
     ("group_member", 403), ("convener", 200)],
)
def test_who_may_make_a_round(client, request, who, expected):
    login(client, request, who)
    assert_status(client.get(reverse("followup:round_create")), expected)


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", "login"), ("ordinary_user", 403), ("representative_a", 403), ("officer_x", 403),
     ("group_member", 200), ("convener", 200)],
)
def test_who_may_see_an_open_round(client, request, who, expected, open_round):
    login(client, request, who)
    assert_status(client.get(open_round.get_absolute_url()), expected)


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", "login"), ("ordinary_user", 403), ("representative_a", 403), ("officer_x", 403),
     ("group_member", 404), ("convener", 200)],
)
def test_a_round_being_prepared_is_the_conveners_only(client, request, who, expected, draft_round):
    login(client, request, who)
    assert_status(client.get(draft_round.get_absolute_url()), expected)


@pytest.mark.parametrize("name", ["round_edit", "round_questions", "round_open"])
@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", "login"), ("ordinary_user", 403), ("representative_a", 403), ("officer_x", 403),
     ("group_member", 403), ("convener", 200)],
)
def test_who_may_prepare_and_open_a_round(client, request, who, expected, name, draft_round):
    login(client, request, who)
    assert_status(client.get(_url(name, draft_round)), expected)


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", "login"), ("ordinary_user", 403), ("representative_a", 403), ("officer_x", 403),
     ("group_member", 403), ("convener", 200)],
)
def test_who_may_close_a_round(client, request, who, expected, open_round):
    login(client, request, who)
    assert_status(client.get(_url("round_close", open_round)), expected)
    if expected != 200:
        client.post(_url("round_close", open_round))
        open_round.refresh_from_db()
        assert open_round.is_open


# --- Queries -------------------------------------------------------------------------------------


def test_the_round_pages_run_the_same_queries_whatever_the_number_of_rounds_and_forvaltningar(
    client, convener, django_assert_max_num_queries
):
    def grow(start, count):
        for year in range(start, start + count):
            followup_round = make_round(convener, year=year)
            administration = Organisation.objects.create(name=f"Förvaltning {year}", kind=OrganisationKind.ADMINISTRATION)
            DepartmentReport.objects.create(followup_round=followup_round, administration=administration, status="submitted")

    client.force_login(convener)
    grow(2000, 2)
    latest = FollowUpRound.objects.order_by("-year").first()

    def count():
        client.get(reverse("followup:round_list"))
        reset_queries()
        with django_assert_max_num_queries(100) as list_queries:
            client.get(reverse("followup:round_list"))
        reset_queries()
        with django_assert_max_num_queries(100) as detail_queries:
            client.get(latest.get_absolute_url())
        return len(list_queries), len(detail_queries)

    few = count()
    grow(2010, 15)
    assert count() == few
