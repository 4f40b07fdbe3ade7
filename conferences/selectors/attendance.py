"""Reads of the day and of afterwards: the check-in list and its counts, the participant list for
the exports and the name badges, the documentation, certificates and the attendance figures.

Every count happens in the database, and each function runs a fixed number of queries whatever the
number of participants.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    SECTOR_OF_KIND,
    Organisation,
    OrganisationKind,
    Sector,
    connected_condition,
)

from ..models import (
    Conference,
    Document,
    Invitation,
    Registration,
    Session,
    SessionAttendance,
)

__all__ = [
    "BADGES_PER_PAGE",
    "AttendanceFigures",
    "ConferenceAttendance",
    "FigureRow",
    "ParticipantExport",
    "PeriodAttendance",
    "attendance_figures",
    "attendance_figures_for_year",
    "attendance_for_period",
    "badge_pages",
    "certificate_registration",
    "checkin_counts",
    "checkin_registrations",
    "checkin_sessions",
    "conference_documents",
    "organisation_names",
    "participant_export",
    "training_attendances",
]

CONFIRMED = Registration.Status.CONFIRMED
WAITING = Registration.Status.WAITING

# Name badges: two columns of four on an A4 page.
BADGES_PER_PAGE = 8
BADGES_PER_ROW = 2


# --- Check-in ------------------------------------------------------------------------------------


def checkin_sessions(conference: Conference) -> QuerySet[Session]:
    """The sessions a helper can check people in to, training sessions marked by their kind."""
    return conference.sessions.order_by("starts_at", "pk")


def checkin_registrations(
    conference: Conference, *, query: str = "", session: Session | None = None
) -> QuerySet[Registration]:
    """Confirmed registrations (walk-ins included) by name, matching every word of ``query`` in the
    name, email or organisation. Each row says whether the person is present (``is_present``): checked
    in to the conference, or with a ``session`` checked in to that session (and ``signed_up`` says
    whether they signed up for it)."""
    registrations = (
        Registration.objects.filter(conference=conference, status=CONFIRMED)
        .select_related("organisation")
        .order_by(Lower("name"), "pk")
    )
    for word in query.split()[:6]:
        registrations = registrations.filter(
            Q(name__icontains=word)
            | Q(email__icontains=word)
            | Q(organisation_name__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    if session is None:
        return registrations.annotate(
            is_present=ExpressionWrapper(Q(checked_in_at__isnull=False), output_field=BooleanField())
        )
    return registrations.annotate(
        signed_up=Exists(Registration.sessions.through.objects.filter(registration_id=OuterRef("pk"), session=session)),
        is_present=Exists(SessionAttendance.objects.filter(registration_id=OuterRef("pk"), session=session)),
    )


def checkin_counts(conference: Conference, *, session: Session | None = None) -> dict[str, int]:
    """How many of the confirmed registrations have been checked in, and the walk-ins besides (one
    query; two with a session: who signed up for it and who was checked in to it)."""
    counts = Registration.objects.filter(conference=conference, status=CONFIRMED).aggregate(
        confirmed=Count("pk", filter=Q(is_walk_in=False)),
        checked_in=Count("pk", filter=Q(is_walk_in=False, checked_in_at__isnull=False)),
        walk_ins=Count("pk", filter=Q(is_walk_in=True)),
    )
    counts["present"] = counts["checked_in"] + counts["walk_ins"]
    if session is not None:
        counts.update(
            Registration.objects.filter(conference=conference, status=CONFIRMED).aggregate(
                session_signed_up=Count("pk", filter=Q(sessions=session), distinct=True),
                session_attended=Count("pk", filter=Q(attendances__session=session), distinct=True),
            )
        )
    return counts


def organisation_names() -> list[str]:
    """Names of the organisations in the register, offered when a walk-in is added (one query)."""
    return list(Organisation.objects.order_by("name").values_list("name", flat=True).distinct())


# --- Participant list and name badges ------------------------------------------------------------


@dataclass
class ParticipantExport:
    header: list[str]
    rows: list[list]


def _organisation_of(registration: Registration) -> str:
    return registration.organisation.name if registration.organisation_id else registration.organisation_name


def participant_export(conference: Conference, *, with_needs: bool) -> ParticipantExport:
    """The participant list for the CSV and Excel files: confirmed and waiting registrations (walk-ins
    included, cancellations left out), by status and name. Dietary and accessibility needs only
    ``with_needs`` (the convener's export). Two queries."""
    registrations = (
        Registration.objects.filter(conference=conference, status__in=[CONFIRMED, WAITING])
        .select_related("organisation")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk")))
        .order_by("status", Lower("name"), "pk")
    )
    header = [
        str(_("Name")),
        str(_("Organisation")),
        str(_("Email address")),
        str(_("Status")),
        str(_("Walk-in")),
        str(_("Sessions")),
        str(_("Checked in")),
        str(_("May appear on the participant list")),
    ]
    if with_needs:
        header += [str(_("Dietary needs")), str(_("Accessibility needs"))]
    yes, no = str(_("yes")), str(_("no"))
    rows = []
    for registration in registrations:
        checked_in = registration.checked_in_at
        row = [
            registration.name,
            _organisation_of(registration),
            registration.email,
            str(registration.get_status_display()),
            yes if registration.is_walk_in else no,
            "; ".join(session.title for session in registration.sessions.all()),
            timezone.localtime(checked_in).strftime("%Y-%m-%d %H:%M") if checked_in else "",
            yes if registration.on_participant_list else no,
        ]
        if with_needs:
            row += [registration.dietary_needs, registration.accessibility_needs]
        rows.append(row)
    return ParticipantExport(header=header, rows=rows)


def badge_pages(
    conference: Conference, *, per_page: int = BADGES_PER_PAGE, per_row: int = BADGES_PER_ROW
) -> list[list[list[Registration | None]]]:
    """Confirmed participants (walk-ins included) by name, as pages of rows of badges, the last row
    filled up with None (one query). One short table per page keeps WeasyPrint quick."""
    registrations: list[Registration | None] = list(
        Registration.objects.filter(conference=conference, status=CONFIRMED)
        .select_related("organisation")
        .order_by(Lower("name"), "pk")
    )
    for registration in registrations:
        registration.badge_organisation = _organisation_of(registration)
    pages = []
    for start in range(0, len(registrations), per_page):
        page = registrations[start : start + per_page]
        page += [None] * (-len(page) % per_row)
        pages.append([page[row : row + per_row] for row in range(0, len(page), per_row)])
    return pages


# --- Documentation -------------------------------------------------------------------------------


def conference_documents(conference: Conference) -> QuerySet[Document]:
    """The documentation of a conference, in the order of the programme (one query)."""
    return (
        Document.objects.filter(conference=conference)
        .select_related("session")
        .order_by(F("session__starts_at").asc(nulls_first=True), "uploaded_at", "pk")
    )


# --- Certificates --------------------------------------------------------------------------------


def certificate_registration(token: str) -> Registration | None:
    """The confirmed registration of a personal link, with its conference and certificate (one
    query), or None."""
    return (
        Registration.objects.filter(token=token, status=CONFIRMED)
        .select_related("conference", "certificate", "organisation")
        .first()
    )


def training_attendances(registration: Registration) -> QuerySet[SessionAttendance]:
    """The training sessions the participant was checked in to (real attendance, not the sessions
    they signed up for), in programme order."""
    return (
        SessionAttendance.objects.filter(registration=registration, session__kind=Session.Kind.TRAINING)
        .select_related("session")
        .order_by("session__starts_at", "session__pk")
    )


# --- Attendance figures --------------------------------------------------------------------------


@dataclass
class FigureRow:
    key: str
    label: str
    count: int


@dataclass
class AttendanceFigures:
    """Attendance of one conference, or of every conference of a year."""

    conferences: int = 0
    registered: int = 0  # confirmed and waiting, walk-ins not included
    confirmed: int = 0  # walk-ins not included
    waiting: int = 0
    checked_in: int = 0  # everyone present: checked-in registrations and walk-ins
    checked_in_registered: int = 0  # of the confirmed registrations
    walk_ins: int = 0
    by_sector: list[FigureRow] = field(default_factory=list)
    by_kind: list[FigureRow] = field(default_factory=list)
    by_connection: list[FigureRow] = field(default_factory=list)
    invited_organisations: int = 0
    invited_organisations_present: int = 0

    @property
    def no_shows(self) -> int:
        return self.confirmed - self.checked_in_registered

    @property
    def checked_in_share(self) -> int | None:
        """Per cent of the confirmed registrations who came (None without registrations)."""
        return round(100 * self.checked_in_registered / self.confirmed) if self.confirmed else None

    @property
    def invited_organisations_share(self) -> int | None:
        """Per cent of the invited organisations with at least one participant checked in."""
        if not self.invited_organisations:
            return None
        return round(100 * self.invited_organisations_present / self.invited_organisations)


NO_ORGANISATION = "none"
CONNECTED = "connected"
NOT_CONNECTED = "not_connected"

# The totals of ``AttendanceFigures``, each counted in the database.
_TOTALS = {
    "registered": Q(status__in=[CONFIRMED, WAITING], is_walk_in=False),
    "confirmed": Q(status=CONFIRMED, is_walk_in=False),
    "waiting": Q(status=WAITING),
    "checked_in": Q(status=CONFIRMED, checked_in_at__isnull=False),
    "checked_in_registered": Q(status=CONFIRMED, checked_in_at__isnull=False, is_walk_in=False),
    "walk_ins": Q(status=CONFIRMED, is_walk_in=True),
}


def _counts_per_conference(
    registrations: QuerySet[Registration], invitations: QuerySet[Invitation]
) -> dict[int, Counter]:
    """Three queries, each grouped by conference: the totals; the people present grouped by kind of
    organisation and whether it was connected on the day of its conference; the invited
    organisations and those that came. Each conference's counts as a ``Counter`` keyed by
    ("total", name), ("kind", kind), ("sector", sector), ("connection", connection) and
    ("invited", …), so the counts of several conferences add up."""
    counts: dict[int, Counter] = {}

    def of(conference_id: int) -> Counter:
        return counts.setdefault(conference_id, Counter())

    totals = (
        registrations.values("conference_id")
        .annotate(**{name: Count("pk", filter=condition) for name, condition in _TOTALS.items()})
        .order_by()
    )
    for row in totals:  # one row per conference
        of(row["conference_id"]).update({("total", name): row[name] for name in _TOTALS})

    # Connected on the first day of the registration's own conference (so a year of several
    # conferences is right too): the rule of accounts.models, with the date taken from the row.
    connected_then = Organisation.objects.filter(pk=OuterRef("organisation_id")).filter(
        connected_condition(on=OuterRef("conference__starts_on"))
    )
    grouped = (
        registrations.filter(status=CONFIRMED, checked_in_at__isnull=False)
        .annotate(connected=Exists(connected_then), kind=F("organisation__kind"))
        .values("conference_id", "kind", "connected")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for group in grouped:  # one row per (conference, kind, connected): a handful, never one per person
        kind = group["kind"] or NO_ORGANISATION
        sector = SECTOR_OF_KIND.get(kind, Sector.OTHER) if group["kind"] else NO_ORGANISATION
        if not group["kind"]:
            connection = NO_ORGANISATION
        else:
            connection = CONNECTED if group["connected"] else NOT_CONNECTED
        of(group["conference_id"]).update(
            {("kind", kind): group["count"], ("sector", sector): group["count"], ("connection", connection): group["count"]}
        )

    # Invited organisations (invitations sent, not removed from the list), counted once per
    # conference, and those of them with at least one person checked in at that conference.
    present = Registration.objects.filter(
        conference_id=OuterRef("conference_id"),
        organisation_id=OuterRef("organisation_id"),
        status=CONFIRMED,
        checked_in_at__isnull=False,
    )
    per_conference = (
        invitations.filter(excluded=False, sent_at__isnull=False, organisation__isnull=False)
        .annotate(came=Exists(present))
        .values("conference_id")
        .annotate(
            invited=Count("organisation", distinct=True),
            came_count=Count("organisation", distinct=True, filter=Q(came=True)),
        )
        .order_by()
    )
    for row in per_conference:  # one row per conference
        of(row["conference_id"]).update({("invited", "all"): row["invited"], ("invited", "came"): row["came_count"]})
    return counts


def _figures(counts: Counter, *, conferences: int) -> AttendanceFigures:
    """The figures of one conference's counts, or of several conferences' counts added up."""
    figures = AttendanceFigures(conferences=conferences, **{name: counts[("total", name)] for name in _TOTALS})
    no_organisation = str(_("No organisation in the register"))
    figures.by_sector = [
        FigureRow(value, str(label), counts[("sector", value)]) for value, label in Sector.choices
    ] + [FigureRow(NO_ORGANISATION, no_organisation, counts[("sector", NO_ORGANISATION)])]
    figures.by_kind = [
        FigureRow(value, str(label), counts[("kind", value)])
        for value, label in OrganisationKind.choices
        if ("kind", value) in counts
    ] + [FigureRow(NO_ORGANISATION, no_organisation, counts[("kind", NO_ORGANISATION)])]
    figures.by_connection = [
        FigureRow(CONNECTED, str(_("Connected to the agreement")), counts[("connection", CONNECTED)]),
        FigureRow(NOT_CONNECTED, str(_("Not connected")), counts[("connection", NOT_CONNECTED)]),
        FigureRow(NO_ORGANISATION, no_organisation, counts[("connection", NO_ORGANISATION)]),
    ]
    figures.invited_organisations = counts[("invited", "all")]
    figures.invited_organisations_present = counts[("invited", "came")]
    return figures


def attendance_figures(conference: Conference) -> AttendanceFigures:
    """Who registered and who came to one conference (three queries): totals, the people present by
    sector, by kind of organisation and connected or not (on the conference's first day; people
    without an organisation from the register as "no organisation"), and the share of the invited
    organisations that came."""
    counts = _counts_per_conference(
        Registration.objects.filter(conference=conference),
        Invitation.objects.filter(conference=conference),
    )
    return _figures(counts.get(conference.pk, Counter()), conferences=1)


@dataclass
class ConferenceAttendance:
    """One conference of a period, with its own figures."""

    conference: Conference
    figures: AttendanceFigures


@dataclass
class PeriodAttendance:
    """The conferences that began in a period (a year, or the years of a follow-up round), each with
    its figures, in the order they were held, and the figures of them all added up (``total``)."""

    conferences: list[ConferenceAttendance]
    total: AttendanceFigures


def attendance_for_period(first_year: int, last_year: int) -> PeriodAttendance:
    """Every conference that began in the years ``first_year``–``last_year`` (a follow-up round's
    period; the same year twice for one year), each with its figures, and their sum (for the
    follow-up report; four queries, whatever the number of conferences and participants)."""
    start, end = datetime.date(first_year, 1, 1), datetime.date(last_year, 12, 31)
    conferences = list(Conference.objects.filter(starts_on__range=(start, end)).order_by("starts_on", "pk"))
    counts = _counts_per_conference(
        Registration.objects.filter(conference__starts_on__range=(start, end)),
        Invitation.objects.filter(conference__starts_on__range=(start, end)),
    )
    total: Counter = Counter()
    for conference_counts in counts.values():
        total.update(conference_counts)
    return PeriodAttendance(
        conferences=[
            ConferenceAttendance(conference, _figures(counts.get(conference.pk, Counter()), conferences=1))
            for conference in conferences
        ],
        total=_figures(total, conferences=len(conferences)),
    )


def attendance_figures_for_year(year: int) -> AttendanceFigures:
    """The figures of every conference that began in ``year``, summed (four queries)."""
    return attendance_for_period(year, year).total
