"""The figures of the collaboration group's dashboard, for a year and the year before.

``year_figures(year)`` answers everything the dashboard (and the meeting pack and the yearly
follow-up PDF, which show the same block) needs: connected organisations and applications, the
initiatives per step and priority area and those stuck in a step, the commitments per förvaltning
with their yearly amounts, how far the year's follow-up round has come, the next meeting and
conference, and the revision calendar.

Every count and sum happens in the database; the number of queries is fixed (six) whatever the number
of organisations, initiatives or commitments. The result is cached (``collaboration.cache``)
per year and per day, and a change to the data behind it bumps the cache's version.

A year in the past is shown as it stood at its end (31 December); this year (or a later one) as it
stands now. Initiatives in a past year are placed in the step they were in at the year's end, from
their recorded step changes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connections
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Func,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import (
    Accession,
    Organisation,
    OrganisationKind,
    connected_condition,
)
from accounts.selectors import several_public_parties
from conferences.models import Conference
from followup.models import (
    REPORTING_KINDS,
    DepartmentReport,
    FollowUpRound,
    SurveyResponse,
)
from initiatives.models import (
    CollaborationForm,
    Contribution,
    Initiative,
    Partnership,
    StepTransition,
)
from overenskommelse.models import Agreement, PriorityArea
from overenskommelse.process import Step
from overenskommelse.selectors import meetings_per_year

from .. import cache as figures_cache
from ..charts import dashboard_charts
from ..models import Meeting

__all__ = [
    "CALENDAR_YEARS",
    "STUCK_AFTER_DAYS",
    "STUCK_LISTED",
    "AdministrationRow",
    "AreaColumn",
    "CalendarYear",
    "Cell",
    "CommitmentFigures",
    "ConferenceInfo",
    "InitiativeFigures",
    "MeetingFigures",
    "MeetingInfo",
    "OrganisationFigures",
    "Pair",
    "RoundFigures",
    "StepRow",
    "StuckInitiative",
    "YearFigures",
    "compute_year_figures",
    "dashboard_figures_context",
    "year_figures",
]

# An active initiative that entered its step longer ago than this is "stuck".
STUCK_AFTER_DAYS = 365
# How many of the stuck initiatives the dashboard names (the count says how many there are).
STUCK_LISTED = 10
# The revision calendar shows the chosen year and the years after it.
CALENDAR_YEARS = 5
# The action plan is revised in this year of its period (it is followed up at the agreement's own
# cadence, ``followup_every_years``).
PLAN_REVISION_YEAR = 4

STEP_ORDER: tuple[str, ...] = tuple(Step.values)
FORMS: tuple[str, ...] = tuple(CollaborationForm.values)
ENTERED_STEP_KINDS = (
    StepTransition.Kind.CREATED,
    StepTransition.Kind.FORWARD,
    StepTransition.Kind.BACK,
)


# --- What the dashboard shows --------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """A figure for the chosen year and the year before."""

    current: int
    previous: int

    @property
    def change(self) -> int:
        return self.current - self.previous


@dataclass(frozen=True)
class OrganisationFigures:
    connected: Pair  # connected on ``on`` / ``previous_on``
    joined: Pair  # connected during the year (up to ``on``)
    withdrawn: Pair  # left during the year (up to ``on``)
    on: datetime.date  # 31 December of the year, or today for this year
    previous_on: datetime.date
    applications_waiting: int  # open applications now
    applications_received: Pair  # sent during the year
    list_url: str
    queue_url: str


@dataclass(frozen=True)
class Cell:
    count: int
    url: str = ""


@dataclass(frozen=True)
class AreaColumn:
    slug: str  # "" for the initiatives without a priority area
    name: str
    total: int
    url: str = ""


@dataclass(frozen=True)
class StepRow:
    step: str
    cells: tuple[Cell, ...]  # one per ``InitiativeFigures.areas``
    total: Pair
    url: str = ""

    @property
    def number(self) -> int:
        return STEP_ORDER.index(self.step) + 1

    @property
    def label(self) -> str:
        return Step(self.step).label


@dataclass(frozen=True)
class StuckInitiative:
    pk: int
    title: str
    step: str
    in_step_since: datetime.datetime
    url: str

    @property
    def step_label(self) -> str:
        return Step(self.step).label

    @property
    def step_number(self) -> int:
        return STEP_ORDER.index(self.step) + 1

    @property
    def days(self) -> int:
        return (timezone.now() - self.in_step_since).days


@dataclass(frozen=True)
class InitiativeFigures:
    """Active and paused initiatives (those closed early are left out) per step and area."""

    steps: tuple[StepRow, ...]
    areas: tuple[AreaColumn, ...]
    total: Pair
    on: datetime.date
    previous_on: datetime.date
    stuck: tuple[StuckInitiative, ...]  # the longest stuck first, at most STUCK_LISTED
    stuck_count: int
    list_url: str


@dataclass(frozen=True)
class AdministrationRow:
    """One förvaltning's commitments running during the year (and the year before)."""

    pk: int
    name: str
    per_form: tuple[Cell, ...]  # the year's count per form, in the order of ``FORMS``
    count: Pair
    amount: Pair  # kronor per year: the sum of the money contributions
    url: str
    party: str = ""  # the public party the förvaltning belongs to, where one is set


@dataclass(frozen=True)
class CommitmentFigures:
    rows: tuple[AdministrationRow, ...]
    per_form: tuple[Cell, ...]  # totals per form (this year)
    count: Pair
    amount: Pair
    list_url: str
    # The rows belong to several public parties (a regional agreement): a column says which, and
    # the rows come party by party.
    by_party: bool = False

    @property
    def forms(self) -> tuple[str, ...]:
        return FORMS

    @property
    def form_labels(self) -> list[str]:
        return [CollaborationForm(value).label for value in FORMS]


@dataclass(frozen=True)
class RoundFigures:
    """The follow-up round of the year: who has reported, how many organisations answered."""

    year: int
    exists: bool
    is_open: bool
    is_closed: bool
    deadline: datetime.date | None
    administrations: int  # förvaltningar and municipal companies in the register
    reported: Pair  # of them, those that submitted their report (the year's round / the previous)
    survey_responses: Pair
    not_reported: tuple[str, ...]  # names of the förvaltningar and companies still to report
    url: str
    # The years the round follows up ("2025–2026" for a round every other year) and the previous
    # round's; the year alone for a yearly round.
    period: str = ""
    previous_period: str = ""
    with_companies: bool = False  # the register has municipal companies: the page names them

    @property
    def reported_percent(self) -> int | None:
        if not self.administrations:
            return None
        return round(100 * self.reported.current / self.administrations)


@dataclass(frozen=True)
class MeetingInfo:
    pk: int
    starts_at: datetime.datetime
    place: str
    has_video_link: bool
    url: str


@dataclass(frozen=True)
class MeetingFigures:
    year: int
    planned: int  # meetings of the year that are not cancelled (held and still to come)
    next: MeetingInfo | None
    warn_too_few: bool  # fewer meetings than the agreement's meetings per year (this year or later)
    list_url: str


@dataclass(frozen=True)
class ConferenceInfo:
    pk: int
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    url: str


@dataclass(frozen=True)
class CalendarYear:
    year: int
    plan_title: str
    plan_year: int | None  # which year of the action plan's period (1–4)
    plan_followed_up: bool
    plan_revised: bool
    plan_is_assumed: bool  # after the last plan entered: a new four-year period is assumed
    agreement_revised: bool


@dataclass(frozen=True)
class YearFigures:
    year: int
    previous_year: int
    made_at: datetime.datetime
    organisations: OrganisationFigures
    initiatives: InitiativeFigures
    commitments: CommitmentFigures
    round: RoundFigures
    meetings: MeetingFigures
    conference: ConferenceInfo | None
    conference_list_url: str
    calendar: tuple[CalendarYear, ...]
    agreement_name: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


# --- Helpers -------------------------------------------------------------------------------------


def _url(name: str, query: dict | None = None, **kwargs) -> str:
    """A link to a page, or "" when the page does not exist (yet): the dashboard links only to
    what resolves."""
    try:
        url = _reverse(name, tuple(sorted(kwargs.items())))
    except NoReverseMatch:
        return ""
    query = {key: value for key, value in (query or {}).items() if value not in ("", None)}
    return f"{url}?{urlencode(query)}" if query else url


_reversed: dict = {}


def _reverse(name: str, kwargs: tuple) -> str:
    """``reverse``, remembered while the figures are made (the matrix links to the same lists
    dozens of times)."""
    key = (name, kwargs)
    if key not in _reversed:
        _reversed[key] = reverse(name, kwargs=dict(kwargs) or None)
    return _reversed[key]


def _year_end(year: int) -> datetime.datetime:
    """The last moment of 31 December in the portal's time zone."""
    return timezone.make_aware(datetime.datetime(year, 12, 31, 23, 59, 59, 999999))


def _on_date(year: int, today: datetime.date) -> datetime.date:
    return min(datetime.date(year, 12, 31), today)


def _is_past(year: int, today: datetime.date) -> bool:
    return year < today.year


# --- Single figures of several tables (one query) -----------------------------------------------


def _count(queryset: QuerySet) -> QuerySet:
    """The number of rows, as a query of one column and always one row."""
    return queryset.order_by().values(n=Func(F("pk"), function="COUNT"))


def _first(queryset: QuerySet, field: str, *, as_text: bool = False) -> QuerySet:
    """One field of the first row (dates as ISO text, read back the same on every database)."""
    value = Cast(field, CharField()) if as_text else F(field)
    return queryset.values(v=value)[:1]


NAME_SEPARATOR = "\x1f"


class _Joined(Func):
    """Every value of a column joined by NAME_SEPARATOR (in no particular order). A function, not
    an ``Aggregate``, so the ORM adds no GROUP BY: used only as a whole-table value in ``_scalars``."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="STRING_AGG", **extra)


def _joined(queryset: QuerySet, field: str) -> QuerySet:
    return queryset.order_by().values(v=_Joined(F(field), Value(NAME_SEPARATOR)))


def _scalars(**queries: QuerySet) -> dict:
    """Single values from several tables in one round trip: ``SELECT (…) AS a, (…) AS b, …``.
    Each query gives one column and at most one row (a ``_count`` or a ``_first``)."""
    connection = connections[Organisation.objects.db]
    parts, params = [], []
    for name, query in queries.items():
        sql, query_params = query.query.sql_with_params()
        parts.append(f"({sql}) AS {connection.ops.quote_name(name)}")
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(queries, row))


def _single_figures(year: int, today: datetime.date) -> dict:
    """Connected organisations, applications, the rounds (who reported, the survey answers, the
    state), the year's meetings and the next one, and the next conference: every single figure of
    the dashboard, in one query."""
    on, previous_on = _on_date(year, today), _on_date(year - 1, today)
    start, previous_start = datetime.date(year, 1, 1), datetime.date(year - 1, 1, 1)
    organisations = Organisation.objects.all()
    applications = Accession.objects.all()
    # The round that follows up the year: the round of the year itself, or (a round every other
    # year) the round of the next year, which covers both; and the round before it (by the years
    # each round covers, so a later change of the agreement's cadence changes no past round).
    this_round = FollowUpRound.objects.filter(year__gte=year, year__lt=Value(year) + F("years_covered")).order_by(
        "year"
    )
    previous_round = FollowUpRound.objects.filter(
        year__lt=year, year__gte=Value(year) - F("years_covered")
    ).order_by("-year")
    administrations = Organisation.objects.filter(kind__in=REPORTING_KINDS)

    def submitted(rounds) -> Exists:
        return Exists(
            DepartmentReport.objects.filter(
                administration=OuterRef("pk"),
                followup_round__in=rounds.values("pk")[:1],
                status=DepartmentReport.Status.SUBMITTED,
            )
        )

    next_meeting = Meeting.objects.upcoming().order_by("starts_at", "pk")
    conference = Conference.objects.published().filter(starts_on__gte=today).order_by("starts_on", "pk")
    values = _scalars(
        connected=_count(organisations.filter(connected_condition(on))),
        connected_previous=_count(organisations.filter(connected_condition(previous_on))),
        joined=_count(organisations.filter(connected_since__range=(start, on))),
        joined_previous=_count(organisations.filter(connected_since__range=(previous_start, previous_on))),
        withdrawn=_count(organisations.filter(withdrawn_on__range=(start, on))),
        withdrawn_previous=_count(organisations.filter(withdrawn_on__range=(previous_start, previous_on))),
        waiting=_count(applications.filter(status__in=Accession.OPEN_STATUSES)),
        received=_count(applications.filter(submitted_at__year=year)),
        received_previous=_count(applications.filter(submitted_at__year=year - 1)),
        round_exists=_count(this_round),
        round_open=_count(this_round.filter(opened_at__isnull=False, closed_at__isnull=True)),
        round_closed=_count(this_round.filter(closed_at__isnull=False)),
        round_deadline=_first(this_round, "deadline", as_text=True),
        round_year=_first(this_round, "year"),
        round_years_covered=_first(this_round, "years_covered"),
        previous_round_year=_first(previous_round, "year"),
        previous_round_years_covered=_first(previous_round, "years_covered"),
        companies=_count(organisations.filter(kind=OrganisationKind.MUNICIPAL_COMPANY)),
        administrations=_count(administrations),
        reported=_count(administrations.filter(submitted(this_round))),
        reported_previous=_count(administrations.filter(submitted(previous_round))),
        not_reported=_joined(administrations.exclude(submitted(this_round)), "name"),
        responses=_count(SurveyResponse.objects.filter(followup_round__in=this_round.values("pk")[:1])),
        responses_previous=_count(SurveyResponse.objects.filter(followup_round__in=previous_round.values("pk")[:1])),
        meetings_planned=_count(Meeting.objects.filter(starts_at__year=year, cancelled_at__isnull=True)),
        meeting_pk=_first(next_meeting, "pk"),
        meeting_starts_at=_first(next_meeting, "starts_at", as_text=True),
        meeting_place=_first(next_meeting, "place"),
        meeting_video_link=_first(next_meeting, "video_link"),
        conference_pk=_first(conference, "pk"),
        conference_title=_first(conference, "title"),
        conference_starts_on=_first(conference, "starts_on", as_text=True),
        conference_ends_on=_first(conference, "ends_on", as_text=True),
    )
    values["on"], values["previous_on"] = on, previous_on
    return values


def _date_of(text) -> datetime.date | None:
    return datetime.date.fromisoformat(str(text)[:10]) if text else None


def _organisation_figures(single: dict) -> OrganisationFigures:
    return OrganisationFigures(
        connected=Pair(single["connected"], single["connected_previous"]),
        joined=Pair(single["joined"], single["joined_previous"]),
        withdrawn=Pair(single["withdrawn"], single["withdrawn_previous"]),
        on=single["on"],
        previous_on=single["previous_on"],
        applications_waiting=single["waiting"],
        applications_received=Pair(single["received"], single["received_previous"]),
        list_url=_url("accounts:organisation_list"),
        queue_url=_url("accounts:accession_queue"),
    )


# --- Initiatives (three queries) -----------------------------------------------------------------


def _area_counts(initiative: str, areas: str, columns: list[tuple[str, list[int]]]) -> dict:
    """Per column of the matrix (a priority area, by its slug, with the ids it has had in each
    action plan): how many initiatives are tied to it, each once; how many to any area; and how
    many in all. ``initiative`` and ``areas`` are the paths to the initiative and its areas."""
    counts = {
        f"area_{index}": Count(initiative, distinct=True, filter=Q(**{f"{areas}__in": ids}))
        for index, (_slug, ids) in enumerate(columns)
    }
    counts["any_area"] = Count(initiative, distinct=True, filter=Q(**{f"{areas}__isnull": False}))
    counts["total"] = Count(initiative, distinct=True)
    return counts


def _initiatives_now(columns) -> dict[str, dict]:
    """Per step, the initiatives in it now (active or paused), in all and per area: one query,
    five rows."""
    rows = (
        Initiative.objects.exclude(state=Initiative.State.CLOSED)
        .values("step")
        .annotate(**_area_counts("pk", "priority_areas", columns))
        .order_by()
    )
    return {row["step"]: row for row in rows}


def _initiatives_at(moment: datetime.datetime, columns) -> dict[str, dict]:
    """Per step, the initiatives in it at a past moment, read from their step changes: the last
    change of each initiative up to then says its step, and it is left out when that change closed
    it. One query (the "last change" is an anti-join, not a lookup per initiative)."""
    later = StepTransition.objects.filter(initiative=OuterRef("initiative"), at__lte=moment).filter(
        Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), pk__gt=OuterRef("pk"))
    )
    rows = (
        StepTransition.objects.filter(at__lte=moment)
        .filter(~Exists(later))
        .exclude(kind=StepTransition.Kind.CLOSED)
        .values("to_step")
        .annotate(**_area_counts("initiative", "initiative__priority_areas", columns))
        .order_by()
    )
    return {row["to_step"]: row for row in rows}


def _stuck_initiatives(now: datetime.datetime) -> tuple[list[dict], int]:
    """Active initiatives that entered their step (were proposed, moved on or back into it) more
    than STUCK_AFTER_DAYS ago, the longest stuck first, and how many there are: one query."""
    cutoff = now - datetime.timedelta(days=STUCK_AFTER_DAYS)
    entered = Max(
        "transitions__at",
        filter=Q(transitions__to_step=F("step"), transitions__kind__in=ENTERED_STEP_KINDS),
    )
    rows = list(
        Initiative.objects.filter(state=Initiative.State.ACTIVE, created_at__lt=cutoff)
        .annotate(in_step_since=Coalesce(entered, F("created_at")))
        .filter(in_step_since__lt=cutoff)
        .annotate(stuck_count=Window(Count("pk")))
        .order_by("in_step_since", "pk")
        .values("pk", "title", "step", "in_step_since", "stuck_count")[:STUCK_LISTED]
    )
    return rows, (rows[0]["stuck_count"] if rows else 0)


def _matrix_columns(areas_in_plan) -> list[tuple[str, list[int]]]:
    """The columns of the matrix: the areas of the year's action plan, then the other areas of the
    agreement's plans (shown only when an initiative is tied to them). Areas keep their slug from
    one plan to the next, so a column holds every id its slug has had."""
    ids: dict[str, list[int]] = {}
    for area in areas_in_plan["all"]:
        ids.setdefault(area.slug, []).append(area.pk)
    slugs = [area.slug for area in areas_in_plan["year"]]
    slugs += sorted(slug for slug in ids if slug not in slugs)
    return [(slug, ids[slug]) for slug in slugs]


def _initiative_figures(year: int, today: datetime.date, now: datetime.datetime, areas_in_plan) -> InitiativeFigures:
    columns = _matrix_columns(areas_in_plan)
    names = {area.slug: area.name for area in areas_in_plan["all"]}
    in_plan = {area.slug for area in areas_in_plan["year"]}
    now_rows = None

    def per_step(for_year: int) -> dict[str, dict]:
        nonlocal now_rows
        if _is_past(for_year, today):
            return _initiatives_at(_year_end(for_year), columns)
        if now_rows is None:
            now_rows = _initiatives_now(columns)
        return now_rows

    this, before = per_step(year), per_step(year - 1)
    stuck_rows, stuck_count = _stuck_initiatives(now)

    def count(rows: dict, step: str, key: str) -> int:
        return rows.get(step, {}).get(key, 0) or 0

    # Which columns to show: the plan's areas always, others and "no area" only when used.
    shown: list[tuple[int | None, str]] = []
    for index, (slug, _ids) in enumerate(columns):
        if slug in in_plan or any(count(this, step, f"area_{index}") for step in STEP_ORDER):
            shown.append((index, slug))
    no_area = {step: count(this, step, "total") - count(this, step, "any_area") for step in STEP_ORDER}
    if any(no_area.values()):
        shown.append((None, ""))

    def cell_count(step: str, index: int | None) -> int:
        return no_area[step] if index is None else count(this, step, f"area_{index}")

    areas = tuple(
        AreaColumn(
            slug=slug,
            name=names.get(slug, ""),
            total=sum(cell_count(step, index) for step in STEP_ORDER),
            url=_url("initiatives:initiative_list", {"area": slug}) if slug else "",
        )
        for index, slug in shown
    )
    steps = tuple(
        StepRow(
            step=step,
            cells=tuple(
                Cell(
                    cell_count(step, index),
                    _url("initiatives:initiative_list", {"step": step, "area": slug}) if slug else "",
                )
                for index, slug in shown
            ),
            total=Pair(count(this, step, "total"), count(before, step, "total")),
            url=_url("initiatives:initiative_list", {"step": step}),
        )
        for step in STEP_ORDER
    )
    stuck = tuple(
        StuckInitiative(
            pk=row["pk"],
            title=row["title"],
            step=row["step"],
            in_step_since=row["in_step_since"],
            url=_url("initiatives:initiative_detail", pk=row["pk"]),
        )
        for row in stuck_rows
    )
    return InitiativeFigures(
        steps=steps,
        areas=areas,
        total=Pair(sum(row.total.current for row in steps), sum(row.total.previous for row in steps)),
        on=_on_date(year, today),
        previous_on=_on_date(year - 1, today),
        stuck=stuck,
        stuck_count=stuck_count,
        list_url=_url("initiatives:initiative_list"),
    )


# --- Commitments per förvaltning (one query) and the round -------------------------------------


def _running(year: int, prefix: str = "") -> Q:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return Q(**{f"{prefix}starts_on__lte": end}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": start})
    )


def _commitment_rows(year: int) -> list[dict]:
    """Per förvaltning and form: the commitments running in the year and in the year before, and
    their kronor per year (the money contributions). One query, grouped, a row per förvaltning and
    form whatever the number of commitments."""
    running, running_before = _running(year), _running(year - 1)
    money = Q(contributions__kind=Contribution.Kind.MONEY)
    amount = "contributions__amount_sek_per_year"
    return list(
        Partnership.objects.filter(running | running_before)
        .values("administration", "administration__name", "administration__public_party__name", "form")
        .annotate(
            count_year=Count("pk", filter=running, distinct=True),
            count_before=Count("pk", filter=running_before, distinct=True),
            amount_year=Coalesce(Sum(amount, filter=running & money), Value(0)),
            amount_before=Coalesce(Sum(amount, filter=running_before & money), Value(0)),
        )
        .order_by("administration__public_party__name", "administration__name", "administration")
    )


def _commitment_figures(year: int, rows: list[dict]) -> CommitmentFigures:
    by_administration: dict[int, list[dict]] = {}
    for row in rows:
        by_administration.setdefault(row["administration"], []).append(row)
    administration_rows = []
    for pk, forms in by_administration.items():
        per_form = {row["form"]: row for row in forms}
        query = {"administration": pk, "year": year}
        administration_rows.append(
            AdministrationRow(
                pk=pk,
                name=forms[0]["administration__name"],
                per_form=tuple(
                    Cell(
                        per_form[form]["count_year"] if form in per_form else 0,
                        _url("initiatives:partnership_list", {**query, "form": form}),
                    )
                    for form in FORMS
                ),
                count=Pair(sum(row["count_year"] for row in forms), sum(row["count_before"] for row in forms)),
                amount=Pair(sum(row["amount_year"] for row in forms), sum(row["amount_before"] for row in forms)),
                url=_url("initiatives:partnership_list", query),
                party=forms[0]["administration__public_party__name"] or "",
            )
        )
    # Totals of the rows above (each commitment belongs to one förvaltning).
    return CommitmentFigures(
        rows=tuple(administration_rows),
        per_form=tuple(
            Cell(
                sum(row.per_form[index].count for row in administration_rows),
                _url("initiatives:partnership_list", {"year": year, "form": form}),
            )
            for index, form in enumerate(FORMS)
        ),
        count=Pair(
            sum(row.count.current for row in administration_rows),
            sum(row.count.previous for row in administration_rows),
        ),
        amount=Pair(
            sum(row.amount.current for row in administration_rows),
            sum(row.amount.previous for row in administration_rows),
        ),
        list_url=_url("initiatives:partnership_list", {"year": year}),
        by_party=several_public_parties(row.party for row in administration_rows),
    )


def _round_figures(year: int, single: dict) -> RoundFigures:
    """The round of the year against the one before: who reported, the survey answers and the
    round's state (all from the single figures)."""
    exists = bool(single["round_exists"])
    names = (single["not_reported"] or "").split(NAME_SEPARATOR) if exists else []
    return RoundFigures(
        year=year,
        exists=exists,
        is_open=bool(single["round_open"]),
        is_closed=bool(single["round_closed"]),
        deadline=_date_of(single["round_deadline"]),
        administrations=single["administrations"],
        reported=Pair(single["reported"], single["reported_previous"]),
        survey_responses=Pair(single["responses"], single["responses_previous"]),
        not_reported=tuple(sorted(name for name in names if name)),
        url=_url("followup:round_detail", year=single["round_year"]) if exists else "",
        period=_period(single["round_year"], single["round_years_covered"]) or str(year),
        previous_period=_period(single["previous_round_year"], single["previous_round_years_covered"])
        or str(year - 1),
        with_companies=bool(single["companies"]),
    )


def _period(year: int | None, years_covered: int | None) -> str:
    """A round's years as the pages write them ("2026", "2025–2026"); empty without a round."""
    if year is None:
        return ""
    return FollowUpRound(year=year, years_covered=years_covered or 1).period


# --- Meetings and the conference (from the single figures) -------------------------------------


def _moment_of(text) -> datetime.datetime | None:
    """A moment read back as text (``_first(..., as_text=True)``): SQLite keeps UTC without an
    offset, PostgreSQL writes it (in UTC, the connection's time zone)."""
    if not text:
        return None
    moment = datetime.datetime.fromisoformat(str(text))
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)


def _meeting_figures(year: int, today: datetime.date, single: dict) -> MeetingFigures:
    next_meeting = None
    if single["meeting_pk"] is not None:
        next_meeting = MeetingInfo(
            pk=single["meeting_pk"],
            starts_at=_moment_of(single["meeting_starts_at"]),
            place=single["meeting_place"] or "",
            has_video_link=bool(single["meeting_video_link"]),
            url=_url("collaboration:meeting_detail", pk=single["meeting_pk"]),
        )
    planned = single["meetings_planned"]
    return MeetingFigures(
        year=year,
        planned=planned,
        next=next_meeting,
        warn_too_few=year >= today.year and planned < meetings_per_year(),
        list_url=_url("collaboration:meeting_list"),
    )


def _next_conference(single: dict) -> ConferenceInfo | None:
    if single["conference_pk"] is None:
        return None
    return ConferenceInfo(
        pk=single["conference_pk"],
        title=single["conference_title"],
        starts_on=_date_of(single["conference_starts_on"]),
        ends_on=_date_of(single["conference_ends_on"]),
        url=_url("conferences:conference_detail", pk=single["conference_pk"]),
    )


# --- The agreement, its action plans and the revision calendar (one query) -----------------------


def _plans_and_areas(year: int) -> tuple[Agreement | None, list, dict]:
    """The current agreement, its action plans and their priority areas: one query (a second only
    when no plan has any area yet)."""
    current = Agreement.objects.order_by("-adopted_on", "-pk").values("pk")[:1]
    areas = list(
        PriorityArea.objects.filter(action_plan__agreement_id=Subquery(current))
        .select_related("action_plan__agreement")
        .order_by("action_plan__starts_on", "position", "pk")
    )
    if areas:
        agreement = areas[0].action_plan.agreement
    else:
        agreement = Agreement.objects.current()
    plans = []
    for area in areas:
        if not plans or plans[-1].pk != area.action_plan_id:
            plans.append(area.action_plan)
    # The plan of the year: the one whose period covers it, else the latest that began before it.
    plan_of_year = next(
        (plan for plan in plans if plan.starts_on.year <= year <= plan.ends_on.year),
        None,
    ) or next((plan for plan in reversed(plans) if plan.starts_on.year <= year), None) or (
        plans[-1] if plans else None
    )
    # Area names: the latest plan's name of each slug wins (areas keep their slug across plans).
    by_plan = {
        "all": areas,
        "year": [area for area in areas if plan_of_year and area.action_plan_id == plan_of_year.pk],
    }
    return agreement, plans, by_plan


def _calendar(year: int, agreement: Agreement | None, plans: list) -> tuple[CalendarYear, ...]:
    """The year and the next few: where the action plan is in its period (followed up every year,
    revised in its fourth) and the years the agreement is revised (every ``revision_cycle_years``
    counted from when it took effect)."""
    last = plans[-1] if plans else None
    agreement_start = None
    cycle = 0
    followup_every = (agreement.followup_every_years if agreement is not None else 0) or 1
    if agreement is not None:
        agreement_start = (agreement.valid_from or agreement.adopted_on).year
        cycle = agreement.revision_cycle_years or 0
    calendar = []
    for current in range(year, year + CALENDAR_YEARS):
        plan = next((p for p in plans if p.starts_on.year <= current <= p.ends_on.year), None)
        plan_title, plan_year, revised, assumed = "", None, False, False
        if plan is not None:
            plan_title = plan.title
            plan_year = current - plan.starts_on.year + 1
            revision_year = min(plan.starts_on.year + PLAN_REVISION_YEAR - 1, plan.ends_on.year)
            revised = current == revision_year
        elif last is not None and current > last.ends_on.year:
            # After the last plan entered: the next one is assumed to run four years.
            assumed = True
            plan_year = (current - last.ends_on.year - 1) % PLAN_REVISION_YEAR + 1
            revised = plan_year == PLAN_REVISION_YEAR
        calendar.append(
            CalendarYear(
                year=current,
                plan_title=plan_title,
                plan_year=plan_year,
                # Followed up in each year that ends a stretch of the agreement's cadence: every
                # year, or (every other year) in the plan's second and fourth.
                plan_followed_up=plan_year is not None and plan_year % followup_every == 0,
                plan_revised=revised,
                plan_is_assumed=assumed,
                agreement_revised=bool(
                    agreement_start and cycle and current > agreement_start and (current - agreement_start) % cycle == 0
                ),
            )
        )
    return tuple(calendar)


# --- The whole ---------------------------------------------------------------------------------


def compute_year_figures(year: int) -> YearFigures:
    """The dashboard's figures for ``year`` and the year before, straight from the database in six
    queries, whatever the amount of data. Use ``year_figures``
    (cached)."""
    now = timezone.now()
    today = timezone.localdate(now)
    _reversed.clear()
    single = _single_figures(year, today)
    agreement, plans, areas = _plans_and_areas(year)
    commitment_rows = _commitment_rows(year)
    return YearFigures(
        year=year,
        previous_year=year - 1,
        made_at=now,
        organisations=_organisation_figures(single),
        initiatives=_initiative_figures(year, today, now, areas),
        commitments=_commitment_figures(year, commitment_rows),
        round=_round_figures(year, single),
        meetings=_meeting_figures(year, today, single),
        conference=_next_conference(single),
        conference_list_url=_url("conferences:conference_list"),
        calendar=_calendar(year, agreement, plans),
        agreement_name=agreement.name if agreement else "",
    )


def year_figures(year: int) -> YearFigures:
    """The dashboard's figures for ``year`` (and the year before), cached.

    The cache is kept per year and per day, and dropped (its version bumped) whenever an
    organisation, application, initiative, step change, commitment, contribution, report, survey
    answer, meeting, conference or round is saved or deleted; it also expires after a few minutes
    as a safety net for changes made without signals (``QuerySet.update``)."""
    today = timezone.localdate()
    key = figures_cache.figures_key(year, today)
    figures = figures_cache.get(key)
    if figures is None:
        figures = compute_year_figures(year)
        figures_cache.put(key, figures)
    return figures


def dashboard_figures_context(year: int) -> dict:
    """What ``templates/collaboration/_dashboard_figures.html`` needs, for the dashboard page and for
    the PDFs that include the same block: the figures and their charts."""
    figures = year_figures(year)
    return {"figures": figures, "charts": dashboard_charts(figures)}
