"""The associations' survey: a representative answers once per connected organisation and round
(choosing when they represent several); the scale is a radio group in a fieldset; the results
are totals only, and only for a question at least five organisations answered; free texts are
shown unattributed, in an order that says nothing of who answered when."""

import datetime
import re

import pytest
from django.db import reset_queries
from django.urls import reverse

from followup.models import Question, SurveyAnswer, SurveyResponse
from followup.selectors.rounds import survey_results
from followup.tests.factories import (
    connected_organisations,
    make_round,
    represent,
    survey_answers,
)
from overenskommelse.tests.cast import assert_status, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def connected_a(organisation_a):
    organisation_a.connected_since = datetime.date(2020, 1, 1)
    organisation_a.save()
    return organisation_a


def _survey_url(followup_round):
    return reverse("followup:survey", kwargs={"year": followup_round.year})


def _answer_url(followup_round, organisation):
    return reverse("followup:survey_answer", kwargs={"year": followup_round.year, "organisation": organisation.pk})


def _questions(followup_round):
    return list(followup_round.questions.filter(audience=Question.Audience.ASSOCIATION).order_by("position"))


def test_the_scale_is_a_radio_group_in_a_fieldset_with_a_legend(client, open_round, representative_a, connected_a):
    client.force_login(representative_a)
    page = client.get(_survey_url(open_round)).content.decode()
    assert "Svar för Föreningen A" in page, "one organisation: the form is on the survey page"
    question = _questions(open_round)[0]
    fieldset = page.split(f'name="score_{question.pk}"')[0].rsplit("<fieldset", 1)[1]
    assert "<legend" in fieldset and question.text in fieldset
    for label in ("1 – inte alls", "5 – i mycket hög grad", "Vet inte / vill inte svara"):
        assert label in page
    assert page.count('type="radio"') == 4 * 6
    assert "Med egna ord om fråga 1 (frivilligt)" in page


def test_a_representative_answers_once_for_their_organisation(client, open_round, representative_a, connected_a):
    client.force_login(representative_a)
    first, second, third, fourth = _questions(open_round)
    data = {
        f"score_{first.pk}": "4",
        f"text_{first.pk}": "Vi blev inbjudna till dialogmötena.",
        f"score_{second.pk}": "none",
        f"score_{third.pk}": "2",
        f"score_{fourth.pk}": "3",
    }
    response = client.post(_answer_url(open_round, connected_a), data, follow=True)
    page = response.content.decode()
    assert "Tack! Svaret från Föreningen A har kommit in." in page
    assert "Besvarad den" in page
    response_row = SurveyResponse.objects.get(followup_round=open_round, organisation=connected_a)
    answers = {answer.question_id: (answer.score, answer.text) for answer in response_row.answers.all()}
    assert answers == {
        first.pk: (4, "Vi blev inbjudna till dialogmötena."),
        second.pk: (None, ""),  # don't know: answered, without a score
        third.pk: (2, ""),
        fourth.pk: (3, ""),
    }

    response = client.post(_answer_url(open_round, connected_a), {**data, f"score_{fourth.pk}": "5"}, follow=True)
    assert "Föreningen A har redan svarat på enkäten." in response.content.decode()
    assert SurveyResponse.objects.filter(organisation=connected_a).count() == 1
    assert SurveyAnswer.objects.get(question=fourth).score == 3


def test_an_answer_missing_a_question_is_not_stored_and_says_what_is_missing(
    client, open_round, representative_a, connected_a
):
    client.force_login(representative_a)
    first, second, third, fourth = _questions(open_round)
    data = {f"score_{first.pk}": "4", f"score_{second.pk}": "none", f"score_{third.pk}": "2"}
    response = client.post(_answer_url(open_round, connected_a), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Välj ett svar, eller ”Vet inte / vill inte svara”.") == 1
    assert not SurveyResponse.objects.filter(organisation=connected_a).exists()
    # What was chosen is still chosen, so only the missing answer needs to be given.
    chosen = re.search(rf'<input[^>]*name="score_{first.pk}"[^>]*value="4"[^>]*>', page).group(0)
    assert "checked" in chosen
    data[f"score_{fourth.pk}"] = "none"
    client.post(_answer_url(open_round, connected_a), data)
    assert SurveyResponse.objects.get(organisation=connected_a).answers.count() == 4


def test_the_service_refuses_half_an_answer(open_round, representative_a, connected_a):
    from django.core.exceptions import ValidationError

    from followup.services.rounds import survey_response_create

    first = _questions(open_round)[0]
    with pytest.raises(ValidationError):
        survey_response_create(
            followup_round=open_round,
            organisation=connected_a,
            by=representative_a,
            answers={first.pk: {"score": 4, "dont_know": False, "text": ""}},
        )
    assert not SurveyResponse.objects.exists()


def test_a_representative_of_several_organisations_chooses(client, open_round, representative_a, connected_a):
    other, answered = connected_organisations(2, prefix="Klubben")
    represent(representative_a, other)
    represent(representative_a, answered)
    SurveyResponse.objects.create(followup_round=open_round, organisation=answered)
    client.force_login(representative_a)
    page = client.get(_survey_url(open_round)).content.decode()
    assert "Svar för" not in page, "no form until they choose"
    assert page.count("Svara på enkäten") >= 2
    assert _answer_url(open_round, other) in page and _answer_url(open_round, connected_a) in page
    assert _answer_url(open_round, answered) not in page
    assert "Besvarad den" in page
    page = client.get(_answer_url(open_round, other)).content.decode()
    assert "Svar för Klubben 1" in page and "Besvaras nu" in page


def test_an_organisation_that_is_not_connected_cannot_answer(client, open_round, representative_b, organisation_b):
    client.force_login(representative_b)
    page = client.get(_survey_url(open_round)).content.decode()
    assert "Ingen av de organisationer du företräder är ansluten" in page
    assert client.get(_answer_url(open_round, organisation_b)).status_code == 404
    assert client.post(_answer_url(open_round, organisation_b), {}).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_a_representative_cannot_answer_for_an_organisation_they_do_not_represent(
    client, open_round, representative_a, connected_a
):
    [stranger] = connected_organisations(1, prefix="Främlingen")
    client.force_login(representative_a)
    assert client.post(_answer_url(open_round, stranger), {}).status_code == 404


def test_a_closed_survey_takes_no_answers(client, convener, representative_a, connected_a):
    closed = make_round(convener, year=2025, closed=True)
    client.force_login(representative_a)
    page = client.get(_survey_url(closed)).content.decode()
    assert "Enkäten är stängd." in page and "Svar för" not in page
    response = client.post(_answer_url(closed, connected_a), {}, follow=True)
    assert "Enkäten är stängd." in response.content.decode()
    assert not SurveyResponse.objects.exists()


# --- The results: at least five -----------------------------------------------------------------


def test_four_answers_show_no_figures(client, open_round, group_member):
    survey_answers(open_round, connected_organisations(4), [5, 4, 4, 1], texts=["a", "b", "c", "d"])
    results = survey_results(open_round)
    assert results.response_count == 4
    for result in results.questions:
        assert not result.shows_figures and result.average is None and result.steps == []
        assert not result.shows_texts and result.texts == []

    client.force_login(group_member)
    page = client.get(reverse("followup:survey_results", kwargs={"year": open_round.year})).content.decode()
    assert "4 organisationer svarade på enkäten." in page
    assert page.count("För få organisationer besvarade frågan på skalan (färre än 5)") == 4
    assert "medelvärdet" not in page


def test_five_answers_show_the_distribution_and_the_average(client, open_round, group_member):
    survey_answers(
        open_round,
        connected_organisations(6),
        [5, 4, 4, 1, None, 3],
        texts=["Öppna möten", "bra dialog", "Alltför sent", "", "Dialogen kom igång", "Bra bemötande"],
    )
    results = survey_results(open_round)
    first = results.questions[0]
    assert first.shows_figures
    assert (first.scored, first.no_score) == (5, 1)
    assert [(step.value, step.count) for step in first.steps] == [(1, 1), (2, 0), (3, 1), (4, 2), (5, 1)]
    assert str(first.average) == "3.4"
    assert [step.percent for step in first.steps] == [20, 0, 20, 40, 20]
    # Free texts: five wrote one; shown in alphabetical order, not in the order they came in.
    assert first.shows_texts
    assert first.texts == ["Alltför sent", "Bra bemötande", "bra dialog", "Dialogen kom igång", "Öppna möten"]
    assert not results.questions[1].shows_texts, "no free text on the other questions"

    client.force_login(group_member)
    page = client.get(reverse("followup:survey_results", kwargs={"year": open_round.year})).content.decode()
    assert "5 organisationer svarade på skalan; medelvärdet är 3,4." in page
    assert "Alltför sent" in page
    assert "Förening 1" not in page, "no answer is attributed"


def test_a_question_five_answered_only_in_words_shows_no_figures(open_round):
    survey_answers(open_round, connected_organisations(5), [None] * 5, texts=["a", "b", "c", "d", "e"])
    first = survey_results(open_round).questions[0]
    assert not first.shows_figures and first.shows_texts


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", "login"), ("ordinary_user", 403), ("representative_a", 200), ("officer_x", 403),
     ("group_member", 403), ("convener", 403)],
)
def test_who_may_open_the_survey(client, request, who, expected, open_round, connected_a):
    login(client, request, who)
    assert_status(client.get(_survey_url(open_round)), expected)


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", "login"), ("ordinary_user", 403), ("representative_a", 200), ("representative_b", 404),
     ("officer_x", 403), ("group_member", 403), ("convener", 403)],
)
def test_who_may_answer_for_an_organisation(client, request, who, expected, open_round, connected_a):
    login(client, request, who)
    assert_status(client.get(_answer_url(open_round, connected_a)), expected)


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", "login"), ("ordinary_user", 403), ("representative_a", 403), ("officer_x", 403),
     ("group_member", 200), ("convener", 200)],
)
def test_who_may_see_the_results(client, request, who, expected, open_round):
    login(client, request, who)
    assert_status(client.get(reverse("followup:survey_results", kwargs={"year": open_round.year})), expected)


def test_the_results_run_the_same_queries_whatever_the_number_of_answers(
    client, open_round, group_member, django_assert_max_num_queries
):
    client.force_login(group_member)
    url = reverse("followup:survey_results", kwargs={"year": open_round.year})
    survey_answers(open_round, connected_organisations(5), [3] * 5, texts=list("abcde"))
    client.get(url)
    reset_queries()
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    baseline = len(few)
    survey_answers(open_round, connected_organisations(30, prefix="Klubb"), [4] * 30, texts=["text"] * 30)
    reset_queries()
    with django_assert_max_num_queries(baseline):
        client.get(url)
