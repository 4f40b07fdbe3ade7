"""Shared set-up of the tests of the yearly follow-up round (no tests here): rounds in each state,
a register of commitments for the cast's förvaltningar, survey answers, and the cast's login.

Import what a test file needs: ``from followup.tests.test_round_support import *``.
"""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, Representation
from accounts.roles import forget_roles
from followup.models import FollowUpRound, Question, SurveyAnswer, SurveyResponse
from followup.services.rounds import round_create
from initiatives.models import CollaborationForm, Contribution, Partnership
from overenskommelse.tests.cast import login

__all__ = [
    "CAST",
    "assert_status",
    "commitments",
    "connected_organisations",
    "draft_round",
    "login",
    "make_partnership",
    "make_round",
    "open_round",
    "survey_answers",
]

CAST = ["anonymous", "ordinary_user", "representative_a", "officer_x", "group_member", "convener"]

YEAR = 2026


def assert_status(response, expected) -> None:
    if expected == "login":
        assert response.status_code == 302, response.status_code
        assert "/konto/login/" in response["Location"]
    else:
        assert response.status_code == expected, response.status_code


def make_round(convener, *, year: int = YEAR, opened: bool = True, closed: bool = False, **fields) -> FollowUpRound:
    """A round with the default questions, opened (without sending anything) unless told not to."""
    followup_round = round_create(
        year=year, deadline=fields.pop("deadline", datetime.date(year, 12, 15)), introduction="", by=convener
    )
    now = timezone.now()
    if opened:
        followup_round.opened_at = fields.pop("opened_at", now - datetime.timedelta(days=30))
        followup_round.opened_by = convener
    if closed:
        followup_round.closed_at = now
    for name, value in fields.items():
        setattr(followup_round, name, value)
    followup_round.save()
    return followup_round


@pytest.fixture
def open_round(convener) -> FollowUpRound:
    return make_round(convener)


@pytest.fixture
def draft_round(convener) -> FollowUpRound:
    return make_round(convener, year=YEAR + 1, opened=False)


def make_partnership(administration, title, *, starts_on, ends_on=None, form=CollaborationForm.IOP, amounts=(), parties=()):
    partnership = Partnership.objects.create(
        administration=administration,
        title=title,
        form=form,
        description="Ett samarbete.",
        starts_on=starts_on,
        ends_on=ends_on,
    )
    partnership.organisations.set(parties)
    for kind, amount in amounts:
        Contribution.objects.create(
            partnership=partnership, organisation=administration, kind=kind, amount_sek_per_year=amount
        )
    return partnership


@pytest.fixture
def commitments(administration_x, administration_y, organisation_a):
    """The register: three commitments of Kultur- och fritidsförvaltningen (X) active during 2026,
    one that ended in 2025, one that starts in 2027, and one of Socialförvaltningen (Y)."""
    day = datetime.date
    money, premises = Contribution.Kind.MONEY, Contribution.Kind.PREMISES
    return {
        "iop": make_partnership(
            administration_x, "Mötesplats för unga", starts_on=day(2025, 1, 1), ends_on=day(2027, 12, 31),
            amounts=[(money, 450_000), (premises, 180_000)], parties=[organisation_a],
        ),
        "project": make_partnership(
            administration_x, "Schack på fritidsgårdarna", starts_on=day(2026, 3, 1),
            form=CollaborationForm.JOINT_PROJECT, amounts=[(money, 60_000)], parties=[organisation_a],
        ),
        "ended_in_year": make_partnership(
            administration_x, "Sommarlovsaktiviteter", starts_on=day(2026, 6, 1), ends_on=day(2026, 8, 31),
            form=CollaborationForm.OTHER, amounts=[(money, 25_000)],
        ),
        "ended_before": make_partnership(
            administration_x, "Avslutat samtalsstöd", starts_on=day(2023, 1, 1), ends_on=day(2025, 6, 30),
            amounts=[(money, 90_000)],
        ),
        "future": make_partnership(
            administration_x, "Kommande simskola", starts_on=day(2027, 1, 1), amounts=[(money, 120_000)],
        ),
        "other_administration": make_partnership(
            administration_y, "Läxhjälp", starts_on=day(2024, 1, 1), amounts=[(money, 380_000)],
        ),
    }


def connected_organisations(count: int, *, prefix: str = "Förening") -> list[Organisation]:
    return [
        Organisation.objects.create(
            name=f"{prefix} {number}",
            kind=OrganisationKind.NON_PROFIT_ASSOCIATION,
            connected_since=datetime.date(2020, 1, 1),
        )
        for number in range(1, count + 1)
    ]


def survey_answers(followup_round: FollowUpRound, organisations, scores, texts=None) -> None:
    """One survey answer per organisation: ``scores[i]`` for each scale question (None = don't
    know), ``texts[i]`` (if given) on the first question."""
    questions = list(followup_round.questions.filter(audience=Question.Audience.ASSOCIATION).order_by("position"))
    for index, organisation in enumerate(organisations):
        response = SurveyResponse.objects.create(followup_round=followup_round, organisation=organisation)
        for number, question in enumerate(questions):
            SurveyAnswer.objects.create(
                response=response,
                question=question,
                score=scores[index],
                text=(texts[index] if texts and number == 0 else ""),
            )


def represent(user, organisation) -> None:
    Representation.objects.create(user=user, organisation=organisation)
    forget_roles(user)
