"""An initiative's page: its row and what the page only displays (parties, priority areas,
directions, history, principle assessments), read as plain rows by queries compiled once.

The ORM took longer to build and compile these small queries, and to prefetch, than the database
took to answer them (docs/performance.md, issue 16 point 2). Each is built once per process with a
marker in place of the initiative's key and then run as SQL with the key put in its place; the
database's converters are applied as the ORM would (``collaboration.selectors.figures.queries``
does the same for the dashboard). Same SQL, one query each, as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet

from accounts.models import Organisation
from overenskommelse.models import Direction, PriorityArea

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
_MARKER = 987654321987
_compiled: dict[tuple, tuple] = {}


def _rows(name: str, model, build, pk: int) -> list[tuple]:
    """The rows of ``build(pk)`` (a ``values_list`` query of ``model``) as tuples, as iterating it would give
    them; compiled once per process and database."""
    connection = connections[model.objects.db]
    key = (connection.alias, name)
    prepared = _compiled.get(key)
    if prepared is None:
        queryset: QuerySet = build(_MARKER)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        slots = tuple(index for index, value in enumerate(params) if value == _MARKER)
        if not slots:  # pragma: no cover - a query that does not name the initiative
            raise ValueError(f"{name}: the initiative's key is not a parameter")
        converters = tuple(
            compiler.get_converters(
                [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
            ).items()
        )
        prepared = _compiled[key] = (sql, tuple(params), slots, converters)
    sql, params, slots, converters = prepared
    params = list(params)
    for index in slots:
        params[index] = pk
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if converters:
        # ``SQLCompiler.apply_converters``.
        rows = [list(row) for row in rows]
        for row in rows:
            for position, (functions, expression) in converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
    return rows


_INITIATIVE_FIELDS = tuple(field.attname for field in Initiative._meta.concrete_fields)


def initiative_page_object(pk: int) -> Initiative | None:
    """The initiative (every field, as ``Initiative.objects.get`` reads it), or None."""
    rows = _rows(
        "initiative", Initiative, lambda key: Initiative.objects.filter(pk=key).values_list(*_INITIATIVE_FIELDS), pk
    )
    if not rows:
        return None
    return Initiative.from_db(Initiative.objects.db, _INITIATIVE_FIELDS, rows[0])


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
