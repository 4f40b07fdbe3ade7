"""The group's page for everyone (without personal details) and for the group (with names and
warnings), the history, and the convener's forms; who may open what."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from collaboration.models import GroupOffice, SeatTerm
from collaboration.tests.factories import make_group
from overenskommelse.tests.cast import ONE_REPRESENTATIVE_CAST as CAST
from overenskommelse.tests.cast import assert_status, login

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


# --- Who may open what ---------------------------------------------------------------------------

EVERYONE = {"anonymous": 200, "ordinary_user": 200, "representative_a": 200, "officer_x": 200, "group_member": 200, "convener": 200}
GROUP = {"anonymous": "login", "ordinary_user": 403, "representative_a": 403, "officer_x": 403, "group_member": 200, "convener": 200}
CONVENER = {"anonymous": "login", "ordinary_user": 403, "representative_a": 403, "officer_x": 403, "group_member": 403, "convener": 200}


def _urls(seats) -> dict[str, tuple[str, dict]]:
    term = SeatTerm.objects.current().get(seat=seats[0])
    office = GroupOffice.objects.get(kind=GroupOffice.Kind.CHAIR)
    return {
        "group": (reverse("collaboration:group"), EVERYONE),
        "group_history": (reverse("collaboration:group_history"), GROUP),
        "seat_create": (reverse("collaboration:seat_create"), CONVENER),
        "seat_edit": (reverse("collaboration:seat_edit", args=[seats[0].pk]), CONVENER),
        "seat_assign": (reverse("collaboration:seat_assign", args=[seats[0].pk]), CONVENER),
        "term_edit": (reverse("collaboration:term_edit", args=[term.pk]), CONVENER),
        "term_end": (reverse("collaboration:term_end", args=[term.pk]), CONVENER),
        "office_appoint": (reverse("collaboration:office_appoint"), CONVENER),
        "office_end": (reverse("collaboration:office_end", args=[office.pk]), CONVENER),
    }


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize(
    "name",
    ["group", "group_history", "seat_create", "seat_edit", "seat_assign", "term_edit", "term_end", "office_appoint", "office_end"],
)
def test_who_may_open_the_group_pages(client, request, full_group, who, name):
    url, expected = _urls(full_group)[name]
    login(client, request, who)
    assert_status(client.get(url), expected[who])


@pytest.mark.parametrize("who", ["anonymous", "ordinary_user", "representative_a", "officer_x", "group_member"])
def test_only_the_convener_may_appoint_a_holder(client, request, full_group, who):
    login(client, request, who)
    today = timezone.localdate()
    client.post(
        reverse("collaboration:seat_assign", args=[full_group[0].pk]),
        {"email": "inkrakt@example.org", "full_name": "In Kräktare", "starts_on": today, "ends_on": today},
    )
    assert not SeatTerm.objects.filter(holder__email="inkrakt@example.org").exists()


# --- The page as each sees it --------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "ordinary_user", "officer_x"])
def test_the_public_group_page_shows_the_seats_but_no_names_or_addresses(client, request, full_group, who):
    login(client, request, who)
    html = _html(client.get(reverse("collaboration:group")))
    assert "<h1>Samverkansgruppen</h1>" in html
    assert "Förvaltning 1" in html and "Paraply 8" in html
    assert "Idéburen sektor" in html and "Kommunal" in html
    assert "Ordförande" in html and "Vice ordförande" in html
    assert "Ledamot Nummer1" not in html
    assert "ledamot1@example.org" not in html
    assert "Att åtgärda" not in html
    assert reverse("collaboration:group_history") not in html
    assert "Mötesprotokoll" in html


def test_the_public_page_says_which_seat_is_empty(client, full_group):
    SeatTerm.objects.filter(seat=full_group[3]).delete()
    html = _html(client.get(reverse("collaboration:group")))
    assert "Vakant" in html


def test_the_group_sees_names_addresses_warnings_and_the_history_link(client, full_group, group_member):
    SeatTerm.objects.filter(seat=full_group[3]).delete()
    client.force_login(group_member)
    html = _html(client.get(reverse("collaboration:group")))
    assert "Ledamot Nummer1" in html
    assert 'href="mailto:ledamot1@example.org"' in html
    assert "Platsen Förvaltning 4 (kommunal) är vakant." in html
    assert reverse("collaboration:group_history") in html
    assert reverse("collaboration:seat_assign", args=[full_group[0].pk]) not in html  # not the convener's tools


def test_the_convener_sees_the_tools(client, full_group, convener):
    client.force_login(convener)
    html = _html(client.get(reverse("collaboration:group")))
    assert reverse("collaboration:seat_assign", args=[full_group[0].pk]) in html
    assert "Utse ordförande eller vice ordförande" in html


def test_the_history_shows_who_sat_when(client, full_group, convener, group_member):
    today = timezone.localdate()
    old = SeatTerm.objects.current().get(seat=full_group[0])
    client.force_login(convener)
    client.post(
        reverse("collaboration:seat_assign", args=[full_group[0].pk]),
        {"email": "efter@example.org", "full_name": "Efter Trädare", "starts_on": today, "ends_on": today + datetime.timedelta(days=365)},
    )
    client.force_login(group_member)
    html = _html(client.get(reverse("collaboration:group_history")))
    assert old.holder.full_name in html and "Efter Trädare" in html
    assert "har platsen" in html  # the current holder


# --- The convener's forms ------------------------------------------------------------------------


def test_the_convener_appoints_a_new_person_who_gets_an_account(client, full_group, convener, django_capture_on_commit_callbacks):
    client.force_login(convener)
    url = reverse("collaboration:seat_assign", args=[full_group[5].pk])
    assert "Platsen Paraply 6 (idéburen sektor)." in _html(client.get(url))
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"email": "nykomling@example.org", "full_name": "Nina Nykomling", "starts_on": today, "ends_on": today + datetime.timedelta(days=730)},
            follow=True,
        )
    html = _html(response)
    assert "Nina Nykomling är utsedd. Ett konto har skapats" in html
    assert "Nina Nykomling" in html and "nykomling@example.org" in html


def test_a_refused_appointment_is_tied_to_the_field_and_keeps_what_was_typed(client, full_group, convener):
    client.force_login(convener)
    busy = SeatTerm.objects.current().get(seat=full_group[1]).holder
    today = timezone.localdate()
    response = client.post(
        reverse("collaboration:seat_assign", args=[full_group[0].pk]),
        {"email": busy.email, "starts_on": today, "ends_on": today + datetime.timedelta(days=30)},
    )
    html = _html(response)
    assert response.status_code == 200
    assert "Ingenting sparades" in html
    assert "har redan platsen Förvaltning 2 under den perioden" in html
    assert f'value="{busy.email}"' in html


def test_the_convener_ends_a_term(client, full_group, convener):
    term = SeatTerm.objects.current().get(seat=full_group[2])
    client.force_login(convener)
    response = client.post(
        reverse("collaboration:term_end", args=[term.pk]), {"left_on": timezone.localdate()}, follow=True
    )
    html = _html(response)
    assert f"{term.holder.full_name} lämnar platsen den" in html
    assert "Platsen Förvaltning 3 (kommunal) är vakant." in html


def test_the_convener_appoints_a_chair_for_two_years_by_default(client, full_group, convener):
    client.force_login(convener)
    today = timezone.localdate()
    response = client.post(
        reverse("collaboration:office_appoint"),
        {"kind": "chair", "seat": full_group[6].pk, "starts_on": today, "ends_on": ""},
        follow=True,
    )
    assert "Ordförande från" in _html(response)
    office = GroupOffice.objects.filter(kind="chair").order_by("-starts_on").first()
    assert office.seat == full_group[6]
    assert (office.ends_on - office.starts_on).days in (729, 730)


def test_the_convener_adds_a_seat_and_must_say_who_appoints_it(client, full_group, convener):
    client.force_login(convener)
    url = reverse("collaboration:seat_create")
    response = client.post(url, {"position": 9, "sector": "ideburen", "appointed_by": "", "appointed_by_text": ""})
    assert "Ange vem som utser platsen" in _html(response)
    client.post(url, {"position": 9, "sector": "ideburen", "appointed_by": "", "appointed_by_text": "Öppen nominering"})
    html = _html(client.get(reverse("collaboration:group")))
    assert "Öppen nominering" in html
    assert "Sektorerna är inte i balans: 4 kommunala platser och 5 platser från idéburen sektor." in html


# --- Queries -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "convener"])
def test_the_group_page_needs_the_same_few_queries_however_many_seats(client, request, django_assert_max_num_queries, who):
    make_group(municipal=10, idea_driven=10)
    login(client, request, who)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("collaboration:group")).status_code == 200


def test_the_history_needs_the_same_few_queries_however_long(client, convener, django_assert_max_num_queries):
    make_group(municipal=10, idea_driven=10)
    client.force_login(convener)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("collaboration:group_history")).status_code == 200
