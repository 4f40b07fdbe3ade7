"""On the day: the helpers' check-in page (search, mark attended, undo, per session) and walk-ins;
who may use it."""

import pytest
from django.urls import reverse

from accounts.models import Organisation, OrganisationKind
from conferences import services
from conferences.models import Registration, SessionAttendance
from conferences.tests.factories import (
    check_in,
    make_conference_on_day,
    make_registration,
    make_training,
)
from overenskommelse.tests.cast import CAST, assert_status, login

pytestmark = pytest.mark.django_db


def _check_in_url(conference, **query):
    url = reverse("conferences:check_in", kwargs={"pk": conference.pk})
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    return url


def _toggle_url(conference, registration):
    return reverse("conferences:check_in_toggle", kwargs={"pk": conference.pk, "registration_pk": registration.pk})


def _names(response) -> list[str]:
    return [registration.name for registration in response.context["registrations"]]


# --- Who may check people in ----------------------------------------------------------------------

ACCESS = [
    ("anonymous", "login"),
    ("ordinary_user", 403),
    ("representative_a", 403),
    ("representative_b", 403),
    ("officer_x", 403),
    ("group_member", 200),
    ("convener", 200),
]


@pytest.mark.parametrize(("who", "expected"), ACCESS)
def test_only_the_group_and_the_convener_open_the_check_in_page(client, request, conference, who, expected):
    login(client, request, who)
    assert_status(client.get(_check_in_url(conference)), expected)


@pytest.mark.parametrize(("who", "expected"), ACCESS)
def test_only_the_group_and_the_convener_open_the_walk_in_form(client, request, conference, who, expected):
    login(client, request, who)
    assert_status(client.get(reverse("conferences:walk_in", kwargs={"pk": conference.pk})), expected)


@pytest.mark.parametrize(
    ("who", "expected"), [(who, "redirect" if code == 200 else code) for who, code in ACCESS]
)
def test_only_the_group_and_the_convener_mark_someone_as_attended(client, request, conference, who, expected):
    registration = make_registration(conference)
    login(client, request, who)
    assert_status(client.post(_toggle_url(conference, registration), {"attended": "1"}), expected)
    registration.refresh_from_db()
    assert (registration.checked_in_at is not None) == (expected == "redirect")


@pytest.mark.parametrize(
    ("who", "expected"), [(who, "redirect" if code == 200 else code) for who, code in ACCESS]
)
def test_only_the_group_and_the_convener_add_a_walk_in(client, request, conference, who, expected):
    login(client, request, who)
    response = client.post(reverse("conferences:walk_in", kwargs={"pk": conference.pk}), {"name": "Vera Spontan"})
    assert_status(response, expected)
    assert Registration.objects.filter(is_walk_in=True).exists() == (expected == "redirect")


def test_the_check_in_page_of_an_unknown_conference_is_not_found(client, convener):
    client.force_login(convener)
    assert client.get(reverse("conferences:check_in", kwargs={"pk": 999})).status_code == 404


def test_a_registration_of_another_conference_cannot_be_checked_in_here(client, convener, conference):
    other = make_registration(make_conference_on_day(title="En annan konferens"))
    client.force_login(convener)
    assert client.post(_toggle_url(conference, other), {"attended": "1"}).status_code == 404


def test_checking_in_is_a_post_only(client, group_member, conference):
    registration = make_registration(conference)
    client.force_login(group_member)
    assert client.get(_toggle_url(conference, registration)).status_code == 405


# --- The list --------------------------------------------------------------------------------------


def test_the_list_shows_confirmed_participants_by_name_and_not_the_waiting_list(client, group_member, conference):
    make_registration(conference, "Örjan Östlund")
    make_registration(conference, "Bertil Berg")
    make_registration(conference, "Cecilia Väntar", status=Registration.Status.WAITING)
    make_registration(conference, "Doris Avbokad", status=Registration.Status.CANCELLED)
    client.force_login(group_member)
    assert _names(client.get(_check_in_url(conference))) == ["Bertil Berg", "Örjan Östlund"]


def test_a_helper_finds_a_participant_by_part_of_the_name(client, group_member, conference):
    make_registration(conference, "Anna Andersson")
    make_registration(conference, "Bertil Berg")
    client.force_login(group_member)
    assert _names(client.get(_check_in_url(conference, q="ander"))) == ["Anna Andersson"]


def test_a_helper_finds_participants_by_their_organisation(client, group_member, conference, organisation_a):
    make_registration(conference, "Anna Andersson", organisation=organisation_a)
    make_registration(conference, "Bertil Berg", organisation_name="Fotbollsklubben")
    make_registration(conference, "Cecilia Carlsson")
    client.force_login(group_member)
    assert _names(client.get(_check_in_url(conference, q="Föreningen"))) == ["Anna Andersson"]
    assert _names(client.get(_check_in_url(conference, q="fotboll"))) == ["Bertil Berg"]


def test_every_word_of_the_search_must_match(client, group_member, conference):
    make_registration(conference, "Anna Andersson")
    make_registration(conference, "Anna Berg")
    client.force_login(group_member)
    assert _names(client.get(_check_in_url(conference, q="anna berg"))) == ["Anna Berg"]


def test_the_counts_at_the_top_say_how_many_have_come(client, group_member, conference):
    check_in(make_registration(conference, "Anna Andersson"))
    make_registration(conference, "Bertil Berg")
    make_registration(conference, "Cecilia Carlsson")
    make_registration(conference, "Vera Spontan", is_walk_in=True, checked_in_at="2026-01-01T10:00Z")
    make_registration(conference, "Doris Väntar", status=Registration.Status.WAITING)
    client.force_login(group_member)
    counts = client.get(_check_in_url(conference)).context["counts"]
    assert (counts["checked_in"], counts["confirmed"], counts["walk_ins"]) == (1, 3, 1)


def test_the_check_in_page_reads_well_in_english(client, group_member, conference, english):
    make_registration(conference, "Anna Andersson")
    client.force_login(group_member)
    content = client.get(_check_in_url(conference)).content.decode()
    assert "0</strong> of 1 checked in" in content
    assert "Mark as attended" in content


def test_the_list_is_paginated_with_a_constant_number_of_queries(
    client, group_member, conference, organisation_a, django_assert_max_num_queries
):
    Registration.objects.bulk_create(
        [
            Registration(
                conference=conference,
                name=f"Deltagare {number:03}",
                email=f"d{number}@example.org",
                status=Registration.Status.CONFIRMED,
                organisation=organisation_a if number % 2 else None,
            )
            for number in range(60)
        ]
    )
    session = make_training(conference)
    client.force_login(group_member)
    # 15: the two-step verification check of the group's pages is one query more than before.
    with django_assert_max_num_queries(15):
        response = client.get(_check_in_url(conference, session=session.pk, page=2))
    assert len(response.context["registrations"]) == 25


# --- Marking attended ------------------------------------------------------------------------------


def test_a_helper_marks_a_participant_as_attended(client, group_member, conference):
    registration = make_registration(conference)
    client.force_login(group_member)
    response = client.post(_toggle_url(conference, registration), {"attended": "1", "q": "anna"})
    assert response["Location"] == _check_in_url(conference, q="anna")
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_a_helper_undoes_a_check_in_made_by_mistake(client, group_member, conference):
    registration = check_in(make_registration(conference))
    client.force_login(group_member)
    client.post(_toggle_url(conference, registration), {"attended": "0"})
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_a_second_tap_keeps_the_time_of_the_first(group_member, conference):
    registration = make_registration(conference)
    first = services.registration_check_in(registration=registration, by=group_member, attended=True).checked_in_at
    again = services.registration_check_in(registration=registration, by=group_member, attended=True).checked_in_at
    assert again == first


def test_a_registration_on_the_waiting_list_cannot_be_checked_in(client, group_member, conference):
    registration = make_registration(conference, status=Registration.Status.WAITING)
    client.force_login(group_member)
    assert client.post(_toggle_url(conference, registration), {"attended": "1"}).status_code == 404


def test_the_helper_is_told_who_was_checked_in(client, group_member, conference, english):
    registration = make_registration(conference, "Anna Andersson")
    client.force_login(group_member)
    response = client.post(_toggle_url(conference, registration), {"attended": "1"}, follow=True)
    assert "Anna Andersson is checked in." in response.content.decode()


# --- Per session -----------------------------------------------------------------------------------


def test_a_helper_marks_attendance_in_a_training_session(client, group_member, conference, training):
    registration = make_registration(conference)
    client.force_login(group_member)
    response = client.post(_toggle_url(conference, registration), {"attended": "1", "session": training.pk})
    assert response["Location"] == _check_in_url(conference, session=training.pk)
    assert SessionAttendance.objects.filter(registration=registration, session=training).exists()


def test_attending_a_session_also_checks_in_to_the_conference(group_member, conference, training):
    registration = make_registration(conference)
    services.session_attendance_set(registration=registration, session=training, by=group_member, attended=True)
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_session_attendance_is_undone_on_its_own(client, group_member, conference, training):
    registration = check_in(make_registration(conference), training)
    client.force_login(group_member)
    client.post(_toggle_url(conference, registration), {"attended": "0", "session": training.pk})
    registration.refresh_from_db()
    assert not SessionAttendance.objects.exists()
    assert registration.checked_in_at is not None


def test_the_session_list_shows_who_signed_up_and_who_is_in_the_session(client, group_member, conference, training):
    signed_up = make_registration(conference, "Anna Andersson")
    signed_up.sessions.add(training)
    check_in(make_registration(conference, "Bertil Berg"), training)
    client.force_login(group_member)
    response = client.get(_check_in_url(conference, session=training.pk))
    rows = {r.name: (r.signed_up, r.is_present) for r in response.context["registrations"]}
    assert rows == {"Anna Andersson": (True, False), "Bertil Berg": (False, True)}
    assert (response.context["counts"]["session_attended"], response.context["counts"]["session_signed_up"]) == (1, 1)


def test_a_session_of_another_conference_is_refused(client, group_member, conference):
    registration = make_registration(conference)
    other_session = make_training(make_conference_on_day(title="En annan"))
    client.force_login(group_member)
    client.post(_toggle_url(conference, registration), {"attended": "1", "session": other_session.pk})
    assert not SessionAttendance.objects.exists()


# --- Walk-ins --------------------------------------------------------------------------------------


def _walk_in(client, conference, **data):
    return client.post(reverse("conferences:walk_in", kwargs={"pk": conference.pk}), data)


def test_a_walk_in_is_added_confirmed_and_checked_in(client, group_member, conference):
    client.force_login(group_member)
    response = _walk_in(client, conference, name="Vera Spontan", email="vera@example.org", organisation="Syjuntan")
    assert response["Location"] == _check_in_url(conference)
    walk_in = Registration.objects.get()
    assert (walk_in.status, walk_in.is_walk_in, walk_in.organisation_name, walk_in.registered_by) == (
        Registration.Status.CONFIRMED,
        True,
        "Syjuntan",
        group_member,
    )
    assert walk_in.checked_in_at is not None


def test_a_walk_in_is_let_in_even_when_the_conference_is_full(client, group_member):
    full = make_conference_on_day(capacity=1)
    make_registration(full, "Anna Andersson")
    client.force_login(group_member)
    _walk_in(client, full, name="Vera Spontan")
    assert full.registrations.filter(status=Registration.Status.CONFIRMED).count() == 2


def test_walk_ins_without_email_addresses_can_be_several(client, group_member, conference):
    client.force_login(group_member)
    _walk_in(client, conference, name="Vera Spontan")
    _walk_in(client, conference, name="Ville Spontan")
    assert conference.registrations.filter(is_walk_in=True, email="").count() == 2


def test_a_walk_in_from_an_organisation_in_the_register_is_linked_to_it(client, group_member, conference):
    organisation = Organisation.objects.create(name="Lunds Scoutkår", kind=OrganisationKind.NON_PROFIT_ASSOCIATION)
    client.force_login(group_member)
    _walk_in(client, conference, name="Vera Spontan", organisation="lunds scoutkår")
    walk_in = Registration.objects.get()
    assert (walk_in.organisation, walk_in.organisation_name) == (organisation, "")


def test_the_walk_in_form_suggests_the_organisations_of_the_register(client, group_member, conference, organisation_a):
    client.force_login(group_member)
    content = client.get(reverse("conferences:walk_in", kwargs={"pk": conference.pk})).content.decode()
    assert 'list="organisation-names"' in content
    assert '<option value="Föreningen A">' in content


def test_someone_already_registered_is_not_added_twice_as_a_walk_in(client, group_member, conference, english):
    make_registration(conference, "Anna Andersson", email="anna@example.org")
    client.force_login(group_member)
    response = _walk_in(client, conference, name="Anna A", email="ANNA@example.org")
    assert response.status_code == 200
    assert "Anna Andersson has already registered" in response.content.decode()
    assert response.context["form"]["name"].value() == "Anna A"
    assert conference.registrations.count() == 1


def test_someone_on_the_waiting_list_who_comes_anyway_is_let_in_as_a_walk_in(client, group_member, conference):
    waiting = make_registration(conference, "Anna Andersson", status=Registration.Status.WAITING)
    client.force_login(group_member)
    _walk_in(client, conference, name="Anna Andersson", email=waiting.email)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.is_walk_in, waiting.checked_in_at is not None) == (
        Registration.Status.CONFIRMED,
        True,
        True,
    )
    assert conference.registrations.count() == 1


def test_a_walk_in_needs_a_name(client, group_member, conference, english):
    client.force_login(group_member)
    response = _walk_in(client, conference, name="", email="vera@example.org")
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert response.context["form"]["email"].value() == "vera@example.org"
    assert not Registration.objects.exists()


@pytest.mark.parametrize("who", CAST)
def test_nobody_outside_the_cast_rights_sees_the_list_of_names(client, request, conference, who):
    make_registration(conference, "Anna Andersson")
    login(client, request, who)
    content = client.get(_check_in_url(conference)).content.decode()
    assert ("Anna Andersson" in content) == (who in {"group_member", "convener"})
