"""The meetings in calendars: the public iCalendar feed (date, time and place only) and the
invitation by email with its .ics file, sent once, and again with a higher sequence after a change."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from collaboration.models import AgendaItem
from collaboration.tasks import send_meeting_invitation, sequence_key
from collaboration.tests.factories import make_meeting
from plumbing.ledger import deliveries_sent

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def _events(data: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(data)
    return [component for component in calendar.walk() if component.name == "VEVENT"]


# --- The public feed -----------------------------------------------------------------------------


def test_the_public_feed_has_every_meeting_with_date_time_and_place_only(client, meeting):
    AgendaItem.objects.create(meeting=meeting, title="Hemlig punkt på dagordningen")
    meeting.description = "Kaffe från 16.45"
    meeting.save()
    winter = make_meeting(days=-200, place="", video_link="https://video.example.org/vinter")

    response = client.get(reverse("collaboration:meeting_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response.content)
    assert len(events) == 2

    summer = next(event for event in events if str(event["uid"]).startswith(f"meeting-{meeting.uid}@"))
    starts = summer.decoded("dtstart")
    assert starts.tzinfo is not None and starts.utcoffset() == starts.astimezone(STOCKHOLM).utcoffset()
    assert str(summer["dtstart"].params.get("TZID")) == "Europe/Stockholm"
    assert (starts.hour, starts.minute) == (17, 0)
    assert summer.decoded("dtend").astimezone(STOCKHOLM).hour == 19
    assert starts.astimezone(STOCKHOLM).date() == timezone.localtime(meeting.starts_at).date()
    assert str(summer["location"]) == "Stadshuset, sal B"
    assert str(summer["summary"]) == "Samverkansgruppens möte"
    assert "description" not in summer and "url" not in summer

    video_only = next(event for event in events if str(event["uid"]).startswith(f"meeting-{winter.uid}@"))
    assert "location" not in video_only

    text = response.content.decode()
    assert "video.example.org" not in text
    assert "Hemlig punkt" not in text and "Kaffe" not in text


def test_a_cancelled_meeting_is_marked_cancelled_in_the_feed(client, meeting):
    meeting.cancelled_at = timezone.now()
    meeting.save()
    (event,) = _events(client.get(reverse("collaboration:meeting_feed")).content)
    assert str(event["status"]) == "CANCELLED"


# --- The invitation ------------------------------------------------------------------------------


@pytest.fixture
def ready(full_group, meeting, convener):
    AgendaItem.objects.create(meeting=meeting, position=1, title="Mötets öppnande", duration_minutes=5)
    AgendaItem.objects.create(meeting=meeting, position=2, title="Budget", duration_minutes=40)
    return meeting


def _send(client, meeting, capture):
    with capture(execute=True):
        return client.post(reverse("collaboration:meeting_invite", args=[meeting.pk]), follow=True)


def _ics(message) -> bytes:
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    return content.encode() if isinstance(content, str) else content


def test_the_invitation_goes_to_every_seat_holder_and_the_convener_with_the_agenda_and_an_ics_file(
    client, ready, convener, django_capture_on_commit_callbacks
):
    client.force_login(convener)
    html = _send(client, ready, django_capture_on_commit_callbacks).content.decode()
    assert "Kallelsen skickas till alla ledamöter och till sammankallande" in html

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([f"ledamot{number}@example.org" for number in range(1, 9)] + [convener.email])
    message = mail.outbox[0]
    date = timezone.localtime(ready.starts_at)
    assert "Kallelse: samverkansgruppen möts den" in message.subject
    assert "1. Mötets öppnande (5 minuter)" in message.body
    assert "2. Budget (40 minuter)" in message.body
    assert "Beräknad tid totalt: 45 minuter." in message.body
    assert "https://video.example.org/hemligt-mote" in message.body

    (event,) = _events(_ics(message))
    assert int(event["sequence"]) == 0
    assert event.decoded("dtstart").astimezone(STOCKHOLM) == date
    assert "https://video.example.org/hemligt-mote" in str(event["description"])
    assert "2. Budget (40 min)" in str(event["description"])

    ready.refresh_from_db()
    assert ready.invitation_sent_at is not None
    html = client.get(ready.get_absolute_url()).content.decode()
    assert "Skickad" in html and "Skicka kallelsen</button>" not in html


def test_the_invitation_is_not_sent_twice(client, ready, convener, django_capture_on_commit_callbacks):
    client.force_login(convener)
    _send(client, ready, django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    assert sent == 9

    # The task run again (a retry, a second worker) sends nothing more.
    assert send_meeting_invitation(ready.pk, 0) == 0
    # Pressing the button again without a change sends nothing either, and says so.
    html = _send(client, ready, django_capture_on_commit_callbacks).content.decode()
    assert "Inget har ändrats sedan kallelsen skickades" in html
    assert len(mail.outbox) == sent
    assert deliveries_sent("meeting.invitation", sequence_key(ready, 0)).count() == 9


def test_sending_again_after_a_change_raises_the_sequence_so_calendars_replace_the_invitation(
    client, ready, convener, django_capture_on_commit_callbacks
):
    client.force_login(convener)
    _send(client, ready, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    AgendaItem.objects.create(meeting=ready, position=3, title="Konferensen", duration_minutes=15)
    html = client.get(ready.get_absolute_url()).content.decode()
    assert "har ändrats sedan dess" in html
    assert "Skicka den uppdaterade kallelsen" in html

    _send(client, ready, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 9
    message = mail.outbox[0]
    assert message.subject.endswith(f"Uppdaterad kallelse: samverkansgruppen möts den {timezone.localtime(ready.starts_at).day} {_month(ready)} {ready.starts_at.year}")
    assert "Den här versionen ersätter den tidigare." in message.body
    (event,) = _events(_ics(message))
    assert int(event["sequence"]) == 1
    ready.refresh_from_db()
    assert ready.sequence == 1
    # An earlier sending that is retried late does not send the superseded invitation.
    assert send_meeting_invitation(ready.pk, 0) == 0


def _month(meeting) -> str:
    from django.utils import formats

    return formats.date_format(timezone.localtime(meeting.starts_at), "F")


def test_a_meeting_that_has_taken_place_cannot_be_sent(client, full_group, past_meeting, convener, django_capture_on_commit_callbacks):
    client.force_login(convener)
    html = _send(client, past_meeting, django_capture_on_commit_callbacks).content.decode()
    assert "Mötet har redan hållits." in html
    assert mail.outbox == []


def test_a_member_who_left_does_not_get_the_invitation(client, ready, convener, django_capture_on_commit_callbacks):
    from collaboration.models import SeatTerm

    SeatTerm.objects.filter(holder__email="ledamot3@example.org").update(left_on=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(convener)
    _send(client, ready, django_capture_on_commit_callbacks)
    assert "ledamot3@example.org" not in [message.to[0] for message in mail.outbox]
    assert len(mail.outbox) == 8
