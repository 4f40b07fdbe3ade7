"""An initiative's page: its row and what the page only displays (parties, priority areas,
directions, history, principle assessments), read as plain rows by queries compiled once.

The ORM took longer to build and compile these small queries, and to prefetch, than the database
took to answer them (docs/performance.md, issue 16 point 2). Each is built once per process with a
marker in place of the initiative's key and then run as SQL with the key put in its place; the
database's converters are applied as the ORM would (``plumbing.compiled``). Same SQL, one query
each, as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections

from accounts.models import Organisation
from overenskommelse.models import Direction, PriorityArea
from plumbing.compiled import CompiledQueries, Marker

from ..models import Initiative, InitiativeParty, PrincipleAssessment, StepTransition

__all__ = [
    "HistoryRow",
    "initiative_page_areas",
    "initiative_page_assessments",
    "initiative_page_directions",
    "initiative_page_history",
    "initiative_page_object",
    "initiative_page_parties",
]

# A key no initiative has: compiled in, replaced by the initiative's own on each run.
_QUERIES = CompiledQueries({"key": Marker(987654321987)})


def _rows(name: str, model, build, pk: int) -> list:
    """The rows of ``build(key)`` (a ``values_list`` query of ``model``) as iterating it would give
    them, compiled once per process and database."""
    return _QUERIES.rows(connections[model.objects.db], (name,), build, key=pk)


def initiative_page_object(pk: int) -> Initiative | None:
    """The initiative (every field, as ``Initiative.objects.get`` reads it), or None."""
    return _QUERIES.instance(connections[Initiative.objects.db], Initiative, pk)


def initiative_page_parties(initiative: Initiative) -> list[Organisation]:
    """The parties' organisations in the order they joined, with what the page says of them (name,
    kind, whether connected)."""
    fields = ("organisation_id", "organisation__name", "organisation__kind", "organisation__connected_since",
              "organisation__withdrawn_on")
    rows = _rows(
        "parties",
        InitiativeParty,
        lambda key: InitiativeParty.objects.filter(initiative_id=key)
        .order_by("joined_at", "pk")
        .values_list(*fields),
        initiative.pk,
    )
    return [
        Organisation(pk=pk, name=name, kind=kind, connected_since=since, withdrawn_on=withdrawn)
        for pk, name, kind, since, withdrawn in rows
    ]


def initiative_page_areas(initiative: Initiative) -> list[tuple[str, str]]:
    """``(slug, name)`` of the initiative's priority areas, in the plan's order."""
    return _rows(
        "areas",
        PriorityArea,
        lambda key: PriorityArea.objects.filter(initiatives__pk=key)
        .order_by("position", "pk")
        .values_list("slug", "name"),
        initiative.pk,
    )


def initiative_page_directions(initiative: Initiative) -> list[str]:
    """The texts of the initiative's directions of the action plan, in the plan's order."""
    rows = _rows(
        "directions",
        Direction,
        lambda key: Direction.objects.filter(initiatives__pk=key)
        .order_by("priority_area__position", "position", "pk")
        .values_list("text"),
        initiative.pk,
    )
    return [text for (text,) in rows]


@dataclass(frozen=True, slots=True)
class HistoryRow:
    at: object
    kind: str
    from_step: str
    to_step: str
    comment: str
    by: str | None  # the name the page shows ("get_full_name"), None when nobody is recorded


def initiative_page_history(initiative: Initiative) -> list[HistoryRow]:
    """Every move between steps, oldest first (``initiative_history`` as rows)."""
    rows = _rows(
        "history",
        StepTransition,
        lambda key: StepTransition.objects.filter(initiative_id=key)
        .order_by("at", "pk")
        .values_list("at", "kind", "from_step", "to_step", "comment", "by_id", "by__full_name", "by__email"),
        initiative.pk,
    )
    return [
        HistoryRow(at, kind, from_step, to_step, comment, None if by is None else (full_name or email))
        for at, kind, from_step, to_step, comment, by, full_name, email in rows
    ]


def initiative_page_assessments(initiative: Initiative) -> list[tuple[str, str]]:
    """``(principle, text)`` of the parties' word on each principle, in the principles' order
    (``initiative_assessments`` as rows)."""
    return _rows(
        "assessments",
        PrincipleAssessment,
        lambda key: PrincipleAssessment.objects.filter(initiative_id=key)
        .order_by("principle__position", "principle__pk")
        .values_list("principle__name", "text"),
        initiative.pk,
    )
