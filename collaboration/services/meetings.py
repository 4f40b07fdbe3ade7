"""Every change to the group's meetings: planning them, building the agenda, recording attendance,
decisions and minutes, publishing the minutes, deciding applications at a meeting, and sending the
invitation. Emails are Celery tasks enqueued with ``transaction.on_commit``.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Accession, User
from accounts.services import AlreadyDecided, accession_decide
from conferences.models import Conference
from followup.models import FollowUpRound
from initiatives.models import Initiative
from plumbing.audit import audit_changes, audit_record
from plumbing.outbox import enqueue_on_commit
from plumbing.tasks import TaskNamed

from ..models import (
    AgendaItem,
    Decision,
    Meeting,
    MeetingAttendance,
    SeatTerm,
)
from ..selectors.meetings import (
    agenda_items,
    invitation_digest,
    meeting_attendance,
    waiting_items,
)

__all__ = [
    "AlreadyDecided",
    "agenda_item_add",
    "agenda_item_add_waiting",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_update",
    "decision_delete",
    "decision_record",
    "meeting_attendance_record",
    "meeting_decide_application",
    "meeting_invitation_send",
    "meeting_save",
    "minutes_publish",
    "minutes_save",
]

# The invitation's tasks (``collaboration.tasks`` imports the services, not the other way; the
# tasks are sent by their registered names).
SEND_MEETING_INVITATION = TaskNamed("collaboration.tasks.send_meeting_invitation")
SEND_MEETING_CANCELLATION = TaskNamed("collaboration.tasks.send_meeting_cancellation")

MEETING_FIELDS = ("starts_at", "ends_at", "place", "video_link", "description")
ITEM_FIELDS = ("title", "description", "duration_minutes")



@transaction.atomic
def meeting_save(*, meeting: Meeting | None = None, data: dict, by: User) -> Meeting:
    """Plan a meeting, or change its time, place, video link or note. Changing what the invitation
    said shows on the meeting page, so the convener can send it again."""
    meeting = meeting or Meeting(created_by=by)
    for name in MEETING_FIELDS:
        if name in data:
            setattr(meeting, name, data[name])
    meeting.full_clean(exclude=["minutes"])
    meeting.save()
    return meeting


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _next_position(meeting: Meeting) -> int:
    return (meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, data: dict, by: User) -> AgendaItem:
    """Add an item by hand at the end of the agenda."""
    meeting = _locked(meeting)
    item = AgendaItem(meeting=meeting, kind=AgendaItem.Kind.OTHER, position=_next_position(meeting))
    for name in ITEM_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    item.full_clean()
    item.save()
    return item


_WAITING_TARGETS = {
    AgendaItem.Kind.APPLICATION: ("accession", Accession),
    AgendaItem.Kind.INITIATIVE: ("initiative", Initiative),
    AgendaItem.Kind.FOLLOWUP: ("followup_round", FollowUpRound),
    AgendaItem.Kind.CONFERENCE: ("conference", Conference),
}


@transaction.atomic
def agenda_item_add_waiting(*, meeting: Meeting, kind: str, object_id: int, by: User) -> AgendaItem:
    """Put something that is waiting (an application, a reported initiative, the follow-up round,
    the conference) at the end of the agenda, with its title and estimated duration. Refuses what
    is no longer waiting (decided, or already on this or another coming meeting's agenda)."""
    meeting = _locked(meeting)
    found = next(
        (item for item in waiting_items(meeting) if item.kind == kind and item.object_id == object_id),
        None,
    )
    if found is None:
        raise ValidationError(_("This is no longer waiting: it has been decided or is already on an agenda."))
    field, model = _WAITING_TARGETS[kind]
    item = AgendaItem.objects.create(
        meeting=meeting,
        kind=kind,
        title=found.title[:300],
        description=found.detail,
        duration_minutes=found.duration_minutes,
        position=_next_position(meeting),
        **{field: model.objects.get(pk=object_id)},
    )
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, data: dict, by: User) -> AgendaItem:
    """Change an item's title, description or estimated duration."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    for name in ITEM_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, by: User) -> AgendaItem:
    """Move an item one step up or down the agenda (the first and the last stay where they are)."""
    meeting = _locked(item.meeting)
    items = list(meeting.agenda_items.order_by("position", "pk"))
    index = next(number for number, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])
    return next(other for other in items if other.pk == item.pk)


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by: User) -> None:
    """Take an item off the agenda. What it was about goes back to what is waiting; a decision
    already recorded under it stays, without the item."""
    _locked(item.meeting)
    item.delete()


@transaction.atomic
def meeting_attendance_record(*, meeting: Meeting, present_ids: Iterable[int], by: User) -> int:
    """Record who of the people holding a seat on the meeting's day was there (everyone else is
    recorded as absent). Returns the number present."""
    meeting = _locked(meeting)
    present_ids = set(present_ids)
    day = timezone.localtime(meeting.starts_at).date()
    seats = dict(SeatTerm.objects.current(day).values_list("holder_id", "seat_id"))
    count = 0
    for row in meeting_attendance(meeting):
        here = row.person.pk in present_ids
        count += here
        MeetingAttendance.objects.update_or_create(
            meeting=meeting,
            person=row.person,
            defaults={"present": here, "seat_id": seats.get(row.person.pk)},
        )
    return count


@transaction.atomic
def decision_record(*, meeting: Meeting, text: str, agenda_item: AgendaItem | None = None, by: User) -> Decision:
    """Record a decision taken at the meeting, tied to one of its agenda items if given."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the decision.")})
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})
    decision = Decision.objects.create(meeting=meeting, agenda_item=agenda_item, text=text, recorded_by=by)
    audit_record(actor=by, action="meeting.decision_recorded", target=decision, note=str(meeting))
    return decision


@transaction.atomic
def decision_delete(*, decision: Decision, by: User) -> None:
    """Remove a decision recorded by mistake. A decision on an application cannot be removed: the
    application was decided by it."""
    if decision.accession_id is not None:
        raise ValidationError(_("A decision on an application cannot be removed."))
    audit_record(actor=by, action="meeting.decision_removed", target=decision.meeting, note=decision.text)
    decision.delete()


@transaction.atomic
def meeting_decide_application(
    *, meeting: Meeting, accession: Accession, approve: bool, reason: str, by: User
) -> Decision:
    """Decide an application at the meeting: the application is approved or rejected with the
    meeting's date (``accession_decide``), and the decision is recorded with the meeting, tied to
    the application and to its agenda item, in the same transaction. Raises ``AlreadyDecided``
    when someone decided it first (nothing is recorded then)."""
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Give the reason when the application is rejected.")})
    meeting_on = timezone.localtime(meeting.starts_at).date()
    accession_decide(accession=accession, by=by, approve=approve, reason=reason, meeting_on=meeting_on)
    with translation.override(settings.LANGUAGE_CODE):  # the minutes are in the portal's language
        if approve:
            text = _("The application to join from %(name)s is approved.") % {"name": accession.name}
        else:
            text = _("The application to join from %(name)s is rejected.") % {"name": accession.name}
        if reason:
            text += " " + _("Reason: %(reason)s") % {"reason": reason}
    item = meeting.agenda_items.filter(accession=accession).first()
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                meeting=meeting, agenda_item=item, accession=accession, text=text, recorded_by=by
            )
    except IntegrityError as error:  # the constraint: one decision per application
        raise AlreadyDecided from error
    audit_record(actor=by, action="meeting.decision_recorded", target=decision, note=str(meeting))
    return decision


@transaction.atomic
def minutes_save(*, meeting: Meeting, minutes: str, by: User) -> Meeting:
    """Write or correct the minutes. Emptying published minutes takes them off the public pages."""
    meeting = _locked(meeting)
    if meeting.minutes_published_at is not None and meeting.minutes != minutes.strip():
        # Published minutes are a public record: a correction is logged with what it was.
        audit_record(
            actor=by,
            action="meeting.minutes_changed",
            target=meeting,
            changes=audit_changes({"minutes": meeting.minutes}, {"minutes": minutes.strip()}),
        )
    meeting.minutes = minutes.strip()
    fields = ["minutes", "updated_at"]
    if not meeting.minutes and meeting.minutes_published_at is not None:
        meeting.minutes_published_at = None
        fields.append("minutes_published_at")
    meeting.save(update_fields=fields)
    return meeting


@transaction.atomic
def minutes_publish(*, meeting: Meeting, publish: bool, by: User) -> Meeting:
    """Publish the minutes on the public pages, or take them back."""
    meeting = _locked(meeting)
    if publish and not meeting.minutes.strip():
        raise ValidationError(_("Write the minutes before publishing them."))
    if publish and meeting.starts_at > timezone.now():
        raise ValidationError(_("Minutes can be published once the meeting has taken place."))
    was_published = meeting.minutes_published_at is not None
    meeting.minutes_published_at = timezone.now() if publish else None
    meeting.save(update_fields=["minutes_published_at", "updated_at"])
    if publish != was_published:
        action = "meeting.minutes_published" if publish else "meeting.minutes_withdrawn"
        audit_record(actor=by, action=action, target=meeting)
    return meeting


@transaction.atomic
def meeting_invitation_send(*, meeting: Meeting, by: User) -> bool:
    """Send the invitation with the agenda and an iCalendar file to everyone holding a seat and to
    the convener(s), in the background. Sending again after a change (time, place, link, note,
    agenda) raises the event's ``sequence``, so calendars replace the earlier invitation; sending
    again without a change does nothing and returns False."""
    meeting = _locked(meeting)
    if meeting.cancelled_at is not None:
        raise ValidationError(_("The meeting is cancelled."))
    if meeting.starts_at < timezone.now():
        raise ValidationError(_("The meeting has already taken place."))
    digest = invitation_digest(meeting, agenda_items(meeting).items)
    if digest == meeting.invitation_digest:
        return False
    if meeting.invitation_digest:
        meeting.sequence += 1
    meeting.invitation_digest = digest
    meeting.save(update_fields=["invitation_digest", "sequence"])
    enqueue_on_commit(SEND_MEETING_INVITATION, meeting.pk, meeting.sequence)
    return True


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, by: User) -> Meeting:
    """Cancel a meeting still to come. It stays in the list, marked cancelled (the public feed tells
    calendars to drop it); everyone who had the invitation is told by email, with the reason and a
    calendar file that cancels the event (a raised ``sequence``)."""
    meeting = _locked(meeting)
    if meeting.cancelled_at is not None:
        raise ValidationError(_("The meeting is already cancelled."))
    if meeting.starts_at < timezone.now():
        raise ValidationError(_("The meeting has already taken place."))
    meeting.cancelled_at = timezone.now()
    meeting.sequence += 1
    meeting.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    audit_record(actor=by, action="meeting.cancelled", target=meeting, note=reason)
    if meeting.invitation_digest:
        enqueue_on_commit(SEND_MEETING_CANCELLATION, meeting.pk, reason)
    return meeting
