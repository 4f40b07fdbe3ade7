"""Queries compiled once per process, then run as SQL (issue 16).

For the small queries of a hot page the ORM takes longer to build and compile the query than the
database takes to answer it. A ``CompiledQueries`` keeps each query's SQL, parameters and the
database's converters under a key (what the query's shape depends on); what changes from one
request to the next (an object's key, the moment of the request) is compiled in as a *marker*, a
value no real request asks for, and put in its place on each run. What comes back is converted as
the ORM's ``SQLCompiler.apply_converters`` would.

Used by the dashboard's figures (``collaboration.selectors.figures.queries``) and the initiative's
page (``initiatives.selectors.page``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db.models import QuerySet

__all__ = ["CompiledQueries", "Marker", "Prepared", "convert_rows", "values_names"]


@dataclass(frozen=True, slots=True)
class Marker:
    """A value compiled into a query in place of one that changes per run. ``adapt`` turns a value
    into the parameter the database gets (``connection.ops.adapt_datetimefield_value`` for a moment;
    nothing for a key)."""

    value: object
    adapt: Callable[[object, object], object] | None = None  # (connection, value) -> parameter

    def parameter(self, connection, value: object) -> object:
        return value if self.adapt is None else self.adapt(connection, value)


@dataclass(frozen=True, slots=True)
class Prepared:
    """One compiled query: its SQL and parameters, where each marker sits among the parameters,
    the names of its columns and the converters of each column that has any."""

    sql: str
    params: tuple
    slots: tuple[tuple[int, str], ...]  # (parameter's index, marker's name)
    names: tuple[str, ...]
    converters: tuple  # ((column, (functions, expression)), ...)

    def parameters(self, connection, markers: Mapping[str, Marker], values: Mapping[str, object]) -> list:
        params = list(self.params)
        for index, name in self.slots:
            params[index] = markers[name].parameter(connection, values[name])
        return params


def find_slots(connection, params: Iterable, markers: Mapping[str, Marker]) -> tuple[tuple[int, str], ...]:
    """Where each marker's compiled value sits among ``params``."""
    compiled = {name: marker.parameter(connection, marker.value) for name, marker in markers.items()}
    return tuple(
        (index, name) for index, value in enumerate(params) for name, marker_value in compiled.items()
        if value == marker_value
    )


def values_names(queryset: QuerySet) -> tuple[str, ...]:
    """The names of a ``values()``/``values_list()`` query's columns, as ``ValuesIterable`` names them."""
    query = queryset.query
    if query.selected:
        return tuple(query.selected)
    return (*query.extra_select, *query.values_select, *query.annotation_select)


def convert_rows(connection, rows: list, converters: tuple) -> list:
    """``SQLCompiler.apply_converters`` on fetched rows, with this thread's connection."""
    if not converters:
        return rows
    rows = [list(row) for row in rows]
    for row in rows:
        for position, (functions, expression) in converters:
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
    return rows


class CompiledQueries:
    """A process's compiled queries, at most ``limit`` of them (emptied when full: the keys are few
    and fixed per page, the limit only guards against keys that grow, such as a year)."""

    def __init__(self, markers: Mapping[str, Marker], limit: int = 256):
        self.markers = dict(markers)
        self.limit = limit
        self._prepared: dict[tuple, Prepared] = {}

    def get(self, key: tuple) -> Prepared | None:
        return self._prepared.get(key)

    def remember(self, key: tuple, prepared: Prepared) -> Prepared:
        if len(self._prepared) >= self.limit:
            self._prepared.clear()
        self._prepared[key] = prepared
        return prepared

    def prepare(self, connection, queryset: QuerySet) -> Prepared:
        """Compile a ``values()``/``values_list()`` query built with the markers' values."""
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        converters = compiler.get_converters(
            [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
        )
        return Prepared(
            sql=sql,
            params=tuple(params),
            slots=find_slots(connection, params, self.markers),
            names=values_names(queryset),
            converters=tuple(converters.items()),
        )

    def rows(self, connection, shape: tuple, build: Callable[..., QuerySet], /, **values) -> list:
        """The rows of the query ``build(**markers' values)`` makes, as lists or tuples in its
        column order, converted; compiled once per connection and ``shape`` (what the query's SQL
        depends on besides the markers)."""
        full_key = (connection.alias, *shape)
        prepared = self._prepared.get(full_key)
        if prepared is None:
            marked = {name: marker.value for name, marker in self.markers.items() if name in values}
            prepared = self.remember(full_key, self.prepare(connection, build(**marked)))
        with connection.cursor() as cursor:
            cursor.execute(prepared.sql, prepared.parameters(connection, self.markers, values))
            rows = cursor.fetchall()
        return convert_rows(connection, rows, prepared.converters)
