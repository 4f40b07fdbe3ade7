"""The rules of commitments, enforced by the services whoever calls them: only a förvaltning's
officers, only connected idea-driven parties, contributions from the parties in whole kronor ≥ 0,
end not before start. And the demo data."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from accounts.models import User
from initiatives import services
from initiatives.models import (
    CollaborationForm,
    Contribution,
    Initiative,
    InitiativeParty,
    Partnership,
)

from .test_partnership_views import make_partnership, media  # noqa: F401 - media: autouse

pytestmark = pytest.mark.django_db


def _data(administration, **overrides) -> dict:
    data = {
        "administration": administration,
        "title": "IOP om läxhjälp",
        "form": CollaborationForm.IOP,
        "priority_area": None,
        "description": "Läxhjälp.",
        "starts_on": datetime.date(2026, 1, 1),
        "ends_on": None,
        "decision_on": None,
        "decision_reference": "",
        "initiative": None,
    }
    data.update(overrides)
    return data


def _money(organisation, amount) -> dict:
    return {
        "organisation": organisation,
        "kind": Contribution.Kind.MONEY,
        "amount_sek_per_year": amount,
        "description": "",
    }


@pytest.fixture
def connected(organisation_a):
    organisation_a.connected_since = datetime.date(2024, 1, 1)
    organisation_a.save()
    return organisation_a


def test_an_officer_creates_a_commitment_with_its_contributions(
    officer_x, administration_x, connected
):
    partnership = services.partnership_create(
        by=officer_x,
        data=_data(administration_x),
        organisations=[connected],
        contributions=[_money(administration_x, 100_000), _money(connected, 0)],
    )
    assert partnership.created_by == officer_x
    assert list(partnership.organisations.all()) == [connected]
    assert list(
        partnership.contributions.values_list("amount_sek_per_year", flat=True)
    ) == [100_000, 0]


def test_officer_x_cannot_record_a_commitment_for_förvaltning_y(
    officer_x, administration_y, connected
):
    with pytest.raises(PermissionDenied):
        services.partnership_create(
            by=officer_x, data=_data(administration_y), organisations=[connected]
        )
    assert not Partnership.objects.exists()


def test_officer_x_cannot_change_a_commitment_of_y(
    officer_x, administration_y, connected
):
    partnership = make_partnership(administration_y, [connected])
    with pytest.raises(PermissionDenied):
        services.partnership_update(
            partnership=partnership,
            by=officer_x,
            data=_data(administration_y, title="Kapad"),
            organisations=[connected],
        )


def test_officer_x_cannot_move_their_commitment_to_förvaltning_y(
    officer_x, administration_x, administration_y, connected
):
    partnership = make_partnership(administration_x, [connected])
    with pytest.raises(PermissionDenied):
        services.partnership_update(
            partnership=partnership,
            by=officer_x,
            data=_data(administration_y),
            organisations=[connected],
        )
    partnership.refresh_from_db()
    assert partnership.administration == administration_x


def test_a_representative_cannot_record_a_commitment_for_their_association(
    representative_a, organisation_a, connected
):
    with pytest.raises(PermissionDenied):
        services.partnership_create(
            by=representative_a, data=_data(organisation_a), organisations=[connected]
        )


def test_an_organisation_that_is_not_connected_cannot_be_a_party(
    officer_x, administration_x, organisation_b
):
    with pytest.raises(ValidationError) as error:
        services.partnership_create(
            by=officer_x, data=_data(administration_x), organisations=[organisation_b]
        )
    assert "organisations" in error.value.message_dict
    assert "Föreningen B" in error.value.message_dict["organisations"][0]


def test_a_förvaltning_cannot_be_an_idea_driven_party(
    officer_x, administration_x, administration_y
):
    with pytest.raises(ValidationError) as error:
        services.partnership_create(
            by=officer_x, data=_data(administration_x), organisations=[administration_y]
        )
    assert "organisations" in error.value.message_dict


def test_a_contribution_must_come_from_a_party(
    officer_x, administration_x, administration_y, connected
):
    with pytest.raises(ValidationError) as error:
        services.partnership_create(
            by=officer_x,
            data=_data(administration_x),
            organisations=[connected],
            contributions=[_money(administration_x, 1), _money(administration_y, 1)],
        )
    assert list(error.value.message_dict) == ["contributions.1.organisation"]


@pytest.mark.parametrize("amount", [-1, 1.5, "100", True])
def test_an_amount_must_be_whole_kronor_of_at_least_zero(
    officer_x, administration_x, connected, amount
):
    with pytest.raises(ValidationError) as error:
        services.partnership_create(
            by=officer_x,
            data=_data(administration_x),
            organisations=[connected],
            contributions=[_money(administration_x, amount)],
        )
    assert list(error.value.message_dict) == ["contributions.0.amount_sek_per_year"]


def test_the_database_refuses_a_negative_amount_too(administration_x, connected):
    partnership = make_partnership(administration_x, [connected], money=())
    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.create(
            partnership=partnership,
            organisation=administration_x,
            kind=Contribution.Kind.MONEY,
            amount_sek_per_year=-5,
        )


def test_an_end_before_the_start_is_refused_on_create(
    officer_x, administration_x, connected
):
    with pytest.raises(ValidationError) as error:
        services.partnership_create(
            by=officer_x,
            data=_data(
                administration_x,
                starts_on=datetime.date(2026, 5, 1),
                ends_on=datetime.date(2026, 4, 30),
            ),
            organisations=[connected],
        )
    assert "ends_on" in error.value.message_dict


def test_ending_before_the_start_is_refused(officer_x, administration_x, connected):
    partnership = make_partnership(administration_x, [connected])
    with pytest.raises(ValidationError):
        services.partnership_end(
            partnership=partnership, by=officer_x, ends_on=datetime.date(2024, 12, 31)
        )


def test_the_initiative_must_have_the_förvaltning_as_a_party(
    officer_x, administration_x, administration_y, connected
):
    initiative = Initiative.objects.create(title="Initiativ", need="Behov", goal="Mål")
    InitiativeParty.objects.create(initiative=initiative, organisation=administration_y)
    with pytest.raises(ValidationError) as error:
        services.partnership_create(
            by=officer_x,
            data=_data(administration_x, initiative=initiative),
            organisations=[connected],
        )
    assert "initiative" in error.value.message_dict


def test_an_update_replaces_the_contributions(officer_x, administration_x, connected):
    partnership = make_partnership(administration_x, [connected], money=(1, 2, 3))
    services.partnership_update(
        partnership=partnership,
        by=officer_x,
        data=_data(administration_x),
        organisations=[connected],
        contributions=[_money(connected, 500)],
    )
    assert list(
        partnership.contributions.values_list("organisation", "amount_sek_per_year")
    ) == [(connected.pk, 500)]


# --- The demo data -------------------------------------------------------------------------------


def _snapshot() -> dict:
    partnerships = sorted(
        Partnership.objects.values_list(
            "pk",
            "administration__name",
            "title",
            "form",
            "starts_on",
            "ends_on",
            "ended_at",
            "decision_reference",
        )
    )
    contributions = sorted(
        Contribution.objects.values_list(
            "pk",
            "partnership__title",
            "organisation__name",
            "kind",
            "amount_sek_per_year",
        )
    )
    parties = sorted(
        Partnership.organisations.through.objects.values_list(
            "partnership_id", "organisation_id"
        )
    )
    return {
        "partnerships": partnerships,
        "contributions": contributions,
        "parties": parties,
    }


def test_the_demo_has_commitments_of_several_förvaltningar_and_a_rerun_leaves_the_same_rows(
    settings,
):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    first = _snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert _snapshot() == first
    administrations = set(
        Partnership.objects.values_list("administration__name", flat=True)
    )
    assert {
        "Kultur- och fritidsförvaltningen",
        "Socialförvaltningen",
        "Vård- och omsorgsförvaltningen",
    } <= administrations
    assert Partnership.objects.filter(ends_on__lt=datetime.date.today()).exists()
    assert {form for form in Partnership.objects.values_list("form", flat=True)} == set(
        CollaborationForm.values
    )
    officer = User.objects.get(email="handlaggare@demo.lund.se")
    assert (
        Partnership.objects.filter(
            administration__representations__user=officer
        ).count()
        >= 3
    )
    for partnership in Partnership.objects.prefetch_related(
        "organisations", "contributions"
    ):
        parties = {partnership.administration_id} | {
            o.pk for o in partnership.organisations.all()
        }
        assert all(o.is_connected for o in partnership.organisations.all())
        assert {c.organisation_id for c in partnership.contributions.all()} <= parties
