"""Fixtures of the follow-up's tests: an open round, a draft round and a register of commitments."""

import datetime

import pytest

from followup.models import FollowUpRound
from followup.tests.factories import YEAR, make_partnership, make_round
from initiatives.models import CollaborationForm, Contribution


@pytest.fixture
def open_round(convener) -> FollowUpRound:
    return make_round(convener)


@pytest.fixture
def draft_round(convener) -> FollowUpRound:
    return make_round(convener, year=YEAR + 1, opened=False)


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
