"""The demo initiatives: every step and state, and load_demo twice leaves the same rows."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import Organisation
from initiatives.models import Initiative, PrincipleAssessment, StepTransition
from overenskommelse.demo_year import demo_year
from overenskommelse.process import Step

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, list]:
    """Every row of every model of the initiatives app, as plain values."""
    snapshot = {}
    for model in apps.get_app_config("initiatives").get_models():
        fields = [f.attname for f in model._meta.concrete_fields if f.name != "updated_at"]
        snapshot[model._meta.label] = sorted(model.objects.values_list(*fields), key=repr)
    return snapshot


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def test_load_demo_twice_leaves_the_same_initiatives(settings, demo):
    first = _snapshot()
    assert first["initiatives.Initiative"]
    call_command("load_demo", stdout=io.StringIO())
    assert _snapshot() == first


def test_the_demo_has_initiatives_in_every_step_and_state(demo):
    assert set(Initiative.objects.values_list("step", flat=True)) == set(Step.values)
    assert set(Initiative.objects.values_list("state", flat=True)) == set(Initiative.State.values)


def test_the_demo_accounts_organisations_have_initiatives_one_looking_for_partners(demo):
    chess = Organisation.objects.get(name="Lunds Schackklubb")
    administration = Organisation.objects.get(name="Kultur- och fritidsförvaltningen")
    for organisation in (chess, administration):
        assert Initiative.objects.filter(parties__organisation=organisation).exists()
    assert Initiative.objects.looking_for_partners().filter(parties__organisation=chess).exists()
    assert Initiative.objects.looking_for_partners().filter(parties__organisation=administration).exists()


def test_every_demo_move_is_recorded_and_late_steps_have_an_evaluation(demo):
    for initiative in Initiative.objects.all():
        assert initiative.transitions.filter(kind=StepTransition.Kind.CREATED).count() == 1
        if initiative.step != Step.INITIATIVE:
            assert initiative.transitions.filter(to_step=initiative.step).exists()
    for initiative in Initiative.objects.filter(step__in=[Step.EVALUATION, Step.FOLLOW_UP]):
        assert initiative.evaluation_worked
        assert PrincipleAssessment.objects.filter(initiative=initiative).exists()
    follow_up = Initiative.objects.get(step=Step.FOLLOW_UP)
    assert follow_up.followup_year == demo_year() - 1
