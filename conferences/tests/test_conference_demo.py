"""The demo conferences: the one held two years before the demo's year (``demo_year()``) with
attendance, and the one of the year after open for registration with a programme, invitations, a
full session and a waiting list; load_demo twice leaves the same rows."""

import datetime
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from conferences.models import Conference, Registration, SessionAttendance
from conferences.selectors import (
    conference_place_counts,
    registration_state,
    sessions_with_places,
)
from overenskommelse.demo_year import demo_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def _snapshot() -> dict:
    snapshot = {}
    for model in apps.get_app_config("conferences").get_models():
        fields = [f.attname for f in model._meta.concrete_fields if f.name != "updated_at"]
        snapshot[model._meta.label] = sorted(model.objects.values_list(*fields), key=repr)
    snapshot["sessions of registrations"] = sorted(
        Registration.sessions.through.objects.values_list("registration_id", "session_id")
    )
    return snapshot


def test_load_demo_twice_leaves_the_same_conference_rows(demo):
    first = _snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert _snapshot() == first


def test_the_demo_has_a_conference_held_two_years_ago_with_attendance(demo):
    held = Conference.objects.get(starts_on__year=demo_year() - 2)
    assert held.has_taken_place and held.is_published
    checked_in = held.registrations.filter(checked_in_at__isnull=False)
    assert checked_in.count() >= 20
    assert held.registrations.filter(is_walk_in=True).exists()
    assert held.registrations.filter(status="confirmed", checked_in_at__isnull=True).exists(), "a no-show"
    training = held.sessions.filter(kind="training")
    assert SessionAttendance.objects.filter(session__in=training).count() >= 10
    assert not held.registrations.exclude(dietary_needs="").exists(), "needs were erased"
    assert held.invitations.filter(sent_at__isnull=False).count() > 20


def test_the_demo_has_an_upcoming_conference_open_for_registration_with_a_waiting_list(demo):
    upcoming = Conference.objects.get(starts_on__year=demo_year() + 1)
    assert registration_state(upcoming) == "open"
    # Open for the months ahead too.
    assert upcoming.registration_closes_at > timezone.now() + datetime.timedelta(days=120)
    counts = conference_place_counts(upcoming)
    assert counts["confirmed"] == upcoming.capacity
    assert counts["waiting"] >= 2
    assert any(s.capacity is not None and s.confirmed_count >= s.capacity for s in sessions_with_places(upcoming))
    assert upcoming.invitations.filter(source="chair").count() == 10
    assert upcoming.invitations.filter(sent_at__isnull=True, excluded=False).exists()
    assert upcoming.sessions.filter(kind="initiative", initiative__isnull=False).exists()
