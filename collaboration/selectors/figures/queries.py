"""The dashboard's reads: what the database answers for a year and the year before, as plain
values (numbers, dates, moments, lists of names, rows as dicts, model instances), never text to
be parsed again. Every count and sum happens in the database, and the number of queries is fixed
whatever the amount of data:

- ``figures_period``: the years counted (none for an agreement followed up every year, one small
  query otherwise);
- ``single_figures``: every single figure of several tables in one query;
- ``initiatives_now`` / ``initiatives_at`` (one query each, for the year and the year before) and
  ``stuck_initiatives`` (one);
- ``commitment_rows`` (one);
- ``plans_and_areas`` (one, a second only when no action plan has an area yet).

What the pages make of them (the dataclasses, the links, the calendar) is in ``presentation``.
"""

from __future__ import annotations

import datetime

from django.db import connections
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    JSONField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import (
    Accession,
    Organisation,
    OrganisationKind,
    connected_condition,
)
from conferences.models import Conference
from followup.models import (
    REPORTING_KINDS,
    DepartmentReport,
    FollowUpRound,
    SurveyResponse,
)
from initiatives.models import (
    Contribution,
    Initiative,
    Partnership,
    StepTransition,
)
from overenskommelse.models import Agreement, PriorityArea
from plumbing.compiled import CompiledQueries, moment_marker

from ...models import Meeting
from .values import Period

__all__ = [
    "STUCK_AFTER_DAYS",
    "STUCK_LISTED",
    "ALL_PARTS",
    "LIVE_FIGURES",
    "PERIOD_FIGURES",
    "PREVIOUS_FIGURES",
    "YEAR_FIGURES",
    "commitment_rows",
    "figures_period",
    "initiatives_at",
    "initiatives_now",
    "is_past",
    "matrix_columns",
    "on_date",
    "plans_and_areas",
    "round_years",
    "single_figures",
    "sorted_commitment_rows",
    "stuck_initiatives",
    "year_end",
]

# An active initiative that entered its step longer ago than this is "stuck".
STUCK_AFTER_DAYS = 365
# How many of the stuck initiatives the dashboard names (the count says how many there are).
STUCK_LISTED = 10

ENTERED_STEP_KINDS = (
    StepTransition.Kind.CREATED,
    StepTransition.Kind.FORWARD,
    StepTransition.Kind.BACK,
)


# --- The days the figures are counted on ------------------------------------------------------------


def year_end(year: int) -> datetime.datetime:
    """The last moment of 31 December in the portal's time zone."""
    return timezone.make_aware(datetime.datetime(year, 12, 31, 23, 59, 59, 999999))


def on_date(year: int, today: datetime.date) -> datetime.date:
    """The day a year's figures are counted on: 31 December, or today for this year."""
    return min(datetime.date(year, 12, 31), today)


def is_past(year: int, today: datetime.date) -> bool:
    return year < today.year


def round_years() -> list[tuple[int, int]]:
    """The rounds' years and the years each covers, oldest first: one query."""
    return list(FollowUpRound.objects.order_by("year").values_list("year", "years_covered"))


def figures_period(year: int, agreement: Agreement | None, rounds: list[tuple[int, int]] | None = None) -> Period:
    """The years the figures of ``year`` count. Followed up every year (the agreement's cadence,
    ``followup_every_years``): the year itself, and no query. Followed up every other year: the
    period of the round that covers the year ("2025–2026"), by the years each round covers (so a
    later change of the cadence changes no past round); without one, periods of the cadence's
    length counted on from the latest round before the year, or ending with the year when there is
    no round yet. One query (the rounds' years: one row per round), none when ``rounds``
    (``round_years()``) are given."""
    every = (agreement.followup_every_years if agreement is not None else 1) or 1
    if every <= 1:
        return Period(year, year)
    if rounds is None:
        rounds = round_years()
    for last, covered in rounds:
        if last - max(covered, 1) + 1 <= year <= last:
            return Period(last - max(covered, 1) + 1, last)
    earlier = [last for last, _covered in rounds if last < year]
    last = earlier[-1] + every * -(-(year - earlier[-1]) // every) if earlier else year
    return Period(last - every + 1, last)


# --- Single figures of several tables (one query) -----------------------------------------------


def _count(queryset: QuerySet) -> QuerySet:
    """The number of rows, as a query of one column and always one row."""
    return queryset.order_by().values(n=Func(F("pk"), function="COUNT"))


def _first(queryset: QuerySet, field: str) -> QuerySet:
    """One field of the first row (read back as its field's type: a date, a moment)."""
    return queryset.values(v=F(field))[:1]


class _ListOf(Func):
    """Every value of a column as a list (a JSON array on SQLite and PostgreSQL alike, read back as
    a Python list by its ``JSONField``), in no particular order. A function, not an ``Aggregate``, so
    the ORM adds no GROUP BY: used only as a whole-table value in ``_scalars``."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra)


def _list_of(queryset: QuerySet, field: str) -> QuerySet:
    return queryset.order_by().values(v=_ListOf(F(field)))


# --- Queries compiled once -----------------------------------------------------------------------
#
# The ORM takes longer to build and compile the dashboard's queries (a single-figures query of some
# thirty subqueries) than the database takes to answer them. Each is compiled once per process and
# per what it depends on (the year, the day, the period, the matrix's columns) and then run as SQL
# with its parameters; a moment of the day (now, for the next meeting and the stuck initiatives) is
# compiled as a placeholder moment and put in its place on each run. The database's converters are
# applied to what comes back, as the ORM would.

# A moment no figure ever asks about: compiled in, replaced by the real one on each run.
_QUERIES = CompiledQueries({"moment": moment_marker()})


def _scalars(key: tuple, build, moment: datetime.datetime | None = None) -> dict:
    """Single values from several tables in one round trip (``CompiledQueries.scalars``).
    ``build(moment)`` gives the queries by name; each gives one column and at most one row (a
    ``_count``, a ``_first`` or a ``_list_of``). Compiled once per ``key`` (what the queries
    depend on besides ``moment``)."""
    connection = connections[Organisation.objects.db]
    return _QUERIES.scalars(connection, ("scalars", *key), lambda moment: build(moment), moment=moment)


def _rows(key: tuple, build, moment: datetime.datetime | None = None) -> list[dict]:
    """The rows of a ``values()`` query as dicts, as iterating it would give them; ``build(moment)``
    makes the query, compiled once per ``key`` (what it depends on besides ``moment``)."""
    connection = connections[Organisation.objects.db]
    return _QUERIES.dicts(connection, ("rows", *key), lambda moment: build(moment), moment=moment)


# The single figures by what they depend on: the period's own figures; the same figures of the
# period before; the figures of the year (its round, the round before it, its meetings, and the
# förvaltningar of the register); and those of the moment (open applications, the next meeting and
# conference). A closed year's first three are stored (``collaboration.cache``); the last never is.
PERIOD_FIGURES = ("connected", "joined", "withdrawn", "received")
PREVIOUS_FIGURES = tuple(f"{name}_previous" for name in PERIOD_FIGURES)
YEAR_FIGURES = (
    "round_exists",
    "round_open",
    "round_closed",
    "round_deadline",
    "round_year",
    "round_years_covered",
    "previous_round_year",
    "previous_round_years_covered",
    "companies",
    "administrations",
    "reported",
    "reported_previous",
    "not_reported",
    "responses",
    "responses_previous",
    "meetings_planned",
)
LIVE_FIGURES = (
    "waiting",
    "meeting_pk",
    "meeting_starts_at",
    "meeting_place",
    "meeting_video_link",
    "conference_pk",
    "conference_title",
    "conference_starts_on",
    "conference_ends_on",
)
ALL_PARTS = frozenset({"period", "previous", "year", "live"})


def _single_figure_queries(
    year: int, today: datetime.date, period: Period, parts: frozenset[str], now: datetime.datetime
) -> dict[str, QuerySet]:
    """The subqueries of ``single_figures`` by name (``now``: the moment the next meeting is after)."""
    previous = period.previous
    on, previous_on = on_date(period.last, today), on_date(previous.last, today)
    start, previous_start = period.start, previous.start
    organisations = Organisation.objects.all()
    applications = Accession.objects.all()
    # The round that follows up the year: the round of the year itself, or (a round every other
    # year) the round of the next year, which covers both; and the round before it (by the years
    # each round covers, so a later change of the agreement's cadence changes no past round).
    this_round = FollowUpRound.objects.filter(year__gte=year, year__lt=Value(year) + F("years_covered")).order_by(
        "year"
    )
    previous_round = FollowUpRound.objects.filter(year__lt=year, year__gte=Value(year) - F("years_covered")).order_by(
        "-year"
    )
    administrations = Organisation.objects.filter(kind__in=REPORTING_KINDS)

    def submitted(rounds) -> Exists:
        return Exists(
            DepartmentReport.objects.filter(
                administration=OuterRef("pk"),
                followup_round__in=rounds.values("pk")[:1],
                status=DepartmentReport.Status.SUBMITTED,
            )
        )

    queries: dict[str, QuerySet] = {}

    def period_counts(first_day, last_day, years: Period, suffix: str = "") -> dict[str, QuerySet]:
        # ``PERIOD_FIGURES`` of one period (``suffix``: "_previous" for the period before).
        return {
            f"connected{suffix}": _count(organisations.filter(connected_condition(last_day))),
            f"joined{suffix}": _count(organisations.filter(connected_since__range=(first_day, last_day))),
            f"withdrawn{suffix}": _count(organisations.filter(withdrawn_on__range=(first_day, last_day))),
            f"received{suffix}": _count(
                applications.filter(submitted_at__year__gte=years.first, submitted_at__year__lte=years.last)
            ),
        }

    if "period" in parts:
        queries.update(period_counts(start, on, period))
    if "previous" in parts:
        queries.update(period_counts(previous_start, previous_on, previous, "_previous"))
    if "year" in parts:
        queries.update(
            round_exists=_count(this_round),
            round_open=_count(this_round.filter(opened_at__isnull=False, closed_at__isnull=True)),
            round_closed=_count(this_round.filter(closed_at__isnull=False)),
            round_deadline=_first(this_round, "deadline"),
            round_year=_first(this_round, "year"),
            round_years_covered=_first(this_round, "years_covered"),
            previous_round_year=_first(previous_round, "year"),
            previous_round_years_covered=_first(previous_round, "years_covered"),
            companies=_count(organisations.filter(kind=OrganisationKind.MUNICIPAL_COMPANY)),
            administrations=_count(administrations),
            reported=_count(administrations.filter(submitted(this_round))),
            reported_previous=_count(administrations.filter(submitted(previous_round))),
            not_reported=_list_of(administrations.exclude(submitted(this_round)), "name"),
            responses=_count(SurveyResponse.objects.filter(followup_round__in=this_round.values("pk")[:1])),
            responses_previous=_count(
                SurveyResponse.objects.filter(followup_round__in=previous_round.values("pk")[:1])
            ),
            meetings_planned=_count(Meeting.objects.filter(starts_at__year=year, cancelled_at__isnull=True)),
        )
    if "live" in parts:
        # ``Meeting.objects.upcoming()``, after ``now`` (compiled as a placeholder, see ``_scalars``).
        next_meeting = Meeting.objects.filter(starts_at__gte=now, cancelled_at__isnull=True).order_by("starts_at", "pk")
        conference = Conference.objects.published().filter(starts_on__gte=today).order_by("starts_on", "pk")
        queries.update(
            waiting=_count(applications.filter(status__in=Accession.OPEN_STATUSES)),
            meeting_pk=_first(next_meeting, "pk"),
            meeting_starts_at=_first(next_meeting, "starts_at"),
            meeting_place=_first(next_meeting, "place"),
            meeting_video_link=_first(next_meeting, "video_link"),
            conference_pk=_first(conference, "pk"),
            conference_title=_first(conference, "title"),
            conference_starts_on=_first(conference, "starts_on"),
            conference_ends_on=_first(conference, "ends_on"),
        )
    return queries


def single_figures(
    year: int, today: datetime.date, period: Period | None = None, parts: frozenset[str] = ALL_PARTS
) -> dict:
    """Connected organisations and applications during the period (the year by default) and the
    one before, the rounds (who reported, the survey answers, the state), the year's meetings and
    the next one, and the next conference: every single figure of the dashboard, in one query.
    Dates come as dates, moments as aware datetimes, the names still to report as a list.

    ``parts`` chooses which of them (``PERIOD_FIGURES``: "period", ``PREVIOUS_FIGURES``:
    "previous", ``YEAR_FIGURES``: "year", ``LIVE_FIGURES``: "live"); still one query."""
    period = period or Period(year, year)
    previous = period.previous
    on, previous_on = on_date(period.last, today), on_date(previous.last, today)

    def build(now: datetime.datetime) -> dict[str, QuerySet]:
        return _single_figure_queries(year, today, period, parts, now)

    values = _scalars(("single", year, today, period, parts), build, timezone.now())
    if "year" in parts:
        # No administration left (PostgreSQL's JSONB_AGG of no rows is NULL, SQLite's an empty array).
        values["not_reported"] = values["not_reported"] or []
    values["on"], values["previous_on"] = on, previous_on
    return values


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


def matrix_columns(areas_in_plan: dict) -> list[tuple[str, list[int]]]:
    """The columns of the matrix: the areas of the year's action plan, then the other areas of the
    agreement's plans (shown only when an initiative is tied to them). Areas keep their slug from
    one plan to the next, so a column holds every id its slug has had."""
    ids: dict[str, list[int]] = {}
    for area in areas_in_plan["all"]:
        ids.setdefault(area.slug, []).append(area.pk)
    slugs = [area.slug for area in areas_in_plan["year"]]
    slugs += sorted(slug for slug in ids if slug not in slugs)
    return [(slug, ids[slug]) for slug in slugs]


def initiatives_now(columns) -> dict[str, dict]:
    """Per step, the initiatives in it now (active or paused), in all and per area: one query,
    five rows."""

    def build(_now):
        return (
            Initiative.objects.exclude(state=Initiative.State.CLOSED)
            .values("step")
            .annotate(**_area_counts("pk", "priority_areas", columns))
            .order_by()
        )

    return {row["step"]: row for row in _rows(("now", _columns_key(columns)), build)}


def initiatives_at(moment: datetime.datetime, columns) -> dict[str, dict]:
    """Per step, the initiatives in it at a past moment, read from their step changes: the last
    change of each initiative up to then says its step, and it is left out when that change closed
    it. One query (the "last change" is an anti-join, not a lookup per initiative)."""

    def build(_now):
        later = StepTransition.objects.filter(initiative=OuterRef("initiative"), at__lte=moment).filter(
            Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), pk__gt=OuterRef("pk"))
        )
        return (
            StepTransition.objects.filter(at__lte=moment)
            .filter(~Exists(later))
            .exclude(kind=StepTransition.Kind.CLOSED)
            .values("to_step")
            .annotate(**_area_counts("initiative", "initiative__priority_areas", columns))
            .order_by()
        )

    return {row["to_step"]: row for row in _rows(("at", moment, _columns_key(columns)), build)}


def _columns_key(columns) -> tuple:
    return tuple((slug, tuple(ids)) for slug, ids in columns)


def stuck_initiatives(now: datetime.datetime) -> tuple[list[dict], int]:
    """Active initiatives that entered their step (were proposed, moved on or back into it) more
    than STUCK_AFTER_DAYS ago, the longest stuck first, and how many there are: one query."""

    def build(cutoff):
        entered = Max(
            "transitions__at",
            filter=Q(transitions__to_step=F("step"), transitions__kind__in=ENTERED_STEP_KINDS),
        )
        return (
            Initiative.objects.filter(state=Initiative.State.ACTIVE, created_at__lt=cutoff)
            .annotate(in_step_since=Coalesce(entered, F("created_at")))
            .filter(in_step_since__lt=cutoff)
            .annotate(stuck_count=Window(Count("pk")))
            .order_by("in_step_since", "pk")
            .values("pk", "title", "step", "in_step_since", "stuck_count")[:STUCK_LISTED]
        )

    rows = _rows(("stuck",), build, now - datetime.timedelta(days=STUCK_AFTER_DAYS))
    return rows, (rows[0]["stuck_count"] if rows else 0)


# --- Commitments per förvaltning (one query) -----------------------------------------------------


def _running(period: Period) -> Q:
    return Q(starts_on__lte=period.end) & (Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))


def commitment_rows(period: Period, previous: bool = True) -> list[dict]:
    """Per förvaltning and form: the commitments running at some time in the period (a year) and
    in the one before, and their kronor per year (the money contributions). One query, grouped, a
    row per förvaltning and form whatever the number of commitments. Without ``previous``, only the
    period's (``count_before`` and ``amount_before`` are 0: the period before is stored).

    Rows come in no particular order: ``sorted_commitment_rows`` orders them."""

    def build(_now):
        running, running_before = _running(period), _running(period.previous)
        money = Q(contributions__kind=Contribution.Kind.MONEY)
        amount = "contributions__amount_sek_per_year"
        counts = {
            "count_year": Count("pk", filter=running, distinct=True),
            "amount_year": Coalesce(Sum(amount, filter=running & money), Value(0)),
        }
        if previous:
            counts.update(
                count_before=Count("pk", filter=running_before, distinct=True),
                amount_before=Coalesce(Sum(amount, filter=running_before & money), Value(0)),
            )
        return (
            Partnership.objects.filter((running | running_before) if previous else running)
            .values(
                "administration",
                "administration__name",
                "administration__public_party__name",
                "form",
            )
            .annotate(**counts)
            .order_by()
        )

    rows = _rows(("commitments", period, previous), build)
    if not previous:
        for row in rows:
            row["count_before"] = row["amount_before"] = 0
    return rows


def sorted_commitment_rows(rows: list[dict]) -> list[dict]:
    """The rows party by party, then by the förvaltning's name (and id): the order the page lists
    them in, the same whether the rows were read together or the period before came from storage.
    A missing party where the database puts it (first in SQLite, last in PostgreSQL); names in
    the order of their characters (the database's collation may order some letters otherwise)."""
    missing_last = connections[Partnership.objects.db].vendor == "postgresql"
    return sorted(
        rows,
        key=lambda row: (
            (row["administration__public_party__name"] is None) == missing_last,
            row["administration__public_party__name"] or "",
            row["administration__name"],
            row["administration"],
            row["form"],
        ),
    )


# --- The agreement, its action plans and their areas (one query) ---------------------------------


def plans_and_areas(year: int) -> tuple[Agreement | None, list, dict]:
    """The current agreement, its action plans and their priority areas: one query (a second only
    when no plan has any area yet). The areas as ``{"all": […], "year": […]}``: every plan's, and
    those of the plan of the year."""
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
    plan_of_year = (
        next(
            (plan for plan in plans if plan.starts_on.year <= year <= plan.ends_on.year),
            None,
        )
        or next((plan for plan in reversed(plans) if plan.starts_on.year <= year), None)
        or (plans[-1] if plans else None)
    )
    by_plan = {
        "all": areas,
        "year": [area for area in areas if plan_of_year and area.action_plan_id == plan_of_year.pk],
    }
    return agreement, plans, by_plan
