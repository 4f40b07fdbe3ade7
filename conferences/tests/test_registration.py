"""Registration (journey 4): the public form, one registration per email, the waiting list and its
promotion with emails, full sessions, the personal link to change or cancel (expired after the
conference), the convener's notices at 50/80/100 %, a representative registering colleagues, the
convener's list, and the erasure of needs after the conference."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from conferences.models import Registration
from conferences.services import (
    needs_erase_due,
    registration_cancel,
    registration_colleagues_create,
    registration_update,
)
from conferences.tasks import send_capacity_reached, send_registration_email
from conferences.tests.factories import make_conference, make_session, register
from overenskommelse.tests.cast import CAST, assert_status, login

pytestmark = pytest.mark.django_db


def _url(name, conference):
    return reverse(f"conferences:{name}", kwargs={"pk": conference.pk})


def _manage(registration):
    return reverse("conferences:registration_manage", kwargs={"token": registration.token})


def _cancel(registration):
    return reverse("conferences:registration_cancel", kwargs={"token": registration.token})


def _form(**overrides) -> dict:
    data = {
        "name": "Karin Björk",
        "email": "karin@example.org",
        "organisation_name": "Föreningen Medmänniskor",
        "dietary_needs": "Vegetarisk",
        "accessibility_needs": "Hörslinga",
        "on_participant_list": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def _subjects(address: str) -> list[str]:
    return [message.subject for message in mail.outbox if message.to == [address]]


# --- The public form ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_anyone_may_open_the_registration_form(client, request, conference, who):
    login(client, request, who)
    assert_status(client.get(_url("registration_create", conference)), 200)


def test_a_draft_takes_no_registrations(client, draft_conference):
    assert client.get(_url("registration_create", draft_conference)).status_code == 404


def test_the_form_says_who_sees_the_needs_and_when_they_are_erased(client, english, conference):
    conference.needs_retention_days = 45
    conference.save()
    content = client.get(_url("registration_create", conference)).content.decode()
    assert "Only the convener of the conference sees your dietary and accessibility needs." in content
    assert "They are erased 45 days after the conference." in content


def test_a_visitor_registers_and_is_sent_a_confirmation_with_a_calendar_file(
    client, conference, django_capture_on_commit_callbacks
):
    session = make_session(conference, title="Utbildning om IOP")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("registration_create", conference), _form(sessions=[session.pk]))
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _manage(registration)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.organisation_name == "Föreningen Medmänniskor"
    assert registration.on_participant_list
    assert list(registration.sessions.all()) == [session]
    [message] = mail.outbox
    assert message.to == ["karin@example.org"]
    assert conference.title in message.subject
    assert _manage(registration) in message.body
    assert _cancel(registration) in message.body
    [(filename, content, mimetype)] = message.attachments
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    events = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == [conference.title, "Utbildning om IOP"]


def test_one_registration_per_email_and_conference(client, english, conference):
    register(conference, "karin@example.org")
    response = client.post(_url("registration_create", conference), _form(email="Karin@Example.org"))
    assert response.status_code == 200
    assert "This email address is already registered for the conference." in response.content.decode()
    assert response.context["form"]["name"].value() == "Karin Björk"
    assert Registration.objects.count() == 1


def test_the_service_refuses_a_second_registration_with_the_same_email(conference):
    register(conference, "karin@example.org")
    with pytest.raises(ValidationError) as error:
        register(conference, "KARIN@example.org")
    assert list(error.value.message_dict) == ["email"]


def test_the_database_refuses_a_second_registration_with_the_same_email(conference):
    register(conference, "karin@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(conference=conference, name="K", email="karin@example.org", status="waiting")


def test_after_cancelling_one_may_register_again(conference):
    first = register(conference, "karin@example.org")
    registration_cancel(registration=first)
    again = register(conference, "karin@example.org")
    assert again.status == Registration.Status.CONFIRMED


def test_a_filled_honeypot_registers_nobody(client, english, conference):
    response = client.post(_url("registration_create", conference), _form(website="http://spam.example"))
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_the_honeypot_is_out_of_sight_and_out_of_the_tab_order(client, conference):
    content = client.get(_url("registration_create", conference)).content.decode()
    # Off-screen by its class; not aria-hidden, since a form field must not be hidden from
    # assistive technology (its label asks people to leave it empty).
    assert '<div class="hp-field">' in content
    assert 'name="website"' in content and 'tabindex="-1"' in content


def test_registration_outside_its_window_is_refused(client, english, conference):
    conference.registration_opens_at = timezone.now() + datetime.timedelta(days=1)
    conference.save()
    response = client.get(_url("registration_create", conference))
    assert "Registration opens on" in response.content.decode()
    assert 'name="email"' not in response.content.decode()
    response = client.post(_url("registration_create", conference), _form())
    assert not Registration.objects.exists()


# --- Capacity, the waiting list and promotion ------------------------------------------------------


def test_when_the_conference_is_full_new_registrations_wait_in_line(conference):
    confirmed = [register(conference, f"p{i}@example.org") for i in range(3)]
    first = register(conference, "vantar1@example.org")
    second = register(conference, "vantar2@example.org")
    assert {r.status for r in confirmed} == {Registration.Status.CONFIRMED}
    assert first.status == second.status == Registration.Status.WAITING
    assert first.waiting_since <= second.waiting_since


def test_the_waiting_list_email_tells_the_place_in_line(conference, english, django_capture_on_commit_callbacks):
    for i in range(3):
        register(conference, f"p{i}@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        register(conference, "vantar1@example.org")
        register(conference, "vantar2@example.org")
    [message] = [m for m in mail.outbox if m.to == ["vantar2@example.org"]]
    assert "number 2" in message.body or "nummer 2" in message.body
    assert not message.attachments


def test_a_cancellation_promotes_the_first_on_the_waiting_list_who_is_emailed(
    client, conference, django_capture_on_commit_callbacks
):
    leaving = register(conference, "p0@example.org")
    register(conference, "p1@example.org")
    register(conference, "p2@example.org")
    first = register(conference, "vantar1@example.org")
    second = register(conference, "vantar2@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_cancel(leaving))
    assert response.status_code == 302
    leaving.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert leaving.status == Registration.Status.CANCELLED
    assert first.status == Registration.Status.CONFIRMED
    assert second.status == Registration.Status.WAITING
    [promoted] = [m for m in mail.outbox if m.to == ["vantar1@example.org"]]
    assert conference.title in promoted.subject
    assert _manage(first) in promoted.body
    assert promoted.attachments and promoted.attachments[0][0].endswith(".ics")
    assert _subjects("p0@example.org"), "the person who cancelled is told"
    assert not _subjects("vantar2@example.org")


def test_cancelling_a_place_on_the_waiting_list_promotes_nobody(conference):
    for i in range(3):
        register(conference, f"p{i}@example.org")
    first = register(conference, "vantar1@example.org")
    second = register(conference, "vantar2@example.org")
    assert registration_cancel(registration=first) == []
    second.refresh_from_db()
    assert second.status == Registration.Status.WAITING


def test_cancelling_twice_frees_one_place_only(conference):
    leaving = register(conference, "p0@example.org")
    register(conference, "p1@example.org")
    register(conference, "p2@example.org")
    register(conference, "vantar1@example.org")
    register(conference, "vantar2@example.org")
    assert len(registration_cancel(registration=leaving)) == 1
    assert registration_cancel(registration=leaving) == []
    assert conference.registrations.filter(status="confirmed").count() == 3


def test_more_places_go_to_the_waiting_list_in_order(conference, convener):
    from conferences.services import conference_update

    for i in range(3):
        register(conference, f"p{i}@example.org")
    waiting = [register(conference, f"vantar{i}@example.org") for i in range(3)]
    conference_update(conference=conference, by=convener, data={"capacity": 5})
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == ["confirmed", "confirmed", "waiting"]


def test_a_full_session_cannot_be_chosen(client, english, conference):
    small = make_session(conference, capacity=1, title="Liten utbildning")
    register(conference, "forst@example.org", sessions=[small])
    page = client.get(_url("registration_create", conference)).content.decode()
    assert "(full)" in page
    response = client.post(_url("registration_create", conference), _form(sessions=[small.pk]))
    assert response.status_code == 200
    assert "There is no place left in" in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_session_place_is_freed_by_a_cancellation(conference):
    small = make_session(conference, capacity=1)
    holder = register(conference, "forst@example.org", sessions=[small])
    registration_cancel(registration=holder)
    assert register(conference, "andra@example.org", sessions=[small]).sessions.get() == small


def test_a_promoted_person_loses_sessions_that_filled_up_meanwhile(conference, django_capture_on_commit_callbacks):
    small = make_session(conference, capacity=1, title="Liten utbildning")
    leaving = register(conference, "p0@example.org")
    register(conference, "p1@example.org")
    register(conference, "p2@example.org")
    waiting = register(conference, "vantar@example.org", sessions=[small])
    registration_update(
        registration=Registration.objects.get(email="p1@example.org"),
        name="P1",
        sessions=[small],
        dietary_needs="",
        accessibility_needs="",
        on_participant_list=False,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=leaving)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert not waiting.sessions.exists()
    [message] = [m for m in mail.outbox if m.to == ["vantar@example.org"]]
    assert "Liten utbildning" in message.body


# --- The convener's notices ------------------------------------------------------------------------


def test_the_convener_is_told_once_at_50_80_and_100_percent(convener, django_capture_on_commit_callbacks):
    conference = make_conference(capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        people = [register(conference, f"p{i}@example.org") for i in range(10)]
        registration_cancel(registration=people[-1])
        register(conference, "ny@example.org")
        register(conference, "vantar@example.org")
    notices = _subjects(convener.email)
    assert len(notices) == 3
    assert [next(p for p in ("100", "80", "50") if p in subject) for subject in notices] == ["50", "80", "100"]
    conference.refresh_from_db()
    assert conference.capacity_notified == [50, 80, 100]


def test_a_capacity_notice_goes_once_to_each_convener_even_if_its_task_runs_again(
    convener, django_capture_on_commit_callbacks
):
    conference = make_conference(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        register(conference, "forst@example.org")
    assert len(_subjects(convener.email)) == 1
    assert send_capacity_reached(conference.pk, 50) == 0
    assert len(_subjects(convener.email)) == 1


def test_a_registration_email_goes_once_even_if_its_task_runs_again(conference, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(conference, "karin@example.org")
    assert send_registration_email(registration.pk, "confirmed") == 0
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=registration)
    assert len(_subjects("karin@example.org")) == 2
    assert send_registration_email(registration.pk, "cancelled") == 0
    # Registering again is a new registration: its confirmation goes.
    with django_capture_on_commit_callbacks(execute=True):
        register(conference, "karin@example.org")
    assert len(_subjects("karin@example.org")) == 3


# --- The personal link --------------------------------------------------------------------------------


def test_the_personal_link_shows_and_changes_the_registration(client, conference):
    session = make_session(conference)
    registration = register(conference, "karin@example.org", dietary_needs="Vegetarisk")
    response = client.get(_manage(registration))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response.context["form"]["dietary_needs"].value() == "Vegetarisk"
    response = client.post(
        _manage(registration),
        {"name": "Karin B", "sessions": [session.pk], "dietary_needs": "", "accessibility_needs": "Hörslinga"},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.name == "Karin B"
    assert registration.dietary_needs == ""
    assert registration.accessibility_needs == "Hörslinga"
    assert registration.on_participant_list is False
    assert list(registration.sessions.all()) == [session]


def test_a_session_one_holds_stays_open_to_one_when_it_is_full(client, conference):
    small = make_session(conference, capacity=1)
    registration = register(conference, "karin@example.org", sessions=[small])
    response = client.post(_manage(registration), {"name": "Karin", "sessions": [small.pk]})
    assert response.status_code == 302
    assert registration.sessions.get() == small


def test_an_unknown_personal_link_is_not_found(client, conference):
    assert client.get(reverse("conferences:registration_manage", kwargs={"token": "gissat"})).status_code == 404


def test_personal_links_are_long_random_tokens(conference):
    first = register(conference, "a@example.org")
    second = register(conference, "b@example.org")
    assert len(first.token) >= 40 and first.token != second.token


@pytest.mark.parametrize("name", ["registration_manage", "registration_cancel"])
def test_the_personal_link_expires_after_the_conference(client, english, held_conference, name):
    registration = Registration.objects.create(
        conference=held_conference, name="Karin", email="karin@example.org", status="confirmed"
    )
    response = client.get(reverse(f"conferences:{name}", kwargs={"token": registration.token}))
    assert response.status_code == 410
    assert "The link has expired" in response.content.decode()
    response = client.post(reverse(f"conferences:{name}", kwargs={"token": registration.token}), {"name": "X"})
    assert response.status_code == 410
    registration.refresh_from_db()
    assert registration.status == "confirmed" and registration.name == "Karin"


def test_the_cancel_page_asks_before_cancelling(client, english, conference):
    registration = register(conference, "karin@example.org")
    response = client.get(_cancel(registration))
    assert "Yes, cancel the registration" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


# --- A representative registers colleagues ----------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 200),
        ("representative_b", 200),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", 403),
    ],
)
def test_representatives_register_colleagues(client, request, conference, who, expected):
    login(client, request, who)
    assert_status(client.get(_url("registration_colleagues", conference)), expected)


def _colleagues(organisation, rows) -> dict:
    data = {
        "organisation": organisation.pk,
        "people-TOTAL_FORMS": "5",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "50",
    }
    for index, (name, email) in enumerate(rows):
        data[f"people-{index}-name"] = name
        data[f"people-{index}-email"] = email
    return data


def test_a_representative_registers_several_colleagues_at_once(
    client, representative_a, organisation_a, conference, django_capture_on_commit_callbacks
):
    client.force_login(representative_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("registration_colleagues", conference),
            _colleagues(organisation_a, [("Lars Ek", "lars@example.org"), ("Eva Lund", "eva@example.org")]),
        )
    assert response.status_code == 200
    registrations = Registration.objects.order_by("pk")
    assert [(r.name, r.organisation, r.registered_by) for r in registrations] == [
        ("Lars Ek", organisation_a, representative_a),
        ("Eva Lund", organisation_a, representative_a),
    ]
    assert _subjects("lars@example.org") and _subjects("eva@example.org")


def test_colleagues_are_registered_all_or_none(client, english, representative_a, organisation_a, conference):
    register(conference, "eva@example.org")
    client.force_login(representative_a)
    response = client.post(
        _url("registration_colleagues", conference),
        _colleagues(organisation_a, [("Lars Ek", "lars@example.org"), ("Eva Lund", "eva@example.org")]),
    )
    assert response.status_code == 200
    assert "This person is already registered." in response.content.decode()
    assert not Registration.objects.filter(email="lars@example.org").exists()


def test_a_representative_cannot_register_for_another_organisation(
    client, representative_a, organisation_b, conference
):
    client.force_login(representative_a)
    response = client.post(
        _url("registration_colleagues", conference), _colleagues(organisation_b, [("Lars Ek", "lars@example.org")])
    )
    assert "organisation" in response.context["organisation_form"].errors
    assert not Registration.objects.exists()
    with pytest.raises(PermissionDenied):
        registration_colleagues_create(
            conference=conference, by=representative_a, organisation=organisation_b, people=[("L", "l@example.org")]
        )


# --- The convener's list ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("ordinary_user", 403),
        ("representative_a", 403),
        ("representative_b", 403),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", 200),
    ],
)
def test_only_the_convener_sees_the_registrations_and_needs(client, request, conference, who, expected):
    login(client, request, who)
    assert_status(client.get(_url("registration_list", conference)), expected)


def test_the_registration_list_shows_needs_and_the_waiting_list_in_order(client, convener, conference):
    register(conference, "p0@example.org", dietary_needs="Nötallergi")
    register(conference, "p1@example.org")
    register(conference, "p2@example.org")
    first = register(conference, "vantar1@example.org")
    second = register(conference, "vantar2@example.org")
    client.force_login(convener)
    response = client.get(_url("registration_list", conference))
    assert list(response.context["waiting"]) == [first, second]
    assert "Nötallergi" in response.content.decode()


def test_the_registration_list_has_constant_queries(client, convener, django_assert_max_num_queries):
    conference = make_conference(capacity=40)
    sessions = [make_session(conference, hour=hour) for hour in (9, 10, 11)]
    for i in range(50):
        register(conference, f"p{i}@example.org", sessions=sessions)
    client.force_login(convener)
    with django_assert_max_num_queries(16):
        response = client.get(_url("registration_list", conference))
    assert len(response.context["registrations"]) == 25
    assert len(response.context["waiting"]) == 10


# --- Needs are erased after the conference ----------------------------------------------------------


def test_needs_are_erased_the_set_number_of_days_after_the_conference(held_conference, conference):
    held_conference.needs_retention_days = 30
    held_conference.save()
    old = Registration.objects.create(
        conference=held_conference,
        name="Karin",
        email="karin@example.org",
        status="confirmed",
        dietary_needs="Vegetarisk",
        accessibility_needs="Hörslinga",
    )
    upcoming = register(conference, "eva@example.org", dietary_needs="Vegansk")
    day_after = held_conference.ends_on + datetime.timedelta(days=29)
    assert needs_erase_due(today=day_after) == 0
    assert needs_erase_due(today=held_conference.ends_on + datetime.timedelta(days=30)) == 1
    old.refresh_from_db()
    upcoming.refresh_from_db()
    assert (old.dietary_needs, old.accessibility_needs) == ("", "")
    assert upcoming.dietary_needs == "Vegansk"
    held_conference.refresh_from_db()
    assert held_conference.needs_erased_at is not None
    assert needs_erase_due(today=held_conference.ends_on + datetime.timedelta(days=31)) == 0


def test_the_erasure_runs_every_night():
    from django.conf import settings

    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "conferences.tasks.erase_conference_needs"]
    assert len(entries) == 1
