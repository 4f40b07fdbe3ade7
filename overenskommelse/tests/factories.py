"""Factories of the agreement: the agreement, its principles, an action plan, its priority areas
and their directions."""

import datetime

import factory
from factory.django import DjangoModelFactory

from overenskommelse.models import (
    ActionPlan,
    Agreement,
    Direction,
    Principle,
    PriorityArea,
)


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = Agreement

    name = "Överenskommelsen i Testkommun"
    municipality = "Testkommun"
    sector_party = "idéburen sektor i Testkommun"
    summary = "En överenskommelse."
    adopted_on = datetime.date(2024, 1, 1)
    valid_from = datetime.date(2024, 1, 1)
    contact_email = "overenskommelse@example.org"


class PrincipleFactory(DjangoModelFactory):
    class Meta:
        model = Principle

    agreement = factory.SubFactory(AgreementFactory)
    name = factory.Sequence(lambda n: f"Princip {n}")
    description = "Parterna talar med varandra."
    position = factory.Sequence(lambda n: n + 1)


class ActionPlanFactory(DjangoModelFactory):
    class Meta:
        model = ActionPlan

    agreement = factory.SubFactory(AgreementFactory)
    title = "Handlingsplan"
    starts_on = datetime.date(2024, 1, 1)
    ends_on = datetime.date(2027, 12, 31)


class PriorityAreaFactory(DjangoModelFactory):
    class Meta:
        model = PriorityArea

    action_plan = factory.SubFactory(ActionPlanFactory)
    name = factory.Sequence(lambda n: f"Område {n}")
    slug = factory.Sequence(lambda n: f"omrade-{n}")
    position = factory.Sequence(lambda n: n + 1)


class DirectionFactory(DjangoModelFactory):
    class Meta:
        model = Direction

    priority_area = factory.SubFactory(PriorityAreaFactory)
    text = "Låna kommunens lokaler."
    position = factory.Sequence(lambda n: n + 1)


def agreement_with_plan() -> Agreement:
    """The agreement of the tests: two principles ("Dialog", "Öppenhet och insyn"), an action plan
    2024–2027 with two priority areas ("inkludering" with two directions, "halsa" with one)."""
    agreement = AgreementFactory()
    PrincipleFactory(agreement=agreement, name="Dialog", description="Parterna talar med varandra.", position=1)
    PrincipleFactory(agreement=agreement, name="Öppenhet och insyn", description="Allt redovisas öppet.", position=2)
    plan = ActionPlanFactory(agreement=agreement)
    inclusion = PriorityAreaFactory(action_plan=plan, name="Inkludering", slug="inkludering", position=1)
    health = PriorityAreaFactory(action_plan=plan, name="Hälsosamma levnadsvanor", slug="halsa", position=2)
    DirectionFactory(priority_area=inclusion, text="Låna kommunens lokaler.", position=1)
    DirectionFactory(priority_area=inclusion, text="Fler volontärer.", position=2)
    DirectionFactory(priority_area=health, text="Förebygga ensamhet.", position=1)
    return agreement
