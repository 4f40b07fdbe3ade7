"""Issue 14: the group's public side is named by the agreement's own word. Lund and Borås call it
"kommunal"; Blekinge's agreement (the region and the county's municipalities) calls it "offentlig".
The group's page, its seats, the balance warnings and the seat form say the agreement's word."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from collaboration.forms.group import SeatForm
from collaboration.models import Seat, SeatSector
from collaboration.selectors.group import group_composition_warnings
from collaboration.services.group import seat_save
from collaboration.tests.factories import make_group
from overenskommelse.models import Agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def blekinge(agreement) -> Agreement:
    """The agreement of the tests under Blekinge's words: a steering group whose public side is
    the region and the municipalities, "offentlig"."""
    agreement.group_name = "styrgruppen"
    agreement.public_side = "offentlig"
    agreement.save()
    return agreement


def _page(client, user) -> str:
    client.force_login(user)
    return " ".join(client.get(reverse("collaboration:group")).content.decode().split())


def test_the_groups_page_says_kommunala_under_the_default_words(client, agreement, full_group, group_member):
    page = _page(client, group_member)
    assert "Hälften av platserna är kommunala och hälften kommer från idéburen sektor." in page
    assert "<td>Kommunal</td>" in page
    assert "offentlig" not in page.lower()


def test_the_steering_groups_page_says_offentliga_under_blekinges_words(client, blekinge, full_group, group_member):
    page = _page(client, group_member)
    assert "Hälften av platserna är offentliga och hälften kommer från idéburen sektor." in page
    assert "<td>Offentlig</td>" in page
    assert "kommunal" not in page.lower()


def test_the_balance_warning_says_kommunala_under_the_default_words(agreement):
    make_group(municipal=5, idea_driven=4)
    assert (
        "Sektorerna är inte i balans: 5 kommunala platser och 4 platser från idéburen sektor."
        in group_composition_warnings()
    )


def test_the_balance_warning_says_offentliga_under_blekinges_words(blekinge):
    make_group(municipal=5, idea_driven=4)
    warnings = group_composition_warnings()
    assert "Sektorerna är inte i balans: 5 offentliga platser och 4 platser från idéburen sektor." in warnings
    assert not any("kommunal" in warning for warning in warnings), warnings


def test_a_seat_change_that_breaks_the_balance_is_refused_in_the_agreements_words(blekinge, convener):
    make_group(municipal=4, idea_driven=4)
    seat = Seat.objects.filter(sector=SeatSector.IDEA_DRIVEN).first()
    with pytest.raises(ValidationError) as refused:
        seat_save(seat=seat, data={"sector": SeatSector.PUBLIC}, by=convener)
    message = " ".join(refused.value.message_dict["sector"])
    assert "Styrgruppen skulle förlora balansen: 5 offentliga och 3 idéburna ordinarie platser." in message


def test_a_seat_and_the_seat_forms_choices_are_labelled_in_the_agreements_words(blekinge, full_group):
    seat = Seat.objects.filter(sector=SeatSector.PUBLIC).first()
    assert seat.get_sector_display() == "Offentlig"
    assert str(seat) == f"Offentlig {seat.position}"
    assert dict(SeatForm().fields["sector"].choices)[SeatSector.PUBLIC] == "Offentlig"


def test_a_seat_is_labelled_kommunal_under_the_default_words(agreement, full_group):
    seat = Seat.objects.filter(sector=SeatSector.PUBLIC).first()
    assert seat.get_sector_display() == "Kommunal"
    assert dict(SeatForm().fields["sector"].choices)[SeatSector.PUBLIC] == "Kommunal"
