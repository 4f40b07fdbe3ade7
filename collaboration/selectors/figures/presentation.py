"""The dashboard's figures as the pages show them: the reads of ``queries`` made into the
dataclasses of ``values``, with a link from each figure to the list behind it, the revision
calendar, the cache, and what the template of the figures block needs (the figures and their
charts)."""

from __future__ import annotations

import contextlib
import datetime
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation

from accounts.selectors import several_public_parties
from followup.models import FollowUpRound
from initiatives.selectors.partnership import register_period_query
from overenskommelse.models import Agreement

from ... import cache as figures_cache
from ...charts import dashboard_charts
from . import queries
from .values import (
    FORMS,
    STEP_ORDER,
    AdministrationRow,
    AreaColumn,
    CalendarYear,
    Cell,
    CommitmentFigures,
    ConferenceInfo,
    InitiativeFigures,
    MeetingFigures,
    MeetingInfo,
    OrganisationFigures,
    Pair,
    Period,
    RoundFigures,
    StepRow,
    StuckInitiative,
    YearFigures,
)

__all__ = [
    "CALENDAR_YEARS",
    "PLAN_REVISION_YEAR",
    "compute_year_figures",
    "dashboard_figures_context",
    "store_year_figures",
    "year_figures",
]

# The revision calendar shows the chosen year and the years after it.
CALENDAR_YEARS = 5
# The action plan is revised in this year of its period (it is followed up at the agreement's own
# cadence, ``followup_every_years``).
PLAN_REVISION_YEAR = 4


# --- Links ----------------------------------------------------------------------------------------


def _url(name: str, query: dict | None = None, **kwargs) -> str:
    """A link to a page, or "" when the page does not exist (yet): the dashboard links only to
    what resolves. Remembered per URLconf, script prefix and language (the matrix and the tables
    link to the same lists dozens of times, and the same pages on every request); those three
    are read once per set of figures made (``_links_of_this_request``)."""
    query_items = tuple((key, value) for key, value in (query or {}).items() if value not in ("", None))
    key = (_link_context.get() or _current_link_context(), name, query_items, tuple(sorted(kwargs.items())))
    url = _urls.get(key)
    if url is None:
        try:
            url = reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            url = ""
        else:
            url = f"{url}?{urlencode(query_items)}" if query_items else url
        if len(_urls) >= _URLS_LIMIT:
            _urls.clear()
        _urls[key] = url
    return url


def _current_link_context() -> tuple:
    return (get_urlconf(), get_script_prefix(), translation.get_language())


# The URLconf, script prefix and language, while one set of figures is made (a context variable:
# each thread and task has its own).
_link_context: ContextVar[tuple | None] = ContextVar("dashboard_link_context", default=None)


@contextlib.contextmanager
def _links_of_this_request():
    token = _link_context.set(_current_link_context())
    try:
        yield
    finally:
        _link_context.reset(token)


_urls: dict = {}
_URLS_LIMIT = 4000


# --- Organisations -----------------------------------------------------------------------------


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


# --- Initiatives ---------------------------------------------------------------------------------


def _initiative_figures(period: Period, today: datetime.date, areas_in_plan, read) -> InitiativeFigures:
    """The initiatives per step at the end of the period (or now) and at the end of the one before."""
    columns = queries.matrix_columns(areas_in_plan)
    names = {area.slug: area.name for area in areas_in_plan["all"]}
    in_plan = {area.slug for area in areas_in_plan["year"]}
    this, before = read.this, read.before
    stuck_rows, stuck_count = read.stuck

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
        total=Pair(
            sum(row.total.current for row in steps),
            sum(row.total.previous for row in steps),
        ),
        on=queries.on_date(period.last, today),
        previous_on=queries.on_date(period.previous.last, today),
        stuck=stuck,
        stuck_count=stuck_count,
        list_url=_url("initiatives:initiative_list"),
    )


# --- Commitments per förvaltning and the round ---------------------------------------------------


def _commitment_figures(period: Period, rows: list[dict]) -> CommitmentFigures:
    """The commitments per förvaltning; the links go to the register's commitments running during
    the ``period`` (its year, or every year of a round of several)."""
    during = register_period_query(period.first, period.last)
    by_administration: dict[int, list[dict]] = {}
    for row in rows:
        by_administration.setdefault(row["administration"], []).append(row)
    administration_rows = []
    for pk, forms in by_administration.items():
        per_form = {row["form"]: row for row in forms}
        query = {"administration": pk, **during}
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
                count=Pair(
                    sum(row["count_year"] for row in forms),
                    sum(row["count_before"] for row in forms),
                ),
                amount=Pair(
                    sum(row["amount_year"] for row in forms),
                    sum(row["amount_before"] for row in forms),
                ),
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
                _url("initiatives:partnership_list", {**during, "form": form}),
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
        list_url=_url("initiatives:partnership_list", during),
        by_party=several_public_parties(row.party for row in administration_rows),
    )


def _round_figures(year: int, single: dict) -> RoundFigures:
    """The round of the year against the one before: who reported, the survey answers and the
    round's state (all from the single figures)."""
    exists = bool(single["round_exists"])
    return RoundFigures(
        year=year,
        exists=exists,
        is_open=bool(single["round_open"]),
        is_closed=bool(single["round_closed"]),
        deadline=single["round_deadline"],
        administrations=single["administrations"],
        reported=Pair(single["reported"], single["reported_previous"]),
        survey_responses=Pair(single["responses"], single["responses_previous"]),
        not_reported=tuple(sorted(name for name in single["not_reported"] if name)) if exists else (),
        url=_url("followup:round_detail", year=single["round_year"]) if exists else "",
        period=_period(single["round_year"], single["round_years_covered"]) or str(year),
        previous_period=_period(single["previous_round_year"], single["previous_round_years_covered"]) or str(year - 1),
        with_companies=bool(single["companies"]),
    )


def _period(year: int | None, years_covered: int | None) -> str:
    """A round's years as the pages write them ("2026", "2025–2026"); empty without a round."""
    if year is None:
        return ""
    return FollowUpRound(year=year, years_covered=years_covered or 1).period


# --- Meetings and the conference ---------------------------------------------------------------


def _meetings_per_year(agreement: Agreement | None) -> int:
    """``overenskommelse.selectors.meetings_per_year()`` of the agreement already read (the current
    one): no query more."""
    value = getattr(agreement, "meetings_per_year", None) if agreement is not None else None
    return value or Agreement._meta.get_field("meetings_per_year").default


def _meeting_figures(year: int, today: datetime.date, single: dict, agreement: Agreement | None) -> MeetingFigures:
    next_meeting = None
    if single["meeting_pk"] is not None:
        next_meeting = MeetingInfo(
            pk=single["meeting_pk"],
            starts_at=single["meeting_starts_at"],
            place=single["meeting_place"] or "",
            has_video_link=bool(single["meeting_video_link"]),
            url=_url("collaboration:meeting_detail", pk=single["meeting_pk"]),
        )
    planned = single["meetings_planned"]
    return MeetingFigures(
        year=year,
        planned=planned,
        next=next_meeting,
        warn_too_few=year >= today.year and planned < _meetings_per_year(agreement),
        list_url=_url("collaboration:meeting_list"),
    )


def _next_conference(single: dict) -> ConferenceInfo | None:
    if single["conference_pk"] is None:
        return None
    return ConferenceInfo(
        pk=single["conference_pk"],
        title=single["conference_title"],
        starts_on=single["conference_starts_on"],
        ends_on=single["conference_ends_on"],
        url=_url("conferences:conference_detail", pk=single["conference_pk"]),
    )


# --- The revision calendar -----------------------------------------------------------------------


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


@dataclass
class _Read:
    """What the database (or the stored figures) answered for a year: the single figures (with the
    period before's as ``*_previous``), the initiatives per step at the period's end and at the end
    of the one before, the commitments per förvaltning and form of both periods, and the stuck
    initiatives."""

    single: dict
    this: dict[str, dict]
    before: dict[str, dict]
    commitment_rows: list[dict]
    stuck: tuple[list[dict], int]


def _per_step(period: Period, today: datetime.date, columns, previous: bool = True):
    """The initiatives per step at the end of the period (or now) and at the end of the one before
    (None without ``previous``): one query each, one in all when both are now."""
    now_rows = None

    def per_step(for_year: int) -> dict[str, dict]:
        nonlocal now_rows
        if queries.is_past(for_year, today):
            return queries.initiatives_at(queries.year_end(for_year), columns)
        if now_rows is None:
            now_rows = queries.initiatives_now(columns)
        return now_rows

    return per_step(period.last), (per_step(period.previous.last) if previous else None)


def _read(year: int, period: Period, today: datetime.date, now: datetime.datetime, columns) -> _Read:
    """Everything of ``year`` and the period before, straight from the database: six queries."""
    single = queries.single_figures(year, today, period)
    this, before = _per_step(period, today, columns)
    return _Read(
        single=single,
        this=this,
        before=before,
        commitment_rows=queries.commitment_rows(period),
        stuck=queries.stuck_initiatives(now),
    )


def _figures(
    year: int,
    period: Period,
    today: datetime.date,
    now: datetime.datetime,
    agreement: Agreement | None,
    plans: list,
    areas,
    read: _Read,
) -> YearFigures:
    with _links_of_this_request():
        return YearFigures(
            year=year,
            previous_year=year - 1,
            made_at=now,
            organisations=_organisation_figures(read.single),
            initiatives=_initiative_figures(period, today, areas, read),
            commitments=_commitment_figures(period, queries.sorted_commitment_rows(read.commitment_rows)),
            round=_round_figures(year, read.single),
            meetings=_meeting_figures(year, today, read.single, agreement),
            conference=_next_conference(read.single),
            conference_list_url=_url("conferences:conference_list"),
            calendar=_calendar(year, agreement, plans),
            agreement_name=agreement.name if agreement else "",
            period=period,
        )


def compute_year_figures(year: int) -> YearFigures:
    """The dashboard's figures for ``year`` and the year before (for an agreement followed up every
    other year: the period of the round covering the year against the period before), straight from
    the database in six queries (seven every other year), whatever the amount of data. Use
    ``year_figures`` (cached, and a closed year's figures stored)."""
    now = timezone.now()
    today = timezone.localdate(now)
    agreement, plans, areas = queries.plans_and_areas(year)
    period = queries.figures_period(year, agreement)
    read = _read(year, period, today, now, queries.matrix_columns(areas))
    return _figures(year, period, today, now, agreement, plans, areas, read)


# --- The stored figures of closed years ----------------------------------------------------------
#
# A closed year's row holds, as JSON, the figures of its period ("period": the connected, new and
# withdrawn organisations, the applications received, the initiatives per step and area at the
# period's end, the commitments per förvaltning and form) and, once the year itself has been shown,
# those of the year ("year": its round and the round before, its meetings, the förvaltningar of the
# register). The period's figures are what the next year shows as the year before.


def _steps_by_slug(rows: dict[str, dict], columns) -> dict[str, dict]:
    """Initiatives per step as stored: the areas by their slug (the columns' order is the year's)."""
    return {
        step: {
            "total": row.get("total") or 0,
            "any_area": row.get("any_area") or 0,
            "areas": {slug: row.get(f"area_{index}") or 0 for index, (slug, _ids) in enumerate(columns)},
        }
        for step, row in rows.items()
    }


def _steps_by_column(stored: dict[str, dict], columns) -> dict[str, dict]:
    rows = {}
    for step, row in stored.items():
        by_column = {"total": row["total"], "any_area": row["any_area"]}
        for index, (slug, _ids) in enumerate(columns):
            by_column[f"area_{index}"] = row["areas"].get(slug, 0)
        rows[step] = by_column
    return rows


def _commitments_of(rows: list[dict], which: str) -> list[list]:
    """The commitment rows of one period (``which``: "year" or "before"), as stored."""
    return [
        [
            row["administration"],
            row["administration__name"],
            row["administration__public_party__name"],
            row["form"],
            row[f"count_{which}"],
            row[f"amount_{which}"],
        ]
        for row in rows
        if row[f"count_{which}"]
    ]


def _period_values(single: dict, this: dict, rows: list[dict], columns, which: str, suffix: str) -> dict:
    return {
        "figures": {name: single[f"{name}{suffix}"] for name in queries.PERIOD_FIGURES},
        "steps": _steps_by_slug(this, columns),
        "commitments": _commitments_of(rows, which),
    }


def _year_values(single: dict) -> dict:
    values = {name: single[name] for name in queries.YEAR_FIGURES}
    deadline = values["round_deadline"]
    values["round_deadline"] = deadline.isoformat() if deadline else None
    return values


def _year_values_read(values: dict) -> dict:
    values = dict(values)
    if values["round_deadline"]:
        values["round_deadline"] = datetime.date.fromisoformat(values["round_deadline"])
    return values


def _merged_commitments(this: list[list] | None, rows_this: list[dict] | None, before: list[list]) -> list[dict]:
    """The commitment rows of both periods, one per förvaltning and form: the period's (read now,
    ``rows_this``, or stored, ``this``) with the period before's (stored)."""
    merged: dict[tuple[int, str], dict] = {}
    for row in rows_this or []:
        merged[(row["administration"], row["form"])] = dict(row)
    for administration, name, party, form, count, amount in this or []:
        merged[(administration, form)] = {
            "administration": administration,
            "administration__name": name,
            "administration__public_party__name": party,
            "form": form,
            "count_year": count,
            "amount_year": amount,
            "count_before": 0,
            "amount_before": 0,
        }
    for administration, name, party, form, count, amount in before:
        row = merged.setdefault(
            (administration, form),
            {
                "administration": administration,
                "administration__name": name,
                "administration__public_party__name": party,
                "form": form,
                "count_year": 0,
                "amount_year": 0,
            },
        )
        row["count_before"], row["amount_before"] = count, amount
    return list(merged.values())


def _from_storage(year: int) -> YearFigures:
    """``year``'s figures with what is closed read from the stored figures (the period before
    always; the year itself when it is over), the rest from the database. Whatever is missing or
    not to be believed is made afresh in the six queries of ``compute_year_figures`` and stored."""
    now = timezone.now()
    today = timezone.localdate(now)
    agreement, plans, areas = queries.plans_and_areas(year)
    every = (agreement.followup_every_years if agreement is not None else 1) or 1
    rounds = queries.round_years() if every > 1 else []
    period = queries.figures_period(year, agreement, rounds)
    previous = period.previous
    previous_year = previous.last
    # The period before can be stored as its last year's only when that year's period is it (a
    # change of cadence can leave periods that do not follow on).
    previous_storable = queries.figures_period(previous_year, agreement, rounds) == previous
    closed = queries.is_past(period.last, today)
    columns = queries.matrix_columns(areas)
    if not queries.is_past(previous_year, today):
        # A year to come: nothing of it is over.
        return _figures(year, period, today, now, agreement, plans, areas, _read(year, period, today, now, columns))
    generation, stored = figures_cache.stored_figures([year, previous_year] if closed else [previous_year])

    def believed(for_year: int, of: Period, part: str) -> dict | None:
        row = stored.get(for_year)
        if row is None or (row.period_first, row.period_last) != (of.first, of.last):
            return None
        return row.values.get(part)

    own_period = believed(year, period, "period") if closed else None
    own_year = believed(year, period, "year") if closed else None
    before = believed(previous_year, previous, "period") if previous_storable else None

    if before is None or (closed and (own_period is None or own_year is None)):
        read = _read(year, period, today, now, columns)
        to_store = {}
        if closed:
            to_store[year] = (
                period.first,
                period.last,
                {
                    "period": _period_values(read.single, read.this, read.commitment_rows, columns, "year", ""),
                    "year": _year_values(read.single),
                },
            )
        if before is None and previous_storable:
            # The year before's own figures are not known here: only its period's.
            to_store[previous_year] = (
                previous.first,
                previous.last,
                {
                    "period": _period_values(
                        read.single, read.before, read.commitment_rows, columns, "before", "_previous"
                    )
                },
            )
        figures_cache.store_figures(generation, to_store)
        return _figures(year, period, today, now, agreement, plans, areas, read)

    if closed:
        single = queries.single_figures(year, today, period, parts=frozenset({"live"}))
        single.update(own_period["figures"])
        single.update(_year_values_read(own_year))
        this = _steps_by_column(own_period["steps"], columns)
        rows = _merged_commitments(own_period["commitments"], None, before["commitments"])
    else:
        single = queries.single_figures(year, today, period, parts=frozenset({"period", "year", "live"}))
        this, _before = _per_step(period, today, columns, previous=False)
        rows = _merged_commitments(None, queries.commitment_rows(period, previous=False), before["commitments"])
    single.update({f"{name}_previous": value for name, value in before["figures"].items()})
    read = _Read(
        single=single,
        this=this,
        before=_steps_by_column(before["steps"], columns),
        commitment_rows=rows,
        stuck=queries.stuck_initiatives(now),
    )
    return _figures(year, period, today, now, agreement, plans, areas, read)


def year_figures(year: int) -> YearFigures:
    """The dashboard's figures for ``year`` (and the year before), cached.

    The cache is kept per year and per day, and dropped (its version bumped) whenever an
    organisation, application, initiative, step change, commitment, contribution, report, survey
    answer, meeting, conference or round is saved or deleted; it also expires after a few minutes
    as a safety net for changes made without signals (``QuerySet.update``). Beneath the cache, the
    figures of closed years come from the stored figures (``collaboration.cache``)."""
    today = timezone.localdate()
    key = figures_cache.figures_key(year, today)
    figures = figures_cache.get(key)
    if figures is None:
        figures = _from_storage(year)
        figures_cache.put(key, figures)
    return figures


def store_year_figures(year: int) -> None:
    """Store the figures of ``year`` (and its period before) when the year is over and they are
    not stored yet: when a round closes, and for the years that ended (``manage.py
    store_year_figures``)."""
    _from_storage(year)


def dashboard_figures_context(year: int) -> dict:
    """What ``templates/collaboration/_dashboard_figures.html`` needs, for the dashboard page and for
    the PDFs that include the same block: the figures and their charts."""
    figures = year_figures(year)
    return {"figures": figures, "charts": dashboard_charts(figures)}
