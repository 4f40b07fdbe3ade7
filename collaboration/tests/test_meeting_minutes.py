"""Minutes: written and published by the convener, public once published, and the convener reminded
once about a meeting held without minutes."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from collaboration.models import Decision, MeetingAttendance, SeatTerm
from collaboration.tasks import remind_missing_minutes
from collaboration.tests.factories import make_meeting
from overenskommelse.tests.cast import assert_status, login

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


def test_the_convener_writes_and_publishes_the_minutes_and_everyone_can_read_them(client, full_group, past_meeting, convener):
    holder = SeatTerm.objects.current().get(seat=full_group[0]).holder
    MeetingAttendance.objects.create(meeting=past_meeting, person=holder, seat=full_group[0], present=True)
    Decision.objects.create(meeting=past_meeting, text="Budgeten godkänns.")
    client.force_login(convener)
    response = client.post(
        reverse("collaboration:minutes_edit", args=[past_meeting.pk]), {"minutes": "1. Mötet öppnades."}, follow=True
    )
    assert "Protokollet har sparats. Publicera det när det är justerat." in _html(response)

    # Not yet published: not in the public list, not readable by the public.
    client.logout()
    assert "Protokoll från mötet" not in _html(client.get(reverse("collaboration:minutes_list")))
    assert client.get(reverse("collaboration:minutes_detail", args=[past_meeting.pk])).status_code == 302

    client.force_login(convener)
    response = client.post(reverse("collaboration:minutes_publish", args=[past_meeting.pk]), {"publish": "1"}, follow=True)
    assert "Protokollet är publicerat och offentligt." in _html(response)

    client.logout()
    html = _html(client.get(reverse("collaboration:minutes_list")))
    assert "Protokoll från mötet den" in html
    html = _html(client.get(reverse("collaboration:minutes_detail", args=[past_meeting.pk])))
    assert "1. Mötet öppnades." in html
    assert "Budgeten godkänns." in html
    assert "1 ledamot" in html  # the number present, without names for the public
    assert holder.full_name not in html
    assert "video.example.org" not in html


def test_the_group_reads_minutes_not_yet_published_with_the_names_of_those_present(client, full_group, past_meeting, group_member):
    holder = SeatTerm.objects.current().get(seat=full_group[0]).holder
    MeetingAttendance.objects.create(meeting=past_meeting, person=holder, seat=full_group[0], present=True)
    past_meeting.minutes = "Utkast till protokoll."
    past_meeting.save()
    client.force_login(group_member)
    html = _html(client.get(reverse("collaboration:minutes_detail", args=[past_meeting.pk])))
    assert "Inte publicerat än: bara samverkansgruppen och sammankallande kan läsa protokollet." in html
    assert holder.full_name in html
    assert "Inte publicerat än" in _html(client.get(reverse("collaboration:minutes_list")))


@pytest.mark.parametrize("who,expected", [("anonymous", "login"), ("ordinary_user", 404), ("officer_x", 404), ("representative_a", 404), ("group_member", 200), ("convener", 200)])
def test_who_may_read_minutes_not_yet_published(client, request, past_meeting, who, expected):
    past_meeting.minutes = "Utkast."
    past_meeting.save()
    login(client, request, who)
    assert_status(client.get(reverse("collaboration:minutes_detail", args=[past_meeting.pk])), expected)


def test_minutes_are_published_only_when_written_and_after_the_meeting(client, meeting, past_meeting, convener):
    client.force_login(convener)
    url = reverse("collaboration:minutes_publish", args=[past_meeting.pk])
    assert "Skriv protokollet innan du publicerar det." in _html(client.post(url, {"publish": "1"}, follow=True))
    meeting.minutes = "Skrivet i förväg."
    meeting.save()
    html = _html(client.post(reverse("collaboration:minutes_publish", args=[meeting.pk]), {"publish": "1"}, follow=True))
    assert "Protokollet kan publiceras först när mötet har hållits." in html
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is None


def test_the_convener_takes_published_minutes_back(client, past_meeting, convener):
    past_meeting.minutes = "Protokollet."
    past_meeting.minutes_published_at = timezone.now()
    past_meeting.save()
    client.force_login(convener)
    client.post(reverse("collaboration:minutes_publish", args=[past_meeting.pk]), {"publish": "0"})
    client.logout()
    assert client.get(reverse("collaboration:minutes_detail", args=[past_meeting.pk])).status_code == 302


# --- The reminder --------------------------------------------------------------------------------


def test_the_convener_is_reminded_once_about_a_meeting_held_without_minutes(convener, group_member):
    forgotten = make_meeting(days=-5)
    make_meeting(days=-6, minutes="Protokollet finns.")
    make_meeting(days=-1)  # too recent: the minutes are still being written
    make_meeting(days=10)  # still to come
    make_meeting(days=-9, cancelled_at=timezone.now())

    assert remind_missing_minutes() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [convener.email]
    day = timezone.localtime(forgotten.starts_at)
    assert f"Protokollet från mötet den {day.day}" in message.subject
    assert reverse("collaboration:minutes_edit", args=[forgotten.pk]) in message.body

    # The next day's run does not send it again.
    assert remind_missing_minutes() == 0
    assert len(mail.outbox) == 1
    forgotten.refresh_from_db()
    assert forgotten.minutes_reminder_sent_at is not None


def test_the_reminder_waits_a_couple_of_days_after_the_meeting(convener):
    meeting = make_meeting(days=0, starts_at=timezone.now() - datetime.timedelta(days=1, hours=20))
    assert remind_missing_minutes() == 0
    assert meeting.lacks_minutes  # flagged on the pages already
