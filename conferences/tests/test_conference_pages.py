"""The conference pages of journeys 1–2: the list (upcoming first, drafts for the group only, the
reminder when a conference is due), one conference, the convener's set-up, the programme and its
sessions, and the iCalendar file — role by role."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from conferences.models import Conference, Session
from conferences.selectors import conference_due_year, conference_missing_for_due_year
from conferences.tests.factories import make_conference, make_session, register
from initiatives.models import Initiative
from overenskommelse.tests.cast import CAST, assert_status, login

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _url(name, conference, **extra):
    return reverse(f"conferences:{name}", kwargs={"pk": conference.pk, **extra})


def _form_data(**overrides) -> dict:
    data = {
        "title": "Överenskommelsekonferensen 2027",
        "starts_on": "2027-05-20",
        "ends_on": "2027-05-20",
        "venue_name": "Folkets hus",
        "venue_address": "Winstrupsgatan 3, Lund",
        "venue_accessibility": "Hiss.",
        "description": "En dag om överenskommelsen.",
        "registration_opens_at": "2027-01-10T08:00",
        "registration_closes_at": "2027-05-01T23:59",
        "capacity": "120",
        "needs_retention_days": "30",
    }
    data.update(overrides)
    return data


# --- The list --------------------------------------------------------------------------------------


def test_the_list_shows_upcoming_conferences_first_and_earlier_ones_below(client, held_conference, conference):
    response = client.get(reverse("conferences:conference_list"))
    assert response.status_code == 200
    assert list(response.context["upcoming"]) == [conference]
    assert list(response.context["past"]) == [held_conference]
    content = response.content.decode()
    assert content.index(conference.title) < content.index(held_conference.title)


@pytest.mark.parametrize(
    ("who", "sees_draft"),
    [
        ("anonymous", False),
        ("ordinary_user", False),
        ("representative_a", False),
        ("representative_b", False),
        ("officer_x", False),
        ("group_member", True),
        ("convener", True),
    ],
)
def test_a_draft_is_listed_only_for_the_group_and_the_convener(client, request, draft_conference, who, sees_draft):
    login(client, request, who)
    response = client.get(reverse("conferences:conference_list"))
    assert (draft_conference in response.context["upcoming"]) is sees_draft


def test_the_list_paginates_earlier_conferences_in_constant_queries(client, convener, django_assert_max_num_queries):
    for year in range(1990, 2020):
        make_conference(
            title=f"Konferensen {year}",
            starts_on=datetime.date(year, 5, 1),
            ends_on=datetime.date(year, 5, 1),
            registration_opens_at=timezone.make_aware(datetime.datetime(year, 1, 1)),
            registration_closes_at=timezone.make_aware(datetime.datetime(year, 4, 1)),
        )
    client.force_login(convener)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("conferences:conference_list"))
    assert len(response.context["past"]) == 25
    assert client.get(reverse("conferences:conference_list") + "?page=2").context["past"][0].title == "Konferensen 1994"


# --- The reminder when a conference is due -------------------------------------------------------


def _held_in(year: int, **fields) -> Conference:
    return make_conference(
        title=f"Konferensen {year}",
        starts_on=datetime.date(year, 10, 17),
        ends_on=datetime.date(year, 10, 17),
        registration_opens_at=timezone.make_aware(datetime.datetime(year, 8, 1)),
        registration_closes_at=timezone.make_aware(datetime.datetime(year, 10, 10)),
        **fields,
    )


def test_a_conference_is_due_every_other_year_from_the_last_one_held(db):
    _held_in(2022)
    _held_in(2024)
    assert conference_due_year(datetime.date(2025, 3, 1)) == 2026
    assert conference_missing_for_due_year(datetime.date(2025, 3, 1)) == 2026


def test_a_missed_year_makes_the_conference_due_this_year(db):
    _held_in(2022)
    assert conference_due_year(datetime.date(2025, 3, 1)) == 2025


def test_nothing_is_due_before_any_conference_has_been_held(db):
    assert conference_due_year(datetime.date(2025, 3, 1)) is None
    assert conference_missing_for_due_year(datetime.date(2025, 3, 1)) is None


def test_a_draft_planned_for_the_due_year_silences_the_reminder(db):
    _held_in(2024)
    make_conference(
        title="Utkast 2026",
        is_published=False,
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2026, 10, 1),
        registration_opens_at=timezone.make_aware(datetime.datetime(2026, 8, 1)),
        registration_closes_at=timezone.make_aware(datetime.datetime(2026, 9, 1)),
    )
    assert conference_missing_for_due_year(datetime.date(2025, 3, 1)) is None


def test_an_unpublished_conference_in_the_past_does_not_count_as_held(db):
    _held_in(2024, is_published=False)
    assert conference_due_year(datetime.date(2025, 3, 1)) is None


@pytest.mark.parametrize(
    ("who", "warned"),
    [
        ("anonymous", False),
        ("ordinary_user", False),
        ("representative_a", False),
        ("officer_x", False),
        ("group_member", True),
        ("convener", True),
    ],
)
def test_the_group_and_the_convener_are_reminded_when_no_conference_is_planned_in_the_due_year(
    client, request, english, who, warned
):
    held = _held_in(TODAY.year - 2)
    login(client, request, who)
    response = client.get(reverse("conferences:conference_list"))
    due = held.starts_on.year + 2
    assert (response.context["missing_year"] == due) is warned
    assert (f"No conference is planned for {due}" in response.content.decode()) is warned


# --- One conference ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", ["conference_detail", "programme", "conference_ical"])
def test_everyone_sees_a_published_conference_its_programme_and_calendar(client, request, conference, who, name):
    login(client, request, who)
    assert_status(client.get(_url(name, conference)), 200)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 404),
        ("ordinary_user", 404),
        ("representative_a", 404),
        ("representative_b", 404),
        ("officer_x", 404),
        ("group_member", 200),
        ("convener", 200),
    ],
)
@pytest.mark.parametrize("name", ["conference_detail", "programme", "conference_ical"])
def test_a_draft_is_unknown_to_all_but_the_group_and_the_convener(
    client, request, draft_conference, who, expected, name
):
    login(client, request, who)
    assert_status(client.get(_url(name, draft_conference)), expected)


def test_the_conference_page_shows_places_left_and_the_register_button(client, english, conference):
    response = client.get(_url("conference_detail", conference))
    content = response.content.decode()
    assert "3 places left." in content
    assert _url("registration_create", conference) in content
    assert "Hiss och hörslinga." in content


def test_the_conference_page_offers_the_waiting_list_when_full(client, english, conference):
    conference.capacity = 1
    conference.save()
    
    register(conference, "forst@example.org")
    content = client.get(_url("conference_detail", conference)).content.decode()
    assert "The conference is full." in content
    assert "Join the waiting list" in content


def test_the_organisers_tools_are_shown_to_the_convener_only(client, convener, ordinary_user, english, conference):
    client.force_login(ordinary_user)
    assert _url("invitation_list", conference) not in client.get(_url("conference_detail", conference)).content.decode()
    client.force_login(convener)
    content = client.get(_url("conference_detail", conference)).content.decode()
    assert _url("invitation_list", conference) in content
    assert _url("registration_list", conference) in content
    assert _url("conference_edit", conference) in content


# --- Setting up -----------------------------------------------------------------------------------------


ROLE_MATRIX = [
    ("anonymous", "login"),
    ("ordinary_user", 403),
    ("representative_a", 403),
    ("representative_b", 403),
    ("officer_x", 403),
    ("group_member", 403),
    ("convener", 200),
]


@pytest.mark.parametrize(("who", "expected"), ROLE_MATRIX)
def test_only_the_convener_sets_up_a_conference(client, request, who, expected):
    login(client, request, who)
    assert_status(client.get(reverse("conferences:conference_create")), expected)


@pytest.mark.parametrize(("who", "expected"), ROLE_MATRIX)
@pytest.mark.parametrize("name", ["conference_edit", "session_create"])
def test_only_the_convener_edits_a_conference_and_its_programme(client, request, conference, who, expected, name):
    login(client, request, who)
    assert_status(client.get(_url(name, conference)), expected)


@pytest.mark.parametrize(("who", "expected"), ROLE_MATRIX)
@pytest.mark.parametrize("name", ["session_edit", "session_delete"])
def test_only_the_convener_changes_or_removes_a_session(client, request, conference, who, expected, name):
    session = make_session(conference)
    login(client, request, who)
    assert_status(client.get(_url(name, conference, session_pk=session.pk)), expected)


def test_the_convener_creates_a_draft_conference(client, convener):
    client.force_login(convener)
    response = client.post(reverse("conferences:conference_create"), _form_data())
    conference = Conference.objects.get()
    assert response.status_code == 302
    assert response["Location"] == conference.get_absolute_url()
    assert conference.is_published is False
    assert conference.capacity == 120
    assert timezone.localtime(conference.registration_opens_at).hour == 8


def test_a_conference_form_with_errors_keeps_what_was_typed(client, convener, english):
    client.force_login(convener)
    response = client.post(reverse("conferences:conference_create"), _form_data(ends_on="2027-05-19"))
    assert response.status_code == 200
    assert not Conference.objects.exists()
    assert "The last day cannot be before the first day." in response.content.decode()
    assert response.context["form"]["title"].value() == "Överenskommelsekonferensen 2027"


def test_registration_cannot_close_after_the_conference(client, convener, english):
    client.force_login(convener)
    response = client.post(
        reverse("conferences:conference_create"), _form_data(registration_closes_at="2027-05-25T10:00")
    )
    assert "registration_closes_at" in response.context["form"].errors


def test_the_convener_publishes_a_draft(client, convener, draft_conference):
    client.force_login(convener)
    data = _form_data(
        title=draft_conference.title,
        starts_on=draft_conference.starts_on.isoformat(),
        ends_on=draft_conference.ends_on.isoformat(),
        registration_opens_at=timezone.localtime(draft_conference.registration_opens_at).strftime("%Y-%m-%dT%H:%M"),
        registration_closes_at=timezone.localtime(draft_conference.registration_closes_at).strftime("%Y-%m-%dT%H:%M"),
        is_published="on",
    )
    assert client.post(_url("conference_edit", draft_conference), data).status_code == 302
    draft_conference.refresh_from_db()
    assert draft_conference.is_published


# --- The programme ------------------------------------------------------------------------------------


def _session_data(conference, **overrides) -> dict:
    day = conference.starts_on.isoformat()
    data = {
        "title": "Utbildning om IOP",
        "kind": Session.Kind.TRAINING,
        "starts_at": f"{day}T13:00",
        "ends_at": f"{day}T14:00",
        "room": "Sal B",
        "speakers": "Leila Karimi",
        "description": "Från initiativ till avtal.",
        "capacity": "30",
    }
    data.update(overrides)
    return data


def test_the_convener_adds_a_session_to_the_programme(client, convener, conference):
    client.force_login(convener)
    response = client.post(_url("session_create", conference), _session_data(conference))
    assert response.status_code == 302
    session = conference.sessions.get()
    assert session.capacity == 30
    assert timezone.localtime(session.starts_at).hour == 13


def test_a_session_outside_the_conference_days_is_refused(client, convener, english, conference):
    client.force_login(convener)
    other_day = (conference.starts_on + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        _url("session_create", conference),
        _session_data(conference, starts_at=f"{other_day}T13:00", ends_at=f"{other_day}T14:00"),
    )
    assert response.status_code == 200
    assert "The session must take place during the conference days." in response.content.decode()
    assert not conference.sessions.exists()


def test_a_presentation_of_an_initiative_names_the_initiative(client, convener, english, conference):
    client.force_login(convener)
    response = client.post(_url("session_create", conference), _session_data(conference, kind="initiative"))
    assert "initiative" in response.context["form"].errors


def test_the_convener_edits_and_removes_a_session(client, convener, conference):
    session = make_session(conference)
    client.force_login(convener)
    client.post(_url("session_edit", conference, session_pk=session.pk), _session_data(conference, title="Nytt namn"))
    session.refresh_from_db()
    assert session.title == "Nytt namn"
    client.post(_url("session_delete", conference, session_pk=session.pk))
    assert not Session.objects.filter(pk=session.pk).exists()


def test_a_session_of_another_conference_is_not_found(client, convener, conference):
    other = make_conference(title="En annan")
    session = make_session(other)
    client.force_login(convener)
    assert client.get(_url("session_edit", conference, session_pk=session.pk)).status_code == 404


def test_the_programme_is_grouped_by_day_and_shows_full_sessions(client, english, conference):
    conference.ends_on = conference.starts_on + datetime.timedelta(days=1)
    conference.save()
    first = make_session(conference, hour=9, title="Välkommen", kind=Session.Kind.PLENARY)
    full = make_session(conference, hour=10, title="Liten utbildning", capacity=1)
    second_day = conference.ends_on
    later = Session.objects.create(
        conference=conference,
        title="Dag två",
        kind=Session.Kind.DIALOGUE,
        starts_at=timezone.make_aware(datetime.datetime(second_day.year, second_day.month, second_day.day, 9)),
        ends_at=timezone.make_aware(datetime.datetime(second_day.year, second_day.month, second_day.day, 10)),
    )
    
    register(conference, "forst@example.org", sessions=[full])
    response = client.get(_url("programme", conference))
    days = response.context["days"]
    assert [day for day, _sessions in days] == [conference.starts_on, second_day]
    assert days[0][1] == [first, full]
    assert days[1][1] == [later]
    content = response.content.decode()
    assert "This session is full." in content
    assert 'media="print"' in content and "programme-print.css" in content


def test_the_programme_links_a_presented_initiative(client, conference):
    initiative = Initiative.objects.create(title="Schack för alla", need="Ett behov.", goal="Ett mål.")
    make_session(conference, kind=Session.Kind.INITIATIVE, initiative=initiative)
    assert initiative.get_absolute_url() in client.get(_url("programme", conference)).content.decode()


def test_the_programme_is_read_in_constant_queries(client, conference, django_assert_max_num_queries):
    for hour in range(8, 20):
        make_session(conference, hour=hour, capacity=10)
    with django_assert_max_num_queries(8):
        assert client.get(_url("programme", conference)).status_code == 200


# --- The calendar file ------------------------------------------------------------------------------


def test_the_calendar_file_holds_the_conference_and_its_sessions(client, conference):
    session = make_session(conference, hour=13, title="Utbildning om IOP", room="Sal B")
    response = client.get(_url("conference_ical", conference))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    whole, part = events
    assert str(whole["SUMMARY"]) == conference.title
    assert whole.decoded("DTSTART") == conference.starts_on
    assert conference.venue_address in str(whole["LOCATION"])
    assert str(part["SUMMARY"]) == "Utbildning om IOP"
    assert part.decoded("DTSTART") == session.starts_at
    assert part.decoded("DTSTART").utcoffset() == timezone.localtime(session.starts_at).utcoffset()
    assert str(part["LOCATION"]).startswith("Sal B, Stadshallen")
    assert calendar.walk("VTIMEZONE"), "the local time zone is described in the file"
