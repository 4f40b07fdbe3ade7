"""Reads of the PDFs made in the background: the versions of a round's yearly follow-up report,
the published ones, a meeting's latest pack, and what the two PDFs show.

The PDFs are built from the other areas' selectors, never from copies of their logic:
``figures.year_figures`` / ``figures.dashboard_figures_context`` (the dashboard's figures and charts),
``rounds.round_report_data`` (the förvaltningar's reports, their commitments and the survey),
``meetings.meetings_in_year`` / ``meetings.agenda_items`` (the group's meetings and agendas) and
``conferences.selectors.attendance.attendance_for_period`` (the conferences of the round's period,
each with its figures). What is only the report's (the
organisations that joined or left during the year, the initiatives' results and lessons, the key
figures with their change) is read here, with a fixed number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Accession, Organisation
from collaboration.models import (
    Decision,
    Meeting,
)
from collaboration.selectors.figures import dashboard_figures_context
from collaboration.selectors.meetings import agenda_items, meeting_for_page, meetings_in_year
from conferences.selectors.attendance import attendance_for_period
from followup.models import FollowUpRound
from followup.selectors.rounds import round_report_data
from followup.selectors.table import reporting_units_words
from initiatives.models import Initiative
from overenskommelse.models import PriorityArea
from overenskommelse.process import Step
from overenskommelse.selectors import agreement_current, worded

from ..models import (
    FollowUpReport,
    MeetingPack,
    PdfJobStatus,
)

__all__ = [
    "AreaInitiatives",
    "KeyFigure",
    "followup_report_context",
    "initiatives_with_results",
    "meeting_pack_context",
    "meeting_pack_latest",
    "organisations_joined_and_left",
    "published_reports",
    "report_versions",
]

# The longest text of an initiative (results, lessons) the report quotes in full; longer texts are
# shortened to this many words (the initiative's page has the rest).
QUOTED_WORDS = 120


# --- The versions and the published reports -------------------------------------------------------


def report_versions(followup_round: FollowUpRound) -> QuerySet[FollowUpReport]:
    """Every version of the round's report, newest first, with who asked and who published."""
    return (
        FollowUpReport.objects.filter(followup_round=followup_round)
        .select_related("followup_round", "requested_by", "published_by")
        .order_by("-version")
    )


def published_reports() -> QuerySet[FollowUpReport]:
    """The published (and finished) versions, latest year first: what everyone may download."""
    return (
        FollowUpReport.objects.filter(published_at__isnull=False, status=PdfJobStatus.DONE)
        .exclude(file="")
        .select_related("followup_round")
        .order_by("-followup_round__year", "-version")
    )


def meeting_pack_latest(meeting: Meeting) -> MeetingPack | None:
    return meeting.packs.order_by("-requested_at", "-pk").first()


# --- What only the report reads ---------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigure:
    label: str
    current: int
    previous: int
    unit: str = ""  # "kr" for amounts

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def change_abs(self) -> int:
        return abs(self.change)


def organisations_joined_and_left(
    year: int, *, first_year: int | None = None
) -> tuple[list[Organisation], list[Organisation]]:
    """The organisations that were connected during the year (or the years from ``first_year``: a
    round's period), and those that withdrew (two queries, names in order). The same dates as the
    dashboard's counts of new and withdrawn."""
    start, end = datetime.date(year if first_year is None else first_year, 1, 1), datetime.date(year, 12, 31)
    columns = ("pk", "name", "kind", "connected_since", "withdrawn_on")
    joined = list(Organisation.objects.filter(connected_since__range=(start, end)).only(*columns).order_by("name", "pk"))
    left = list(Organisation.objects.filter(withdrawn_on__range=(start, end)).only(*columns).order_by("name", "pk"))
    return joined, left


@dataclass
class AreaInitiatives:
    """The initiatives of one priority area (or of none) that the year's follow-up takes up."""

    name: str
    initiatives: list[Initiative] = field(default_factory=list)


def initiatives_with_results(year: int, *, first_year: int | None = None) -> list[AreaInitiatives]:
    """The initiatives the year's follow-up takes up — counted in the follow-up of the year (or of the
    years from ``first_year``: a round's period), reported to the group or evaluated during it — that
    have results or lessons to tell, grouped under their first priority area (in the action plan's
    order), each area's in step order. Two queries."""
    first_year = year if first_year is None else first_year
    initiatives = list(
        Initiative.objects.filter(
            Q(followup_year__gte=first_year, followup_year__lte=year)
            | Q(reported_to_group_on__year__gte=first_year, reported_to_group_on__year__lte=year)
            | Q(evaluation_completed_at__year__gte=first_year, evaluation_completed_at__year__lte=year)
        )
        .exclude(results_summary="", evaluation_lessons="")
        .only("pk", "title", "step", "state", "results_summary", "evaluation_lessons", "ends_on", "followup_year")
        .prefetch_related(
            Prefetch(
                "priority_areas",
                PriorityArea.objects.only("pk", "name", "position").order_by("position", "pk"),
                to_attr="area_list",
            )
        )
        .order_by("title", "pk")
    )
    steps = list(Step.values)
    groups: dict[tuple, AreaInitiatives] = {}
    for initiative in initiatives:  # the handful the report quotes, not a count over all rows
        area = initiative.area_list[0] if initiative.area_list else None
        key = (area.position, area.pk) if area else (10_000, 0)
        group = groups.setdefault(key, AreaInitiatives(name=area.name if area else worded(_("No %(area)s"))))
        group.initiatives.append(initiative)
    for group in groups.values():
        group.initiatives.sort(key=lambda initiative: (steps.index(initiative.step), initiative.title.lower()))
    return [groups[key] for key in sorted(groups)]


def _key_figures(figures) -> list[KeyFigure]:
    organisations, commitments, round_figures = figures.organisations, figures.commitments, figures.round
    if figures.several_years:  # a round every other year: its period against the period before
        connected = _("Connected organisations at the end of the period")
        joined = _("Organisations that joined during the period")
        withdrew = _("Organisations that withdrew during the period")
    else:
        connected = _("Connected organisations at the end of the year")
        joined = _("Organisations that joined during the year")
        withdrew = _("Organisations that withdrew during the year")
    return [
        KeyFigure(connected, *_pair(organisations.connected)),
        KeyFigure(joined, *_pair(organisations.joined)),
        KeyFigure(withdrew, *_pair(organisations.withdrawn)),
        KeyFigure(_("Applications to join received"), *_pair(organisations.applications_received)),
        KeyFigure(_("Initiatives under way"), *_pair(figures.initiatives.total)),
        KeyFigure(_("Collaboration commitments running"), *_pair(commitments.count)),
        KeyFigure(_("Money in the commitments (kronor per year)"), *_pair(commitments.amount), unit="kr"),
        KeyFigure(_("Förvaltningar that submitted their report"), *_pair(round_figures.reported)),
        KeyFigure(_("Organisations that answered the survey"), *_pair(round_figures.survey_responses)),
    ]


def _pair(pair) -> tuple[int, int]:
    return pair.current, pair.previous


def _meetings_of_period(followup_round: FollowUpRound) -> list[Meeting]:
    return list(
        meetings_in_year(followup_round.year, first_year=followup_round.first_year).prefetch_related(
            Prefetch(
                "decisions",
                Decision.objects.select_related("accession").order_by("recorded_at", "pk"),
                to_attr="decision_list",
            )
        )
    )


def _plan_year(figures):
    """The revision calendar's entry for the report's year (where the action plan stands)."""
    return next((entry for entry in figures.calendar if entry.year == figures.year), None)


def followup_report_context(followup_round: FollowUpRound, *, report: FollowUpReport | None = None) -> dict:
    """Everything ``templates/pdf/followup_report.html`` shows for a round: a fixed number of
    queries (about thirty), whatever the amount of data."""
    year = followup_round.year
    dashboard = dashboard_figures_context(year)
    figures = dashboard["figures"]
    first_year = followup_round.first_year
    joined, left = organisations_joined_and_left(year, first_year=first_year)
    data = round_report_data(followup_round)
    # Every conference of the round's period (both of "2024–2025"), each with its figures.
    conference_attendance = attendance_for_period(first_year, year)
    conferences = [item.conference for item in conference_attendance.conferences]
    meetings = _meetings_of_period(followup_round)
    now = timezone.now()
    made_on = timezone.localdate(now)
    return {
        **dashboard,
        "pdf": True,
        "report": report,
        "followup_round": followup_round,
        "year": year,
        # The years the round follows up: the cover and the title say "2025–2026" for a round
        # every other year.
        "period": followup_round.period,
        # A round of several years: the sentences that say "during the year" say its period, and the
        # figures compare it with the period before ("2025–2026" against "2023–2024").
        "several_years": figures.several_years,
        "units": reporting_units_words(),
        "agreement": agreement_current(),
        "made_on": made_on,
        # Made before the round is closed, the reports and the survey can still change: the cover
        # and every page's header say the version is preliminary.
        "preliminary": not followup_round.is_closed,
        "key_figures": _key_figures(figures),
        "joined": joined,
        "left": left,
        "area_initiatives": initiatives_with_results(year, first_year=first_year),
        "quoted_words": QUOTED_WORDS,
        "data": data,
        "survey": data.survey,
        "attendance": conference_attendance.total,
        "conferences": conferences,
        "conference_attendance": conference_attendance.conferences,
        # Only what has happened counts as happened: the summary counts the meetings held (not
        # cancelled, started by the time the report is made) and a conference that has begun.
        "conferences_held": [conference for conference in conferences if conference.starts_on <= made_on],
        "meetings": meetings,
        "meetings_held": [meeting for meeting in meetings if meeting.cancelled_at is None and meeting.starts_at <= now],
        "now": now,
        "plan_year": _plan_year(figures),
    }


# --- The meeting pack ---------------------------------------------------------------------------


def meeting_pack_context(meeting: Meeting) -> dict:
    """What ``templates/pdf/meeting_pack.html`` shows: the agenda with its durations, the
    dashboard's figures for the meeting's year as they stand, and the applications on the agenda
    (with their details and where they stand) and the other applications waiting."""
    meeting = meeting_for_page(meeting.pk)
    agenda = agenda_items(meeting)
    on_agenda_ids = [item.accession_id for item in agenda.items if item.accession_id]
    accession_details = (
        Accession.objects.select_related("organisation", "decided_by")
        .prefetch_related(
            Prefetch("priority_areas", PriorityArea.objects.order_by("position", "pk")),
            Prefetch("umbrella_organisations", Organisation.objects.order_by("name")),
        )
        .order_by("submitted_at", "pk")
    )
    on_agenda = list(accession_details.filter(pk__in=on_agenda_ids))
    waiting = list(Accession.objects.open().exclude(pk__in=on_agenda_ids).order_by("submitted_at", "pk"))
    year = timezone.localtime(meeting.starts_at).year
    return {
        **dashboard_figures_context(year),
        "pdf": True,
        "meeting": meeting,
        "agenda": agenda,
        "applications": on_agenda,
        "other_applications": waiting,
        "agreement": agreement_current(),
        "made_at": timezone.now(),
    }
