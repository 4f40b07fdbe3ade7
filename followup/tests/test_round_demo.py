"""The demo follow-up rounds: last year's closed with the förvaltningar's reports and enough survey
answers for results; this year's open until 15 December with Kultur- och fritidsförvaltningen's
report a draft and Socialförvaltningen's submitted; load_demo twice leaves the same rows."""

import datetime
import io

import pytest
from django.core.management import call_command

from followup.models import (
    DepartmentAnswer,
    DepartmentReport,
    FollowUpRound,
    Question,
    ReportedCommitment,
    SurveyAnswer,
    SurveyResponse,
)
from followup.selectors.rounds import round_report_data
from overenskommelse.demo_year import demo_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def _snapshot() -> dict:
    snapshot = {}
    for model in (FollowUpRound, Question, DepartmentReport, ReportedCommitment, DepartmentAnswer, SurveyResponse, SurveyAnswer):
        fields = [f.attname for f in model._meta.concrete_fields if f.name not in ("updated_at", "created_at")]
        snapshot[model._meta.label] = sorted(model.objects.values_list(*fields), key=repr)
    return snapshot


def test_load_demo_twice_leaves_the_same_round_rows(demo):
    first = _snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert _snapshot() == first


def test_last_year_is_closed_with_reports_and_survey_results(demo):
    closed = FollowUpRound.objects.get(year=demo_year() - 1)
    assert closed.is_closed
    data = round_report_data(closed)
    names = [summary.administration.name for summary in data.reports]
    assert names == [
        "Barn- och skolförvaltningen",
        "Kultur- och fritidsförvaltningen",
        "Socialförvaltningen",
        "Vård- och omsorgsförvaltningen",
    ]
    assert all(len(summary.answers) == 4 for summary in data.reports)
    assert data.commitment_count == 5 and data.iop_count >= 3 and data.amount_total > 0
    kff = data.reports[1]
    assert "Schack i skolan och på fritidsgårdarna" in [line.partnership.title for line in kff.lines], (
        "ended in June last year: active during the year"
    )
    assert data.survey.response_count >= 6
    assert all(result.shows_figures for result in data.survey.questions)
    assert data.survey.questions[0].shows_texts


def test_this_year_is_open_with_a_draft_for_the_demo_officer(demo):
    year = demo_year()
    current = FollowUpRound.objects.get(year=year)
    assert current.is_open and current.deadline == datetime.date(year, 12, 15)
    kff = DepartmentReport.objects.get(followup_round=current, administration__name="Kultur- och fritidsförvaltningen")
    assert kff.status == "draft" and kff.commitments.count() >= 2
    assert kff.administration.representations.filter(user__email="handlaggare@demo.lund.se").exists()
    sof = DepartmentReport.objects.get(followup_round=current, administration__name="Socialförvaltningen")
    assert sof.status == "submitted"
    assert not SurveyResponse.objects.filter(followup_round=current, organisation__name="Lunds Schackklubb").exists()
