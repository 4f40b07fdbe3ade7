"""Shared set-up of the initiative tests (no tests here): an agreement with principles, an action
plan with two priority areas, a connected association, and initiatives in any step.

Import what a test file needs: ``from initiatives.tests.test_initiative_support import *``.
"""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Organisation
from initiatives.models import (
    CollaborationForm,
    Initiative,
    InitiativeParty,
    PrincipleAssessment,
    StepTransition,
)
from overenskommelse.models import (
    ActionPlan,
    Agreement,
    Direction,
    Principle,
    PriorityArea,
)
from overenskommelse.process import Step
from overenskommelse.tests.cast import login

__all__ = [
    "CAST",
    "TODAY",
    "agreement",
    "assert_status",
    "connected_a",
    "connected_b",
    "english",
    "fill_for",
    "login",
    "make_initiative",
]

CAST = [
    "anonymous",
    "ordinary_user",
    "representative_a",
    "representative_b",
    "officer_x",
    "group_member",
    "convener",
]

TODAY = timezone.localdate()


def assert_status(response, expected) -> None:
    if expected == "login":
        assert response.status_code == 302
        assert "/konto/login/" in response["Location"]
    elif expected == "redirect":
        assert response.status_code == 302
        assert "/konto/login/" not in response["Location"]
    else:
        assert response.status_code == expected


@pytest.fixture
def english(client, settings):
    """The pages in English (the msgids), whatever the Swedish catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def agreement(db) -> Agreement:
    agreement = Agreement.objects.create(
        name="Överenskommelsen i Testkommun",
        municipality="Testkommun",
        sector_party="idéburen sektor i Testkommun",
        summary="En överenskommelse.",
        adopted_on=datetime.date(2024, 1, 1),
        valid_from=datetime.date(2024, 1, 1),
        contact_email="overenskommelse@example.org",
    )
    Principle.objects.create(agreement=agreement, name="Dialog", description="Parterna talar med varandra.", position=1)
    Principle.objects.create(agreement=agreement, name="Öppenhet och insyn", description="Allt redovisas öppet.", position=2)
    plan = ActionPlan.objects.create(
        agreement=agreement,
        title="Handlingsplan",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    inclusion = PriorityArea.objects.create(action_plan=plan, name="Inkludering", slug="inkludering", position=1)
    health = PriorityArea.objects.create(action_plan=plan, name="Hälsosamma levnadsvanor", slug="halsa", position=2)
    Direction.objects.create(priority_area=inclusion, text="Låna kommunens lokaler.", position=1)
    Direction.objects.create(priority_area=inclusion, text="Fler volontärer.", position=2)
    Direction.objects.create(priority_area=health, text="Förebygga ensamhet.", position=1)
    return agreement


@pytest.fixture
def connected_a(organisation_a, agreement) -> Organisation:
    organisation_a.connected_since = datetime.date(2025, 3, 14)
    organisation_a.save()
    organisation_a.priority_areas.add(PriorityArea.objects.get(slug="inkludering"))
    return organisation_a


@pytest.fixture
def connected_b(organisation_b) -> Organisation:
    organisation_b.connected_since = datetime.date(2025, 3, 14)
    organisation_b.save()
    return organisation_b


def fill_for(step: str) -> dict:
    """Field values that meet every condition up to and including entering ``step``."""
    values: dict = {}
    index = list(Step.values).index(step)
    if index >= 1:
        values.update(form=CollaborationForm.IOP, starts_on=TODAY - datetime.timedelta(days=400))
    if index >= 2:
        values.update(
            ends_on=TODAY - datetime.timedelta(days=10),
            results_summary="Många deltog.",
            dissemination="Presenterat på konferensen.",
            reported_to_group_on=TODAY - datetime.timedelta(days=5),
        )
    if index >= 4:
        values.update(
            evaluation_worked="Samarbetet.",
            evaluation_did_not_work="Lokalerna.",
            evaluation_lessons="Börja tidigare.",
        )
    return values


def make_initiative(
    *,
    parties=(),
    step: str = Step.INITIATIVE,
    complete: bool = False,
    areas=("inkludering",),
    by=None,
    assess: bool = False,
    **fields,
) -> Initiative:
    """An initiative in ``step`` with ``parties``; ``complete`` fills what moving on from it needs."""
    values = {
        "title": "Schack för nyanlända unga",
        "need": "En mötesplats.",
        "goal": "Schackkvällar.",
        "step": step,
    }
    target_index = list(Step.values).index(step) + (1 if complete else 0)
    target = list(Step.values)[min(target_index, len(Step.values) - 1)]
    values.update(fill_for(target))
    values.update(fields)
    initiative = Initiative.objects.create(created_by=by, **values)
    initiative.priority_areas.set(PriorityArea.objects.filter(slug__in=areas))
    for organisation in parties:
        InitiativeParty.objects.create(initiative=initiative, organisation=organisation)
    StepTransition.objects.create(initiative=initiative, kind="created", to_step=Step.INITIATIVE, by=by)
    if assess or (complete and step == Step.EVALUATION) or step == Step.FOLLOW_UP:
        for principle in Principle.objects.all():
            PrincipleAssessment.objects.create(initiative=initiative, principle=principle, text="Bra.")
    return initiative
