"""The report's queries do not grow with the data: the same number for a year with one förvaltning
as for a year with many, and the meeting pack likewise (N+1 guards)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from accounts.models import Accession, Organisation, OrganisationKind
from collaboration.models import (
    AgendaItem,
    Decision,
    Meeting,
)
from documents.selectors.report import followup_report_context, meeting_pack_context
from followup.models import (
    DepartmentAnswer,
    DepartmentReport,
    Question,
    ReportedCommitment,
)
from initiatives.models import CollaborationForm, Contribution, Initiative, Partnership
from overenskommelse.models import PriorityArea
from overenskommelse.process import Step

from .test_report_pdf import YEAR, make_dataset

pytestmark = pytest.mark.django_db


def _report_queries(followup_round) -> int:
    cache.clear()  # the dashboard's figures are cached: count them too
    with translation.override("sv"), CaptureQueriesContext(connection) as queries:
        render_to_string("pdf/followup_report.html", followup_report_context(followup_round))
    return len(queries)


def _more_of_everything(followup_round, count: int) -> None:
    question = Question.objects.get(followup_round=followup_round, audience=Question.Audience.ADMINISTRATION)
    area = PriorityArea.objects.get()
    for index in range(count):
        administration = Organisation.objects.create(name=f"Förvaltning {index}", kind=OrganisationKind.ADMINISTRATION)
        party = Organisation.objects.create(
            name=f"Förening {index}",
            kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
            connected_since=datetime.date(YEAR, 5, 1),
        )
        partnership = Partnership.objects.create(
            administration=administration,
            title=f"Åtagande {index}",
            form=CollaborationForm.OTHER,
            description="Samverkan.",
            starts_on=datetime.date(YEAR, 2, 1),
            priority_area=area,
        )
        partnership.organisations.add(party)
        Contribution.objects.create(
            partnership=partnership, organisation=administration, kind=Contribution.Kind.MONEY, amount_sek_per_year=1000
        )
        report = DepartmentReport.objects.create(
            followup_round=followup_round,
            administration=administration,
            status=DepartmentReport.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        DepartmentAnswer.objects.create(report=report, question=question, text=f"Svar {index}.")
        ReportedCommitment.objects.create(report=report, partnership=partnership, registered_amount_sek=1000)
        initiative = Initiative.objects.create(
            title=f"Initiativ {index}", need="Behov.", goal="Mål.", step=Step.EVALUATION,
            followup_year=YEAR, results_summary="Resultat.", evaluation_lessons="Lärdom.",
        )
        initiative.priority_areas.add(area)
        meeting = Meeting.objects.create(
            starts_at=timezone.make_aware(datetime.datetime(YEAR, 9, 1 + index, 14)), place="Stadshuset"
        )
        Decision.objects.create(meeting=meeting, text=f"Beslut {index}.")


def test_the_report_reads_the_same_number_of_queries_whatever_the_data(administration_x):
    followup_round = make_dataset(administration_x)
    few = _report_queries(followup_round)
    _more_of_everything(followup_round, 6)
    many = _report_queries(followup_round)
    assert many == few
    assert few <= 45


def test_the_meeting_pack_reads_the_same_number_of_queries_whatever_the_agenda(db):
    meeting = Meeting.objects.create(starts_at=timezone.make_aware(datetime.datetime(2026, 12, 3, 13)), place="Stadshuset")

    def queries() -> int:
        cache.clear()
        with translation.override("sv"), CaptureQueriesContext(connection) as captured:
            render_to_string("pdf/meeting_pack.html", meeting_pack_context(meeting))
        return len(captured)

    def add_application(index: int) -> None:
        accession = Accession.objects.create(
            name=f"Sökande {index}",
            kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
            status=Accession.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        AgendaItem.objects.create(
            meeting=meeting, position=index, kind=AgendaItem.Kind.APPLICATION, title=f"Ansökan {index}", accession=accession
        )
        Accession.objects.create(
            name=f"Väntande {index}", kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
            status=Accession.Status.SUBMITTED, submitted_at=timezone.now(),
        )

    add_application(1)
    few = queries()
    for index in range(2, 8):
        add_application(index)
    assert queries() == few
