"""What the yearly follow-up PDF gets about a round (``round_report_data``): each submitted report
with its commitments and answers, the commitments, IOPs and kronor per förvaltning and in total as
reported, who has not reported, and the survey's results; in a fixed number of queries. Also
``round_current`` and ``department_report_lines``."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind
from followup.models import DepartmentReport, Question
from followup.selectors.rounds import (
    department_report_lines,
    round_current,
    round_report_data,
)
from followup.services.rounds import department_report_save, department_report_start
from followup.tests.factories import (
    connected_organisations,
    make_partnership,
    make_round,
    survey_answers,
)
from initiatives.models import Contribution

pytestmark = pytest.mark.django_db


def _submit(report, answers):
    questions = report.followup_round.questions.filter(audience=Question.Audience.ADMINISTRATION).order_by("position")
    department_report_save(
        report=report, by=None, lines={}, answers=dict(zip([q.pk for q in questions], answers, strict=False)), comment=""
    )
    DepartmentReport.objects.filter(pk=report.pk).update(status="submitted", submitted_at=timezone.now())


@pytest.fixture
def hand_made(open_round, officer_x, officer_y, administration_x, administration_y, commitments):
    """X corrects its IOP to 500 000 kr and says the summer activities did not run (so 500 000 +
    60 000); Y reports its IOP at the register's 380 000; Barn- och skolförvaltningen has a draft
    that must not count; six organisations answered the survey."""
    x = department_report_start(followup_round=open_round, administration=administration_x, by=officer_x)
    lines = {line.partnership_id: line for line in x.commitments.all()}
    department_report_save(
        report=x,
        by=officer_x,
        lines={
            lines[commitments["iop"].pk].pk: {"was_active": True, "amount_sek": 500_000, "comment": "Utan lokal"},
            lines[commitments["project"].pk].pk: {"was_active": True, "amount_sek": None, "comment": ""},
            lines[commitments["ended_in_year"].pk].pk: {"was_active": False, "amount_sek": 25_000, "comment": ""},
        },
        answers={},
        comment="",
    )
    _submit(x, ["X ett", "X två", "X tre", "X fyra"])
    y = department_report_start(followup_round=open_round, administration=administration_y, by=officer_y)
    _submit(y, ["Y ett", "Y två", "Y tre", "Y fyra"])
    school = Organisation.objects.create(name="Barn- och skolförvaltningen", kind=OrganisationKind.ADMINISTRATION)
    make_partnership(school, "Skolträdgårdar", starts_on=datetime.date(2025, 8, 18), amounts=[(Contribution.Kind.MONEY, 140_000)])
    department_report_start(followup_round=open_round, administration=school, by=officer_x)
    survey_answers(open_round, connected_organisations(6), [5, 4, 4, 3, 2, None], texts=list("abcdef"))
    return open_round


def test_the_numbers_for_a_hand_made_round(hand_made):
    data = round_report_data(hand_made)
    assert (data.commitment_count, data.iop_count, data.amount_total) == (3, 2, 940_000)
    rows = [
        (summary.administration.name, summary.report.commitment_count, summary.report.iop_count, summary.report.amount_total)
        for summary in data.reports
    ]
    assert rows == [
        ("Kultur- och fritidsförvaltningen", 2, 1, 560_000),
        ("Socialförvaltningen", 1, 1, 380_000),
    ], "the draft of Barn- och skolförvaltningen is not counted"

    x = data.reports[0]
    assert [(line.partnership.title, line.was_active, line.reported_amount_sek) for line in x.lines] == [
        ("Mötesplats för unga", True, 500_000),
        ("Schack på fritidsgårdarna", True, 60_000),
        ("Sommarlovsaktiviteter", False, 0),
    ]
    assert [line.partnership.title for line in x.active_lines] == ["Mötesplats för unga", "Schack på fritidsgårdarna"]
    assert [answer.text for answer in x.answers] == ["X ett", "X två", "X tre", "X fyra"]
    assert [question.position for question in data.administration_questions] == [1, 2, 3, 4]

    assert (data.progress.reported_count, data.progress.not_reported_count) == (2, 1)
    assert data.progress.not_reported[0].administration.name == "Barn- och skolförvaltningen"
    assert data.survey.response_count == 6
    first = data.survey.questions[0]
    assert first.shows_figures and first.scored == 5 and str(first.average) == "3.6"


def test_the_pdf_data_takes_a_fixed_number_of_queries(hand_made, officer_x, django_assert_max_num_queries):
    with django_assert_max_num_queries(100) as few:
        round_report_data(hand_made)
    baseline = len(few)
    for number in range(8):
        administration = Organisation.objects.create(name=f"Förvaltning {number}", kind=OrganisationKind.ADMINISTRATION)
        for index in range(3):
            make_partnership(
                administration, f"Åtagande {number}-{index}", starts_on=datetime.date(2026, 1, 1),
                amounts=[(Contribution.Kind.MONEY, 1_000)],
            )
        report = department_report_start(followup_round=hand_made, administration=administration, by=officer_x)
        _submit(report, ["a", "b", "c", "d"])
    survey_answers(hand_made, connected_organisations(10, prefix="Klubb"), [3] * 10, texts=["t"] * 10)
    with django_assert_max_num_queries(baseline):
        data = round_report_data(hand_made)
    assert len(data.reports) == 10


def test_department_report_lines_take_two_queries(hand_made, django_assert_num_queries):
    report = DepartmentReport.objects.get(administration__name="Kultur- och fritidsförvaltningen")
    with django_assert_num_queries(2):
        lines = department_report_lines(report)
        parties = [[o.name for o in line.partnership.organisations.all()] for line in lines]
    assert parties[0] == ["Föreningen A"]


def test_the_current_round_is_the_open_one_else_the_latest_opened(convener):
    assert round_current() is None
    make_round(convener, year=2030, opened=False)
    assert round_current() is None, "a round being prepared is not current"
    closed = make_round(convener, year=2024, closed=True)
    assert round_current() == closed
    opened = make_round(convener, year=2025)
    assert round_current() == opened
