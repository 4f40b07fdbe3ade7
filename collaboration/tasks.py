"""Celery tasks of the group and its meetings: the invitation with its iCalendar file, the email to a
person appointed to a seat, the daily reminder about minutes still missing, and the daily check
that membership of the group follows the seats.

Each task takes ids, reads the rows again, and is safe to run twice: every email goes through the
ledger of emails sent once (``plumbing.ledger.send_once``), which claims each address before its
email goes, so a task run twice, side by side, or retried after a crash sends nobody an email twice.
The purposes (``PURPOSE_*``) and keys (``meeting:<id>:seq<sequence>``, ``seatterm:<id>``) are stored
in the ledger: keep them as they are.
"""

import datetime

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from celery import shared_task
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import CONVENER_GROUP
from plumbing.emails import RETRY, absolute_url, send_templated_email
from plumbing.ledger import deliveries_sent, object_key, send_once

from .models import Meeting, SeatTerm
from .selectors.group import seat_label
from .selectors.meetings import agenda_items, invitation_recipients, meeting_icalendar
from .services.figures import store_closed_years
from .services.group import group_membership_sync

__all__ = [
    "ICAL_CONTENT_TYPE",
    "MINUTES_GRACE",
    "PURPOSE_CANCELLATION",
    "PURPOSE_INVITATION",
    "PURPOSE_MINUTES_REMINDER",
    "PURPOSE_SEAT_ASSIGNED",
    "remind_missing_minutes",
    "send_meeting_cancellation",
    "send_meeting_invitation",
    "send_seat_assigned",
    "sequence_key",
    "store_last_years_figures",
    "sync_group_membership",
]

ICAL_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"
# The convener is reminded when a meeting this long ago still has no minutes.
MINUTES_GRACE = datetime.timedelta(days=2)


# What each email is, in the ledger (``plumbing.models.Delivery.purpose``).
PURPOSE_INVITATION = "meeting.invitation"
PURPOSE_CANCELLATION = "meeting.cancellation"
PURPOSE_MINUTES_REMINDER = "meeting.minutes_reminder"
# About the term (``seatterm:<id>``): the holder is told once per term.
PURPOSE_SEAT_ASSIGNED = "seat.assigned"


def sequence_key(meeting: Meeting, sequence: int) -> str:
    """The ledger's key of the meeting as its invitation of ``sequence`` described it: an updated
    invitation (a later sequence) goes to everyone again, each one once."""
    return object_key(meeting, f"seq{sequence}")


def _sender(name: str, context: dict, attachments: list):
    def send(address: str, _what, connection) -> int:
        return send_templated_email(name, [address], context, attachments=attachments, connection=connection)

    return send


@shared_task(**RETRY)
def send_meeting_invitation(meeting_id: int, sequence: int) -> int:
    """Send the invitation of one ``sequence`` to each seat holder and convener who has not had it
    yet; an invitation superseded by a later change is not sent. Returns the number sent."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None or meeting.sequence != sequence or meeting.cancelled_at is not None:
        return 0
    agenda = agenda_items(meeting)
    ics = meeting_icalendar(meeting, agenda)
    context = {
        "meeting": meeting,
        "agenda": agenda,
        "updated": sequence > 0,
        "meeting_url": absolute_url(meeting.get_absolute_url()),
        "feed_url": absolute_url(reverse("collaboration:meeting_feed")),
    }
    attachments = [(f"samverkansgruppen-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.ics", ics, ICAL_CONTENT_TYPE)]
    sent = send_once(
        PURPOSE_INVITATION,
        sequence_key(meeting, sequence),
        invitation_recipients(),
        _sender("followup-meeting-invitation", context, attachments),
    )
    Meeting.objects.filter(pk=meeting.pk, sequence=sequence).update(
        invitation_sent_at=timezone.now(), invitation_sent_sequence=sequence
    )
    return sent


@shared_task(**RETRY)
def send_meeting_cancellation(meeting_id: int, reason: str) -> int:
    """Tell everyone who had an invitation to the meeting (of any sequence) that it is cancelled,
    once each, with a calendar file that removes it from their calendars. Returns the number sent."""
    meeting = Meeting.objects.filter(pk=meeting_id, cancelled_at__isnull=False).first()
    if meeting is None:
        return 0
    invited = deliveries_sent(
        PURPOSE_INVITATION, *(sequence_key(meeting, sequence) for sequence in range(meeting.sequence + 1))
    ).values_list("address", flat=True)
    ics = meeting_icalendar(meeting)
    context = {
        "meeting": meeting,
        "reason": reason,
        "meeting_list_url": absolute_url(reverse("collaboration:meeting_list")),
    }
    attachments = [(f"samverkansgruppen-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.ics", ics, ICAL_CONTENT_TYPE)]
    return send_once(
        PURPOSE_CANCELLATION,
        sequence_key(meeting, meeting.sequence),
        list(invited),  # an address invited at several sequences is told once
        _sender("followup-meeting-cancelled", context, attachments),
    )


@shared_task(**RETRY)
def send_seat_assigned(term_id: int, account_created: bool) -> int:
    """Tell a person they hold a seat in the group, once per term (through the ledger, about the
    term); a new account (no password yet) gets a link to set one."""
    term = SeatTerm.objects.select_related("holder", "seat", "seat__appointed_by").filter(pk=term_id).first()
    if term is None or not term.holder.is_active:
        return 0
    holder = term.holder
    context = {
        "term": term,
        "holder": holder,
        "seat_label": seat_label(term.seat),
        "group_url": absolute_url(reverse("collaboration:group")),
        "meetings_url": absolute_url(reverse("collaboration:meeting_list")),
        "login_url": absolute_url(reverse("account_login")),
        "reset_url": absolute_url(reverse("account_reset_password")),
        "password_url": "",
    }
    if account_created and not holder.has_usable_password():
        key = default_token_generator.make_token(holder)
        context["password_url"] = absolute_url(
            reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(holder), "key": key})
        )
    return send_once(PURPOSE_SEAT_ASSIGNED, term, [holder.email], _sender("followup-group-seat-assigned", context, []))


@shared_task(**RETRY)
def remind_missing_minutes() -> int:
    """Daily: remind the convener(s) about each meeting held more than two days ago that still has
    no minutes: each convener once per meeting, in their own email (through the ledger); once all
    have had it, ``minutes_reminder_sent_at`` takes the meeting off the list. Returns the number of
    meetings reminded about."""
    conveners = list(
        User.objects.filter(is_active=True, groups__name=CONVENER_GROUP).values_list("email", flat=True)
    )
    if not conveners:
        return 0
    due = Meeting.objects.without_minutes().filter(
        minutes_reminder_sent_at__isnull=True, starts_at__lt=timezone.now() - MINUTES_GRACE
    )
    reminded = 0
    for meeting in due.order_by("starts_at", "pk"):
        context = {
            "meeting": meeting,
            "meeting_url": absolute_url(meeting.get_absolute_url()),
            "minutes_url": absolute_url(reverse("collaboration:minutes_edit", kwargs={"pk": meeting.pk})),
        }
        sent = send_once(
            PURPOSE_MINUTES_REMINDER, meeting, conveners, _sender("followup-meeting-minutes-reminder", context, [])
        )
        # Every convener has had it: the meeting is no longer due.
        Meeting.objects.filter(pk=meeting.pk, minutes_reminder_sent_at__isnull=True).update(
            minutes_reminder_sent_at=timezone.now()
        )
        if sent:
            reminded += 1
    return reminded


@shared_task
def sync_group_membership() -> tuple[int, int]:
    """Daily: terms that began or ended today change who is a member of the group."""
    return group_membership_sync()


# --- Names from before the split of followup (issue 15) ------------------------------------------
# A task already handed to the broker before the deploy carries its old name (the outbox's waiting
# rows, ``QueuedTask.task``, are renamed by migration ``documents.0002``): the same function is
# registered under it, so it still runs. Remove once no message can carry one.
for _old_name, (_task, _options) in {
    "followup.tasks_meetings.send_meeting_invitation": (send_meeting_invitation, RETRY),
    "followup.tasks_meetings.send_meeting_cancellation": (send_meeting_cancellation, RETRY),
    "followup.tasks_meetings.send_seat_assigned": (send_seat_assigned, RETRY),
    "followup.tasks_meetings.remind_missing_minutes": (remind_missing_minutes, RETRY),
    "followup.tasks_meetings.sync_group_membership": (sync_group_membership, {}),
}.items():
    # ``__wrapped__`` is the function as written (``run`` may be wrapped by the retry options).
    shared_task(name=_old_name, **_options)(_task.__wrapped__)


@shared_task(**RETRY)
def store_last_years_figures() -> int:
    """Daily (beat): the dashboard's figures of the year that ended are stored once (after New
    Year, or again after a change to that year's data made them stale), so the first dashboard of
    the year need not make them. Returns the number of years stored or checked."""
    return len(store_closed_years([timezone.localdate().year - 1]))
