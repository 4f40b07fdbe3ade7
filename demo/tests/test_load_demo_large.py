"""``load_demo --scale large`` builds a data set of the shape the performance figures are measured on
(docs/performance.md). The tests run it with a small ``--factor``: same shape, fewer rows."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count, Max

from accounts.models import Accession, Organisation, OrganisationKind
from accounts.orgnr import normalise_org_number
from conferences.models import Conference, Registration
from demo.demo_large import COUNTS, large_org_number
from followup.models import (
    DepartmentReport,
    FollowUpRound,
    ReportedCommitment,
    SurveyAnswer,
    SurveyResponse,
)
from initiatives.models import Initiative, Partnership, StepTransition
from overenskommelse.process import Step

pytestmark = pytest.mark.django_db

FACTOR = 0.02


@pytest.fixture
def loaded(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", "--scale", "large", "--factor", str(FACTOR), stdout=out)
    return out.getvalue()


def _large_organisations():
    return Organisation.objects.filter(org_number__regex=r"^[278]430")


def test_it_says_how_long_it_took_and_what_it_added(loaded):
    assert "Large data set ready in" in loaded
    assert "organisations 100" in loaded


def test_organisations_have_valid_unique_numbers_and_a_history_of_joining_and_leaving(loaded):
    organisations = list(_large_organisations())
    assert len(organisations) == round(COUNTS["organisations"] * FACTOR)
    numbers = [o.org_number for o in organisations]
    assert len(set(numbers)) == len(numbers)
    assert all(normalise_org_number(number) == number for number in numbers)
    large = _large_organisations()
    assert large.connected().count() > len(organisations) // 2
    assert large.filter(withdrawn_on__isnull=False).exists()
    assert large.filter(connected_since__isnull=True, kind=OrganisationKind.NON_PROFIT_ASSOCIATION).exists()
    assert large.filter(kind=OrganisationKind.ADMINISTRATION).count() >= 3
    # Every connected organisation was approved by the group; some applications still wait.
    approved = Accession.objects.filter(status=Accession.Status.APPROVED, organisation__in=large).count()
    assert approved == large.filter(connected_since__isnull=False).count()
    assert Accession.objects.open().filter(organisation__in=large).exists()


def test_initiatives_are_spread_over_the_five_steps_and_their_moves_are_recorded(loaded):
    initiatives = Initiative.objects.filter(title__regex=r" \d+$")
    assert initiatives.count() == round(COUNTS["initiatives"] * FACTOR)
    assert set(initiatives.values_list("step", flat=True)) == set(Step.values)
    last_forward = dict(
        StepTransition.objects.filter(initiative__in=initiatives)
        .exclude(kind__in=[StepTransition.Kind.PAUSED, StepTransition.Kind.CLOSED])
        .values("initiative")
        .annotate(last=Max("at"))
        .values_list("initiative", "last")
    )
    for initiative in initiatives:
        moves = StepTransition.objects.filter(initiative=initiative, at=last_forward[initiative.pk])
        assert initiative.step in {move.to_step for move in moves}
    assert not initiatives.annotate(n=Count("priority_areas")).filter(n=0).exists()


def test_commitments_ten_closed_rounds_and_five_conferences(loaded):
    assert Partnership.objects.filter(decision_reference__regex=r"^\d{4}/\d{4}$").count() == round(
        COUNTS["partnerships"] * FACTOR
    )
    rounds = FollowUpRound.objects.filter(closed_at__isnull=False)
    assert rounds.count() >= 10
    administrations = Organisation.objects.filter(kind=OrganisationKind.ADMINISTRATION).count()
    per_round = Counter(DepartmentReport.objects.values_list("followup_round__year", flat=True))
    assert sum(1 for count in per_round.values() if count == administrations) >= 10
    assert ReportedCommitment.objects.exists()
    assert SurveyResponse.objects.exists()
    assert SurveyAnswer.objects.filter(score__isnull=False).exists()
    conferences = Conference.objects.filter(title__startswith="Regional")
    assert conferences.count() == 5
    per_conference = round(COUNTS["registrations_per_conference"] * FACTOR)
    for conference in conferences:
        assert Registration.objects.filter(conference=conference).count() == per_conference


def test_a_second_run_notices_the_data_is_there_and_adds_nothing(loaded, settings):
    before = Organisation.objects.count(), Initiative.objects.count(), Registration.objects.count()
    out = io.StringIO()
    call_command("load_demo", "--scale", "large", "--factor", str(FACTOR), stdout=out)
    assert "already loaded" in out.getvalue()
    assert (Organisation.objects.count(), Initiative.objects.count(), Registration.objects.count()) == before


def test_the_marker_number_is_a_valid_organisation_number():
    number = large_org_number("2", 0)
    assert normalise_org_number(number) == number
