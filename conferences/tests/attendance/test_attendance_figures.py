"""Attendance figures of a conference and of a year, checked against a small example counted by hand;
the page that shows them, and who may open it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind
from conferences.models import Invitation, Registration
from conferences.selectors import attendance_figures, attendance_figures_for_year
from conferences.tests.factories import (
    check_in,
    make_conference_on_day,
    make_registration,
)
from overenskommelse.tests.cast import assert_status, login

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 5, 20)
SENT = timezone.make_aware(datetime.datetime(2025, 3, 1, 9))


def _organisation(name, kind=OrganisationKind.NON_PROFIT_ASSOCIATION, **dates) -> Organisation:
    return Organisation.objects.create(name=name, kind=kind, **dates)


def _invite(conference, email, organisation=None, **fields) -> Invitation:
    values = {"source": Invitation.Source.ORGANISATION, "sent_at": SENT}
    values.update(fields)
    return Invitation.objects.create(conference=conference, email=email, organisation=organisation, **values)


@pytest.fixture
def example():
    """The example counted by hand (see the expectations in the tests below).

    Organisations: Ansluten (connected since 2024), Utträdd (withdrew before the day), Senare
    (connected only after the day), a förvaltning and a university.

    Present (7): Ansluten ×2, Utträdd, the förvaltning, one person without an organisation, and two
    walk-ins (one from the university, one without an organisation). Confirmed but absent: Senare.
    Also one on the waiting list and one cancellation (neither counts as present).
    """
    conference = make_conference_on_day(starts_on=DAY)
    connected = _organisation("Ansluten förening", connected_since=datetime.date(2024, 1, 1))
    withdrawn = _organisation(
        "Utträdd förening", connected_since=datetime.date(2023, 1, 1), withdrawn_on=datetime.date(2025, 3, 1)
    )
    later = _organisation("Senare förening", connected_since=datetime.date(2025, 6, 1))
    administration = _organisation("Kulturförvaltningen", OrganisationKind.ADMINISTRATION)
    university = _organisation("Lunds universitet", OrganisationKind.UNIVERSITY)
    away = _organisation("Borta förening", connected_since=datetime.date(2024, 1, 1))
    unsent = _organisation("Osänd förening")

    check_in(make_registration(conference, "A1", organisation=connected))
    check_in(make_registration(conference, "A2", organisation=connected))
    check_in(make_registration(conference, "B1", organisation=withdrawn))
    make_registration(conference, "C1", organisation=later)
    check_in(make_registration(conference, "D1", organisation=administration))
    check_in(make_registration(conference, "E1", organisation_name="Privatperson"))
    check_in(make_registration(conference, "W1", organisation=university, is_walk_in=True))
    check_in(make_registration(conference, "W2", email="", is_walk_in=True))
    make_registration(conference, "Q1", status=Registration.Status.WAITING, waiting_since=SENT)
    make_registration(conference, "X1", organisation=later, status=Registration.Status.CANCELLED)

    # Invited: Ansluten (two addresses, counted once), Utträdd, Senare, the university, Borta = 5.
    _invite(conference, "a@example.org", connected)
    _invite(conference, "a2@example.org", connected)
    _invite(conference, "b@example.org", withdrawn)
    _invite(conference, "c@example.org", later)
    _invite(conference, "u@example.org", university)
    _invite(conference, "borta@example.org", away)
    # Not counted: removed from the list, never sent, no organisation.
    _invite(conference, "d@example.org", administration, excluded=True)
    _invite(conference, "osand@example.org", unsent, sent_at=None)
    _invite(conference, "privat@example.org", None, source=Invitation.Source.MANUAL)
    return conference


def _rows(rows) -> dict[str, int]:
    return {row.key: row.count for row in rows}


def test_the_totals_of_the_example(example):
    figures = attendance_figures(example)
    assert (figures.registered, figures.confirmed, figures.waiting) == (7, 6, 1)
    assert (figures.checked_in, figures.checked_in_registered, figures.walk_ins, figures.no_shows) == (7, 5, 2, 1)
    assert figures.checked_in_share == 83  # 5 of 6


def test_the_people_present_by_sector(example):
    assert _rows(attendance_figures(example).by_sector) == {"ideburen": 3, "offentlig": 1, "annan": 1, "none": 2}


def test_the_people_present_by_kind_of_organisation(example):
    assert _rows(attendance_figures(example).by_kind) == {
        "ideell_forening": 3,
        "forvaltning": 1,
        "larosate": 1,
        "none": 2,
    }


def test_connected_means_connected_on_the_day_of_the_conference(example):
    # Utträdd had withdrawn before the day; Senare joined after it (and was absent anyway).
    assert _rows(attendance_figures(example).by_connection) == {"connected": 2, "not_connected": 3, "none": 2}


def test_the_share_of_invited_organisations_that_came(example):
    figures = attendance_figures(example)
    assert (figures.invited_organisations, figures.invited_organisations_present) == (5, 3)
    assert figures.invited_organisations_share == 60


def test_the_figures_take_three_queries_whatever_the_number_of_people(example, django_assert_num_queries):
    Registration.objects.bulk_create(
        [
            Registration(
                conference=example,
                name=f"P{number}",
                email=f"p{number}@example.org",
                status="confirmed",
                checked_in_at=SENT,
            )
            for number in range(50)
        ]
    )
    with django_assert_num_queries(3):
        figures = attendance_figures(example)
    assert figures.checked_in == 57


def test_a_conference_without_registrations_has_empty_figures(conference):
    figures = attendance_figures(conference)
    assert (figures.registered, figures.checked_in, figures.checked_in_share, figures.invited_organisations_share) == (
        0,
        0,
        None,
        None,
    )


def test_the_figures_of_a_year_sum_its_conferences(example, django_assert_max_num_queries):
    autumn = make_conference_on_day(starts_on=datetime.date(2025, 10, 1), title="Höstkonferensen")
    check_in(make_registration(autumn, "A1 igen", organisation=Organisation.objects.get(name="Ansluten förening")))
    _invite(autumn, "a@example.org", Organisation.objects.get(name="Ansluten förening"))
    other_year = make_conference_on_day(starts_on=datetime.date(2023, 5, 1), title="Förra konferensen")
    check_in(make_registration(other_year, "Gammal"))
    with django_assert_max_num_queries(4):
        figures = attendance_figures_for_year(2025)
    assert (figures.conferences, figures.checked_in, figures.confirmed) == (2, 8, 7)
    assert _rows(figures.by_connection)["connected"] == 3
    assert (figures.invited_organisations, figures.invited_organisations_present) == (6, 4)


def test_a_year_without_conferences_has_zero_figures(db):
    figures = attendance_figures_for_year(2031)
    assert (figures.conferences, figures.checked_in) == (0, 0)


# --- The page --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 403),
        ("representative_b", 403),
        ("officer_x", 403),
        ("group_member", 200),
        ("convener", 200),
    ],
)
def test_the_group_and_the_convener_see_the_attendance_figures(client, request, conference, who, expected):
    login(client, request, who)
    assert_status(client.get(reverse("conferences:attendance_figures", kwargs={"pk": conference.pk})), expected)


def test_the_figures_page_shows_the_example(client, group_member, example, english):
    client.force_login(group_member)
    content = client.get(reverse("conferences:attendance_figures", kwargs={"pk": example.pk})).content.decode()
    assert "3 of 5 (60 %)" in content
    assert "Non-profit association" in content
    assert "No organisation in the register" in content
    # The exports are the convener's: not offered to a group member.
    assert reverse("conferences:participants_csv", kwargs={"pk": example.pk}) not in content


def test_the_figures_page_of_an_unknown_conference_is_not_found(client, convener):
    client.force_login(convener)
    assert client.get(reverse("conferences:attendance_figures", kwargs={"pk": 999})).status_code == 404
