"""The public catalogue of initiatives (``initiatives:initiative_list``) read by queries compiled
once per shape (issue 16, point 2: a fast miss).

Every filter combination and page number is a new address, so the catalogue is mostly rendered
afresh, and the ORM took about as long to build and compile its four queries as the database took
to answer them. Each is built once per process and shape — which filters are set, the page's
length — with markers in place of the filters' values, then run as SQL with the values put in
(``plumbing.compiled``). Same SQL and the same number of queries as the ORM's.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db import connections
from django.db.models import Q, QuerySet

from plumbing.compiled import CompiledList, CompiledQueries, Marker, contains_marker, key_markers
from plumbing.ids import parse_id
from plumbing.rows import Named, named_lists

from ..models import Initiative, InitiativeParty
from .initiative import LIST_FIELDS

__all__ = ["ListedParty", "initiative_catalogue_page"]


_QUERIES = CompiledQueries(
    {
        "q": contains_marker("\ue000q"),
        "area": Marker("\ue000area"),
        "step": Marker("\ue000step"),
        "form": Marker("\ue000form"),
        "party_name": contains_marker("\ue000party"),
        "party_pk": Marker(987654321990),
        **key_markers(),
    }
)
# The columns a row shows, in the model's order (``Model.from_db`` takes them in that order).
_COLUMNS = tuple(field.attname for field in Initiative._meta.concrete_fields if field.attname in LIST_FIELDS)


def _values(q: str, priority_area: str, step: str, form: str, organisation: str) -> dict:
    """The values of the catalogue's filters that are set, as ``_filtered`` takes them."""
    values = {}
    if q:
        values["q"] = q.strip()
    if priority_area:
        values["area"] = priority_area
    if step:
        values["step"] = step
    if form:
        values["form"] = form
    if organisation:
        # The party's name, or its id: the filter was a list of organisations
        # (``?organisation=<id>``) and links made then keep working.
        values["party_name"] = organisation.strip()
        if (pk := parse_id(values["party_name"])) is not None:
            values["party_pk"] = pk
    return values


def _filtered(*, q=None, area=None, step=None, form=None, party_name=None, party_pk=None) -> QuerySet[Initiative]:
    initiatives = Initiative.objects.public()
    if q is not None:
        initiatives = initiatives.filter(title__icontains=q)
    if area is not None:
        initiatives = initiatives.filter(
            pk__in=Initiative.priority_areas.through.objects.filter(priorityarea__slug=area).values("initiative_id")
        )
    if step is not None:
        initiatives = initiatives.filter(step=step)
    if form is not None:
        initiatives = initiatives.filter(form=form)
    if party_name is not None:
        condition = Q(organisation__name__icontains=party_name)
        if party_pk is not None:
            condition |= Q(organisation_id=party_pk)
        initiatives = initiatives.filter(pk__in=InitiativeParty.objects.filter(condition).values("initiative_id"))
    return initiatives.only(*LIST_FIELDS).order_by("-created_at", "-pk")


class ListedParty(NamedTuple):
    """A party as a list row shows it: ``party.organisation.name``."""

    organisation: Named


def _parties(**pks) -> QuerySet:
    return (
        InitiativeParty.objects.filter(initiative_id__in=list(pks.values()))
        .order_by("joined_at", "pk")
        .values_list("initiative_id", "organisation__name")
    )


def _areas(**pks) -> QuerySet:
    return (
        Initiative.priority_areas.through.objects.filter(initiative_id__in=list(pks.values()))
        .order_by("priorityarea__position", "priorityarea_id")
        .values_list("initiative_id", "priorityarea__name")
    )


def _listed(rows: list) -> list[Initiative]:
    """The rows as initiatives (only the columns a row shows), each with ``party_list``
    (``party.organisation.name``, in the order the parties joined) and ``area_list``
    (``area.name``, in the areas' order): two compiled queries, none for an empty page."""
    db = Initiative.objects.db
    initiatives = [Initiative.from_db(db, _COLUMNS, row) for row in rows]
    if not initiatives:
        return initiatives
    connection = connections[db]
    pks = [initiative.pk for initiative in initiatives]
    parties = _QUERIES.rows_for_keys(connection, "parties", _parties, pks)
    named_lists(initiatives, parties, "party_list", lambda name: ListedParty(Named(name)))
    areas = _QUERIES.rows_for_keys(connection, "areas", _areas, pks)
    return named_lists(initiatives, areas, "area_list")


def initiative_catalogue_page(
    *, q: str = "", priority_area: str = "", step: str = "", form: str = "", organisation: str = ""
) -> CompiledList:
    """The public catalogue: only initiatives their parties made public, filtered, newest first,
    a page at a time (``plumbing.compiled.CompiledList``), each with ``party_list`` and
    ``area_list``."""
    values = _values(q, priority_area, step, form, organisation)
    return CompiledList(
        _QUERIES,
        connections[Initiative.objects.db],
        ("catalogue", *sorted(values)),
        count=_filtered,
        rows=lambda **marked: _filtered(**marked).values_list(*_COLUMNS),
        make=_listed,
        values=values,
    )
