"""The reminders of a round (daily, by beat): a week before the deadline and on the day, only to
the officers of förvaltningar that have not submitted their report, each once."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from followup import tasks as tasks_rounds
from followup.models import DepartmentReport
from followup.selectors.rounds import reminder_due
from followup.services.rounds import department_report_start
from followup.tests.factories import make_round, represent
from plumbing.models import Delivery

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2026, 12, 15)


@pytest.fixture
def today(monkeypatch):
    """Set the day the beat task runs on."""

    def set_day(day: datetime.date):
        monkeypatch.setattr(tasks_rounds.timezone, "localdate", lambda *args: day if not args else timezone.localtime(args[0]).date())

    return set_day


@pytest.fixture
def reminder_round(convener):
    return make_round(
        convener, deadline=DEADLINE, opened_at=timezone.make_aware(datetime.datetime(2026, 10, 1, 9, 0))
    )


@pytest.fixture
def reported(reminder_round, officer_x, officer_y, administration_x, representative_a):
    """Kultur- och fritidsförvaltningen (X) has submitted; Socialförvaltningen (Y) has a draft."""
    report = department_report_start(followup_round=reminder_round, administration=administration_x, by=officer_x)
    DepartmentReport.objects.filter(pk=report.pk).update(status="submitted")
    department_report_start(
        followup_round=reminder_round, administration=officer_y.representations.get().organisation, by=officer_y
    )


def _addresses():
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_beat_schedule_runs_the_reminders_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["followup-round-reminders"]
    assert entry["task"] == "followup.tasks.send_round_reminders"
    assert tasks_rounds.send_round_reminders.name == entry["task"]


def test_a_week_before_the_deadline_only_those_who_have_not_reported_are_reminded_once(
    reminder_round, reported, today
):
    today(DEADLINE - datetime.timedelta(days=7))
    assert tasks_rounds.send_round_reminders() == 1
    assert _addresses() == ["handlaggare.y@example.org"]
    [message] = mail.outbox
    assert "påminnelse" in message.subject.lower() and "2026" in message.subject
    assert "15 december 2026" in message.body
    assert "Socialförvaltningen" in message.body and "Kultur- och fritidsförvaltningen" not in message.body
    reminder_round.refresh_from_db()
    assert reminder_round.reminders_sent == ["week_before"]

    # The next days, and a second run the same day: nothing more.
    assert tasks_rounds.send_round_reminders() == 0
    today(DEADLINE - datetime.timedelta(days=6))
    assert tasks_rounds.send_round_reminders() == 0
    assert len(mail.outbox) == 1


def test_on_the_deadline_day_the_last_reminder_goes(reminder_round, reported, today):
    today(DEADLINE)
    assert tasks_rounds.send_round_reminders() == 1
    [message] = mail.outbox
    assert message.to == ["handlaggare.y@example.org"]
    assert "I dag är sista dagen" in message.subject
    assert tasks_rounds.send_round_reminders() == 0
    reminder_round.refresh_from_db()
    assert reminder_round.reminders_sent == ["deadline"]
    assert Delivery.objects.filter(purpose="followup.reminder_deadline").count() == 1


def test_no_reminder_on_other_days_or_after_closing(reminder_round, reported, today, convener):
    for day in (DEADLINE - datetime.timedelta(days=8), DEADLINE + datetime.timedelta(days=1)):
        today(day)
        assert tasks_rounds.send_round_reminders() == 0
    reminder_round.closed_at = timezone.now()
    reminder_round.save()
    today(DEADLINE)
    assert tasks_rounds.send_round_reminders() == 0
    assert mail.outbox == []


def test_a_round_opened_within_the_last_week_gets_no_week_before_reminder(convener):
    late = make_round(convener, deadline=DEADLINE, opened_at=timezone.make_aware(datetime.datetime(2026, 12, 10, 9)))
    assert reminder_due(late, DEADLINE - datetime.timedelta(days=5)) is None
    assert reminder_due(late, DEADLINE) == "deadline"


def test_an_officer_of_two_forvaltningar_gets_one_reminder_naming_only_the_one_not_reported(
    reminder_round, reported, today, officer_x, administration_y
):
    represent(officer_x, administration_y)
    today(DEADLINE)
    tasks_rounds.send_round_reminders()
    assert _addresses() == ["handlaggare.x@example.org", "handlaggare.y@example.org"]
    body = next(message.body for message in mail.outbox if message.to == ["handlaggare.x@example.org"])
    assert "Socialförvaltningen" in body and "Kultur- och fritidsförvaltningen" not in body


def test_a_reminder_interrupted_midway_goes_to_the_rest_on_the_next_run(
    reminder_round, today, officer_x, officer_y, monkeypatch
):
    today(DEADLINE)
    real_send = tasks_rounds.send_templated_email
    calls = {"n": 0}

    def flaky(name, addresses, context, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("the mail server hung up")
        return real_send(name, addresses, context, **kwargs)

    monkeypatch.setattr(tasks_rounds, "send_templated_email", flaky)
    with pytest.raises(OSError):
        tasks_rounds.send_round_reminders()
    reminder_round.refresh_from_db()
    assert reminder_round.reminders_sent == []
    assert tasks_rounds.send_round_reminders() == 1
    assert _addresses() == ["handlaggare.x@example.org", "handlaggare.y@example.org"]
    reminder_round.refresh_from_db()
    assert reminder_round.reminders_sent == ["deadline"]
