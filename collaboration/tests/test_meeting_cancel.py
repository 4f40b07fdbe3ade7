"""Cancelling a meeting: the convener gives a reason, the invited are told once with a calendar
file that cancels the event, and what was on its agenda is waiting again."""

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from collaboration.models import AgendaItem, Meeting
from collaboration.selectors.meetings import waiting_items
from collaboration.services.meetings import meeting_invitation_send
from collaboration.tasks import send_meeting_cancellation
from collaboration.tests.factories import make_accession
from overenskommelse.tests.cast import assert_status, login

pytestmark = pytest.mark.django_db


def test_the_convener_cancels_and_the_invited_are_told_once(client, full_group, meeting, convener, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_invitation_send(meeting=meeting, by=convener)
    invited = sorted({message.to[0] for message in mail.outbox})
    assert invited, "the seat holders had the invitation"
    mail.outbox.clear()

    client.force_login(convener)
    page = client.get(reverse("collaboration:meeting_cancel", args=[meeting.pk])).content.decode()
    assert "Kallelsen har skickats." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("collaboration:meeting_cancel", args=[meeting.pk]),
            {"reason": "Flera ledamöter är sjuka. Nytt datum kommer."},
            follow=True,
        )
    assert "Mötet är inställt." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.cancelled_at is not None

    assert sorted(message.to[0] for message in mail.outbox) == invited
    message = mail.outbox[0]
    assert "Inställt" in message.subject
    assert "Flera ledamöter är sjuka." in message.body
    calendar = icalendar.Calendar.from_ical(message.attachments[0][1])
    (event,) = calendar.walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == meeting.sequence

    # Run again (a retried task): nobody gets it twice.
    mail.outbox.clear()
    assert send_meeting_cancellation(meeting.pk, "igen") == 0
    assert mail.outbox == []


def test_a_cancelled_meetings_agenda_is_waiting_again(full_group, meeting, convener):
    accession = make_accession()
    AgendaItem.objects.create(meeting=meeting, kind=AgendaItem.Kind.APPLICATION, title="Ansökan", accession=accession)
    assert accession.pk not in {item.object_id for item in waiting_items() if item.kind == "application"}
    from collaboration.services.meetings import meeting_cancel

    meeting_cancel(meeting=meeting, reason="Inget att besluta.", by=convener)
    assert accession.pk in {item.object_id for item in waiting_items() if item.kind == "application"}


def test_a_reason_is_required_and_nothing_changes_without_it(client, meeting, convener):
    client.force_login(convener)
    response = client.post(reverse("collaboration:meeting_cancel", args=[meeting.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).cancelled_at is None


def test_a_past_meeting_cannot_be_cancelled(client, past_meeting, convener):
    client.force_login(convener)
    response = client.post(reverse("collaboration:meeting_cancel", args=[past_meeting.pk]), {"reason": "För sent"}, follow=True)
    assert "Mötet har redan hållits." in response.content.decode()
    assert Meeting.objects.get(pk=past_meeting.pk).cancelled_at is None


@pytest.mark.parametrize(
    "who, status",
    [
        ("anonymous", 302),
        ("ordinary_user", 403),
        ("representative_a", 403),
        ("officer_x", 403),
        ("group_member", 403),
        ("convener", 200),
    ],
)
def test_only_the_convener_cancels(client, request, meeting, who, status):
    login(client, request, who)
    assert_status(client.get(reverse("collaboration:meeting_cancel", args=[meeting.pk])), status)
    client.post(reverse("collaboration:meeting_cancel", args=[meeting.pk]), {"reason": "x"})
    cancelled = Meeting.objects.get(pk=meeting.pk).cancelled_at is not None
    assert cancelled == (who == "convener")
