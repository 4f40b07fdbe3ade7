"""Reads about the group's meetings: the meetings of a year, the next one, a meeting's agenda with
its total duration, what is waiting to be put on an agenda, decisions, attendance, minutes, and the
meetings as iCalendar (the public feed and the invitation's file).

Each function runs a fixed number of queries, whatever the number of meetings or items.
"""

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncDate
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Accession, User
from accounts.roles import CONVENER_GROUP
from conferences.models import Conference
from followup.models import FollowUpRound
from initiatives.models import Initiative
from overenskommelse.process import Step
from overenskommelse.selectors import worded
from plumbing.dates import long_date

from ..models import (
    AgendaItem,
    Decision,
    Meeting,
    MeetingAttendance,
    SeatTerm,
)
from .group import seat_label

__all__ = [
    "DEFAULT_MINUTES",
    "Agenda",
    "AttendanceRow",
    "InvitationState",
    "WaitingItem",
    "agenda_items",
    "invitation_digest",
    "invitation_recipients",
    "invitation_state",
    "meeting_attendance",
    "meeting_decisions",
    "meeting_for_page",
    "meeting_icalendar",
    "meeting_years",
    "meetings_feed",
    "meetings_in_year",
    "members_present",
    "minutes_visible_to",
    "next_meeting",
    "waiting_items",
]

# The estimated minutes an item gets when it is added from what is waiting.
DEFAULT_MINUTES = {
    AgendaItem.Kind.APPLICATION: 10,
    AgendaItem.Kind.INITIATIVE: 15,
    AgendaItem.Kind.FOLLOWUP: 20,
    AgendaItem.Kind.CONFERENCE: 15,
    AgendaItem.Kind.OTHER: 10,
}


# --- Meetings ------------------------------------------------------------------------------------


def meetings_in_year(year: int, *, first_year: int | None = None) -> QuerySet[Meeting]:
    """The meetings of a year (or of the years from ``first_year`` to ``year``: a follow-up round's
    period) in date order, each with ``item_count`` and ``total_minutes`` of its agenda."""
    first_year = year if first_year is None else first_year
    return (
        Meeting.objects.filter(starts_at__year__gte=first_year, starts_at__year__lte=year)
        .annotate(item_count=Count("agenda_items"), total_minutes=Sum("agenda_items__duration_minutes"))
        .order_by("starts_at", "pk")
    )


def meeting_years() -> list[int]:
    """The years that have meetings, and this year, newest first."""
    years = {day.year for day in Meeting.objects.dates("starts_at", "year")}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def next_meeting() -> Meeting | None:
    """The next meeting that is not cancelled (or None)."""
    return Meeting.objects.upcoming().first()


def meeting_for_page(pk: int) -> Meeting:
    """One meeting with the total minutes of its agenda (``total_minutes``); raises DoesNotExist."""
    return Meeting.objects.annotate(total_minutes=Sum("agenda_items__duration_minutes")).get(pk=pk)


@dataclass
class Agenda:
    items: list[AgendaItem]
    total_minutes: int
    starts_at: datetime.datetime

    @property
    def estimated_end(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.total_minutes)

    @property
    def hours_and_minutes(self) -> tuple[int, int]:
        return divmod(self.total_minutes, 60)


def agenda_items(meeting: Meeting) -> Agenda:
    """The agenda in order, with what each item is about, and its total estimated duration (taken
    from ``meeting.total_minutes`` when the meeting was read with it)."""
    items = list(
        meeting.agenda_items.select_related(
            "accession", "accession__decided_by", "initiative", "followup_round", "conference"
        ).order_by("position", "pk")
    )
    total = getattr(meeting, "total_minutes", None)
    if total is None:
        total = meeting.agenda_items.aggregate(total=Sum("duration_minutes"))["total"]
    return Agenda(items=items, total_minutes=total or 0, starts_at=meeting.starts_at)


def meeting_decisions(meeting: Meeting) -> QuerySet[Decision]:
    """The decisions of a meeting in the order they were recorded, with the application and the
    agenda item each is tied to."""
    return meeting.decisions.select_related("accession", "agenda_item", "recorded_by").order_by(
        "recorded_at", "pk"
    )


# --- What is waiting for an agenda ---------------------------------------------------------------


@dataclass
class WaitingItem:
    """Something the group should take up, and the agenda item it becomes in one click."""

    kind: str
    object_id: int
    title: str
    detail: str
    url: str
    duration_minutes: int

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.object_id}"

    @property
    def kind_label(self) -> str:
        return AgendaItem.Kind(self.kind).label


def _planned_items(meeting: Meeting | None) -> QuerySet[AgendaItem]:
    """Agenda items of meetings still to come (and of the given meeting)."""
    condition = Q(meeting__starts_at__gte=timezone.now(), meeting__cancelled_at__isnull=True)
    if meeting is not None:
        condition |= Q(meeting=meeting)
    return AgendaItem.objects.filter(condition)


def _url(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # that area's pages are not there (yet)
        return ""


_KIND_ORDER = [
    AgendaItem.Kind.APPLICATION,
    AgendaItem.Kind.INITIATIVE,
    AgendaItem.Kind.FOLLOWUP,
    AgendaItem.Kind.CONFERENCE,
]


def _columns(kind: str, *, label, day, number=None, step=None) -> dict:
    """The same six columns from each table, so the four parts make one UNION query."""
    return {
        "w_kind": Value(kind, output_field=CharField()),
        "w_label": label,
        "w_day": day,
        # A typed NULL: PostgreSQL resolves UNION column types pairwise, and an untyped NULL in the
        # first two parts would become text and then clash with the round's year.
        "w_number": number if number is not None else Cast(Value(None), output_field=IntegerField()),
        "w_step": step if step is not None else Value("", output_field=CharField()),
    }


def waiting_items(meeting: Meeting | None = None) -> list[WaitingItem]:
    """What an agenda can be built from, in one query: applications to decide (open, and not on a
    meeting still to come); initiatives reported to the group (a report date, or in the results
    step) never on an agenda; the open follow-up round (or one past its deadline, waiting to be
    closed); the next conference. Leaves out what is already on ``meeting``'s agenda or on the
    agenda of another meeting still to come."""
    planned = _planned_items(meeting)
    today = timezone.localdate()
    fields = ("w_kind", "pk", "w_label", "w_day", "w_number", "w_step")
    accessions = (
        Accession.objects.open()
        .exclude(pk__in=planned.filter(accession__isnull=False).values("accession"))
        .annotate(**_columns(AgendaItem.Kind.APPLICATION, label=F("name"), day=TruncDate("submitted_at")))
        .order_by()
        .values_list(*fields)
    )
    initiatives = (
        Initiative.objects.filter(Q(reported_to_group_on__isnull=False) | Q(step=Step.RESULT))
        .exclude(pk__in=AgendaItem.objects.filter(initiative__isnull=False).values("initiative"))
        .annotate(
            **_columns(AgendaItem.Kind.INITIATIVE, label=F("title"), day=F("reported_to_group_on"), step=F("step"))
        )
        .order_by()
        .values_list(*fields)
    )
    rounds = (
        FollowUpRound.objects.open()
        .exclude(pk__in=planned.filter(followup_round__isnull=False).values("followup_round"))
        .annotate(
            **_columns(
                AgendaItem.Kind.FOLLOWUP,
                label=Value("", output_field=CharField()),
                day=F("deadline"),
                number=F("year"),
            )
        )
        .order_by()
        .values_list(*fields)
    )
    next_conference = (
        Conference.objects.filter(ends_on__gte=today)
        .exclude(pk__in=planned.filter(conference__isnull=False).values("conference"))
        .order_by("starts_on", "pk")
        .values("pk")[:1]
    )
    conferences = (
        Conference.objects.filter(pk__in=Subquery(next_conference))
        .annotate(**_columns(AgendaItem.Kind.CONFERENCE, label=F("title"), day=F("starts_on")))
        .order_by()
        .values_list(*fields)
    )
    rows = sorted(
        accessions.union(initiatives, rounds, conferences, all=True),
        key=lambda row: (_KIND_ORDER.index(row[0]), row[3] or datetime.date.max, row[1]),
    )
    steps = dict(Step.choices)
    waiting = []
    for kind, object_id, label, day, number, step in rows:
        if kind == AgendaItem.Kind.APPLICATION:
            title = _("Application to join: %(name)s") % {"name": label}
            detail = _("Sent on %(date)s") % {"date": long_date(day)} if day else ""
            url = _url("accounts:accession_detail", pk=object_id)
        elif kind == AgendaItem.Kind.INITIATIVE:
            title = _("Results of the initiative: %(title)s") % {"title": label}
            if day:
                detail = worded(_("Reported to %(group)s on %(date)s"), date=long_date(day))
            else:
                detail = _("In the step %(step)s") % {"step": str(steps.get(step, step)).lower()}
            url = _url("initiatives:initiative_detail", pk=object_id)
        elif kind == AgendaItem.Kind.FOLLOWUP:
            if day < today:
                title = _("The follow-up of %(year)s: results, and closing the round") % {"year": number}
                detail = _("The last day to report was %(date)s.") % {"date": long_date(day)}
            else:
                title = _("The follow-up of %(year)s: how far it has come") % {"year": number}
                detail = _("The last day to report is %(date)s.") % {"date": long_date(day)}
            url = _url("followup:round_detail", year=number)
        else:
            title = _("The conference: %(title)s") % {"title": label}
            detail = _("On %(date)s") % {"date": long_date(day)}
            url = _url("conferences:conference_detail", pk=object_id)
        waiting.append(
            WaitingItem(
                kind=kind,
                object_id=object_id,
                title=title,
                detail=detail,
                url=url,
                duration_minutes=DEFAULT_MINUTES[kind],
            )
        )
    return waiting


# --- Attendance ----------------------------------------------------------------------------------


@dataclass
class AttendanceRow:
    person: User
    seat_label: str
    present: bool | None  # None: not recorded
    adjunct: bool = False  # on an adjunct seat: attends and speaks, not counted among the members present


def meeting_attendance(meeting: Meeting) -> list[AttendanceRow]:
    """Who held a seat on the day of the meeting and whether each was there, in seat order; then
    anyone recorded who no longer shows among that day's holders (their terms were changed
    afterwards). One query."""
    day = timezone.localtime(meeting.starts_at).date()
    held = Q(starts_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))
    recorded = MeetingAttendance.objects.filter(meeting=meeting, person=OuterRef("holder"))
    terms = (
        SeatTerm.objects.filter(held | Q(holder__in=MeetingAttendance.objects.filter(meeting=meeting).values("person")))
        .annotate(
            present=Subquery(recorded.values("present")[:1]),
            held_that_day=Case(When(held, then=Value(True)), default=Value(False), output_field=BooleanField()),
        )
        .select_related("holder", "seat", "seat__appointed_by")
        .order_by("-held_that_day", "seat__position", "seat__pk", "-starts_on")
    )
    rows: list[AttendanceRow] = []
    seen: set[int] = set()
    for term in terms:
        if term.holder_id in seen:
            continue
        seen.add(term.holder_id)
        rows.append(
            AttendanceRow(
                person=term.holder,
                seat_label=seat_label(term.seat),
                present=term.present,
                adjunct=term.seat.is_adjunct,
            )
        )
    return rows


# --- Minutes -------------------------------------------------------------------------------------


def members_present(rows: list[AttendanceRow]) -> tuple[int, int]:
    """How many were present on an ordinary seat (the members who count, for a decision) and how
    many on an adjunct seat."""
    present = [row for row in rows if row.present]
    adjuncts = sum(1 for row in present if row.adjunct)
    return len(present) - adjuncts, adjuncts


def minutes_visible_to(user) -> QuerySet[Meeting]:
    """Meetings whose minutes the user may read, newest first: published minutes for everyone;
    minutes not yet published too for the group and the convener."""
    meetings = Meeting.objects.exclude(minutes="").order_by("-starts_at", "-pk")
    if user.has_perm("collaboration.view_meeting"):
        return meetings
    return meetings.filter(minutes_published_at__isnull=False)


# --- Invitations ---------------------------------------------------------------------------------


def invitation_digest(meeting: Meeting, items: Iterable[AgendaItem]) -> str:
    """A fingerprint of what the invitation says (time, place, link, note, agenda)."""
    parts = [
        meeting.starts_at.isoformat(),
        meeting.ends_at.isoformat() if meeting.ends_at else "",
        meeting.place,
        meeting.video_link,
        meeting.description,
    ]
    for item in items:
        parts.append(f"{item.pk}|{item.title}|{item.description}|{item.duration_minutes}")
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass
class InvitationState:
    status: str  # "not_sent", "sending", "sent", "changed"
    sent_at: datetime.datetime | None
    sequence: int


def invitation_state(meeting: Meeting, items: Iterable[AgendaItem]) -> InvitationState:
    """Whether the invitation has gone out, is being sent, or went out before the latest change."""
    if not meeting.invitation_digest:
        status = "not_sent"
    elif meeting.invitation_sent_sequence != meeting.sequence:
        status = "sending"
    elif invitation_digest(meeting, items) != meeting.invitation_digest:
        status = "changed"
    else:
        status = "sent"
    return InvitationState(status=status, sent_at=meeting.invitation_sent_at, sequence=meeting.sequence)


def invitation_recipients(on: datetime.date | None = None) -> list[str]:
    """The addresses the invitation goes to: everyone holding a seat, and the convener(s)."""
    on = on or timezone.localdate()
    holders = SeatTerm.objects.current(on).values("holder_id")
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=holders) | Q(groups__name=CONVENER_GROUP))
        .values_list("email", flat=True)
        .distinct()
        .order_by("email")
    )


# --- iCalendar -----------------------------------------------------------------------------------


def _event(meeting: Meeting, *, host: str, stamp: datetime.datetime, private: bool, agenda: Agenda | None):
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.uid}@{host}")
    event.add("dtstamp", stamp)
    event.add("sequence", meeting.sequence)
    event.add("summary", worded(_("%(Group_gen)s meeting")))
    event.add("dtstart", timezone.localtime(meeting.starts_at))
    if meeting.ends_at:
        event.add("dtend", timezone.localtime(meeting.ends_at))
    event.add("last-modified", meeting.updated_at)
    event.add("status", "CANCELLED" if meeting.cancelled_at else "CONFIRMED")
    location = meeting.place
    if private:
        if not location and meeting.video_link:
            location = meeting.video_link
        details = []
        if meeting.video_link:
            details.append(_("Video link: %(link)s") % {"link": meeting.video_link})
        if meeting.description:
            details.append(meeting.description)
        if agenda and agenda.items:
            lines = [_("Agenda:")]
            for number, item in enumerate(agenda.items, start=1):
                lines.append(
                    _("%(number)s. %(title)s (%(minutes)s min)")
                    % {"number": number, "title": item.title, "minutes": item.duration_minutes}
                )
            details.append("\n".join(lines))
        if details:
            event.add("description", "\n\n".join(details))
        event.add("url", f"{settings.PORTAL_BASE_URL}{meeting.get_absolute_url()}")
    if location:
        event.add("location", location)
    return event


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Overenskommelseportalen//Samverkansgruppen//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def meetings_feed() -> bytes:
    """Every meeting as a public iCalendar feed: date, time and place only (no video link, no
    agenda, no note); a cancelled meeting is marked so calendars drop it."""
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"
    stamp = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        calendar = _calendar(worded(_("%(Group_gen)s meetings")))
        for meeting in Meeting.objects.order_by("starts_at", "pk"):
            calendar.add_component(_event(meeting, host=host, stamp=stamp, private=False, agenda=None))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meeting_icalendar(meeting: Meeting, agenda: Agenda | None = None) -> bytes:
    """One meeting for the invitation sent to the members: with the video link, the note and the
    agenda, and the ``sequence`` that makes a calendar replace an earlier invitation."""
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"
    with translation.override(settings.LANGUAGE_CODE):
        calendar = _calendar(worded(_("%(Group_gen)s meeting")))
        calendar.add_component(
            _event(meeting, host=host, stamp=timezone.now(), private=True, agenda=agenda or agenda_items(meeting))
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()
