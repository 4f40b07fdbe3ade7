"""Factories of initiatives: an initiative in any step, with its parties, priority areas, the
record of its creation and, when its step needs them, its assessments against the principles."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from initiatives.models import (
    CollaborationForm,
    Initiative,
    InitiativeParty,
    PrincipleAssessment,
    StepTransition,
)
from overenskommelse.models import Principle, PriorityArea
from overenskommelse.process import Step

TODAY = timezone.localdate()


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


class InitiativeFactory(DjangoModelFactory):
    """``InitiativeFactory(parties=[...], areas=("inkludering",), assess=True)``; the step's fields
    come from ``make_initiative``."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True  # the hooks save what they make

    title = "Schack för nyanlända unga"
    need = "En mötesplats."
    goal = "Schackkvällar."
    step = Step.INITIATIVE
    created_by = None

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        self.priority_areas.set(PriorityArea.objects.filter(slug__in=extracted or ()))

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        for organisation in extracted or ():
            InitiativeParty.objects.create(initiative=self, organisation=organisation)

    @factory.post_generation
    def created(self, create, extracted, **kwargs):
        StepTransition.objects.create(initiative=self, kind="created", to_step=Step.INITIATIVE, by=self.created_by)

    @factory.post_generation
    def assess(self, create, extracted, **kwargs):
        if extracted:
            for principle in Principle.objects.all():
                PrincipleAssessment.objects.create(initiative=self, principle=principle, text="Bra.")


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
    target_index = list(Step.values).index(step) + (1 if complete else 0)
    target = list(Step.values)[min(target_index, len(Step.values) - 1)]
    values = {"step": step, **fill_for(target), **fields}
    return InitiativeFactory(
        created_by=by,
        areas=areas,
        parties=parties,
        assess=assess or (complete and step == Step.EVALUATION) or step == Step.FOLLOW_UP,
        **values,
    )
