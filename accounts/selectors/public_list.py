"""The public list of connected organisations (``accounts:organisation_list``) read by queries
compiled once per shape (issue 16, point 2: a fast miss).

Every filter combination and page number is a new address, so the list is mostly rendered
afresh; the ORM took about as long to build and compile its three queries as the database took
to answer them. Each is built once per process and shape — which filters are set, which part of
the list (public parties or the others), the page's length — with markers in place of the
filters' values and the day, then run as SQL with the values put in (``plumbing.compiled``). Same
SQL and the same number of queries as the ORM's.
"""

from __future__ import annotations

import datetime
import functools

from django.db import connections
from django.db.models import QuerySet

from plumbing.compiled import CompiledList, CompiledQueries, Marker, contains_marker, date_marker, key_markers
from plumbing.rows import named_lists

from ..models import Organisation
from .shared import PARTY_PUBLIC, PUBLIC_LIST_FIELDS, public_filter, public_filter_values

__all__ = ["organisation_public_page", "public_parties_rows"]


_QUERIES = CompiledQueries(
    {
        "today": date_marker(datetime.date(1001, 1, 1)),
        "q": contains_marker("\ue000q"),
        "kind": Marker("\ue000kind"),
        "area": Marker("\ue000area"),
        "umbrella": Marker(987654321989),
        **key_markers(),
    }
)
# The columns a row shows, in the model's order (``Model.from_db`` takes them in that order).
_COLUMNS = tuple(field.attname for field in Organisation._meta.concrete_fields if field.attname in PUBLIC_LIST_FIELDS)


def _connection():
    return connections[Organisation.objects.db]


def _filtered(party: str, **values) -> QuerySet:
    return public_filter(Organisation.objects.all(), party, **values)


def _rows(party: str, **values) -> QuerySet:
    return _filtered(party, **values).values_list(*_COLUMNS)


def _areas(**pks) -> QuerySet:
    return (
        Organisation.priority_areas.through.objects.filter(organisation_id__in=list(pks.values()))
        .order_by("priorityarea__position", "priorityarea_id")
        .values_list("organisation_id", "priorityarea__name")
    )


def _organisations(rows: list) -> list[Organisation]:
    """The rows as organisations (only the columns a row shows), each with ``area_list``: its
    priority areas' names (``plumbing.rows.Named``) in their order, one compiled query."""
    db = Organisation.objects.db
    organisations = [Organisation.from_db(db, _COLUMNS, row) for row in rows]
    if not organisations:
        return organisations
    pairs = _QUERIES.rows_for_keys(_connection(), "areas", _areas, [organisation.pk for organisation in organisations])
    return named_lists(organisations, pairs, "area_list")


def organisation_public_page(*, party: str = "", q: str = "", kind: str = "", priority_area: str = "", umbrella: str = "") -> CompiledList:
    """The connected organisations for the public list page, filtered (``public_filter``), a page
    at a time (``plumbing.compiled.CompiledList``): only the columns a row shows, each with
    ``area_list``, its priority areas' names."""
    values = public_filter_values(q, kind, priority_area, umbrella)
    return CompiledList(
        _QUERIES,
        _connection(),
        ("list", party, *sorted(values)),
        count=functools.partial(_filtered, party),
        rows=functools.partial(_rows, party),
        make=_organisations,
        values=values,
    )


def public_parties_rows(*, q: str = "", kind: str = "", priority_area: str = "", umbrella: str = "", party: str = "") -> list[Organisation]:
    """The public parties of the list (unpaginated), filtered, each with ``area_list`` (``party``,
    the filter's own value, is left aside: this is the public parties' part)."""
    values = public_filter_values(q, kind, priority_area, umbrella)
    rows = _QUERIES.rows(_connection(), ("public", *sorted(values)), functools.partial(_rows, PARTY_PUBLIC), **values)
    return _organisations(rows)
