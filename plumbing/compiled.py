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

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db.models import QuerySet

__all__ = [
    "CompiledList",
    "CompiledQueries",
    "Marker",
    "Prepared",
    "contains_marker",
    "convert_rows",
    "date_marker",
    "key_markers",
    "moment_marker",
    "values_names",
]


@dataclass(frozen=True, slots=True)
class Marker:
    """A value compiled into a query in place of one that changes per run. ``adapt`` turns a value
    into the parameter the database gets (``connection.ops.adapt_datetimefield_value`` for a moment;
    nothing for a key)."""

    value: object
    adapt: Callable[[object, object], object] | None = None  # (connection, value) -> parameter

    def parameter(self, connection, value: object) -> object:
        return value if self.adapt is None else self.adapt(connection, value)


# A moment no request asks about (compiled in, replaced by the real one on each run).
PLACEHOLDER_MOMENT = datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)
# How many ids of a page ``CompiledQueries.rows_for_keys`` compiles in (``key_markers``).
KEY_MARKERS = 100


def moment_marker(value: datetime.datetime = PLACEHOLDER_MOMENT) -> Marker:
    """A marker for a moment, given to the database as a datetime field's value is."""
    return Marker(value, adapt=lambda connection, value: connection.ops.adapt_datetimefield_value(value))


def date_marker(value: datetime.date) -> Marker:
    """A marker for a day, given to the database as a date field's value is."""
    return Marker(value, adapt=lambda connection, value: connection.ops.adapt_datefield_value(value))


def contains_marker(value: str) -> Marker:
    """A marker for the text of an ``__icontains`` filter: the database gets it escaped and wrapped
    (``%text%``), as ``django.db.models.lookups.Contains`` writes it."""
    return Marker(value, adapt=lambda connection, value: f"%{connection.ops.prep_for_like_query(value)}%")


def key_markers(count: int = KEY_MARKERS) -> dict[str, Marker]:
    """``pk0`` … ``pk<count-1>``: the key markers of ``CompiledQueries.rows_for_keys``."""
    return {f"pk{index}": Marker(987654320000 + index) for index in range(count)}


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

    def _prepared_for(self, connection, shape: tuple, build: Callable, values: Mapping, prepare) -> Prepared:
        full_key = (connection.alias, *shape)
        prepared = self._prepared.get(full_key)
        if prepared is None:
            marked = {name: marker.value for name, marker in self.markers.items() if name in values}
            prepared = self.remember(full_key, prepare(connection, build(**marked)))
        return prepared

    def _fetch(self, connection, prepared: Prepared, values: Mapping, many: bool = True, sql: str | None = None):
        with connection.cursor() as cursor:
            cursor.execute(sql or prepared.sql, prepared.parameters(connection, self.markers, values))
            return cursor.fetchall() if many else [cursor.fetchone()]

    def rows(self, connection, shape: tuple, build: Callable[..., QuerySet], /, **values) -> list:
        """The rows of the query ``build(**markers' values)`` makes, as lists or tuples in its
        column order, converted; compiled once per connection and ``shape`` (what the query's SQL
        depends on besides the markers)."""
        prepared = self._prepared_for(connection, shape, build, values, self.prepare)
        return convert_rows(connection, self._fetch(connection, prepared, values), prepared.converters)

    def dicts(self, connection, shape: tuple, build: Callable[..., QuerySet], /, **values) -> list[dict]:
        """``rows`` as dicts by the ``values()`` names, as iterating a ``values()`` query gives them."""
        prepared = self._prepared_for(connection, shape, build, values, self.prepare)
        rows = convert_rows(connection, self._fetch(connection, prepared, values), prepared.converters)
        return [dict(zip(prepared.names, row)) for row in rows]

    def rows_for_keys(self, connection, name: str, build: Callable[..., QuerySet], keys, /) -> list:
        """The rows of ``build(pk0=…, pk1=…, …)``, a ``values_list`` query of the rows of ``keys``
        (a page's ids), compiled once per number of keys. Needs a key marker per key (``pk0``,
        ``pk1``, …); for more keys than there are markers the ORM runs it (never a partial
        answer)."""
        values = {f"pk{index}": key for index, key in enumerate(keys)}
        if not all(key in self.markers for key in values):
            return [tuple(row) for row in build(**values)]
        return self.rows(connection, (name, len(values)), build, **values)

    def instance(self, connection, model, pk: int, /, marker: str = "key"):
        """The ``model`` row of key ``pk`` (every concrete field, as ``model.objects.get`` reads it)
        as an instance, or None: also for a key beyond the key column's range, where the ORM asks
        the database nothing either. Compiled once per connection and model, ``marker`` (a key
        marker) in place of the key."""
        low, high = connection.ops.integer_field_range(model._meta.pk.get_internal_type())
        if (low is not None and pk < low) or (high is not None and pk > high):
            return None
        fields = tuple(field.attname for field in model._meta.concrete_fields)
        rows = self.rows(
            connection,
            ("instance", model._meta.label),
            lambda **marked: model._default_manager.filter(pk=marked[marker]).values_list(*fields),
            **{marker: pk},
        )
        return model.from_db(connection.alias, fields, rows[0]) if rows else None

    def count(self, connection, shape: tuple, build: Callable[..., QuerySet], /, **values) -> int:
        """How many rows the query ``build(**markers' values)`` gives (``SELECT COUNT(*)`` over its
        keys, without its order), compiled once per connection and ``shape``."""
        prepared = self._prepared_for(connection, ("count", *shape), build, values, self._prepare_count)
        return self._fetch(connection, prepared, values, many=False)[0][0]

    def _prepare_count(self, connection, queryset: QuerySet) -> Prepared:
        inner = self.prepare(connection, queryset.order_by().values_list("pk"))
        return Prepared(
            sql=f"SELECT COUNT(*) FROM ({inner.sql}) subquery",
            params=inner.params,
            slots=inner.slots,
            names=("count",),
            converters=(),
        )

    def page(self, connection, shape: tuple, build: Callable[..., QuerySet], start: int, stop: int, /, **values) -> list:
        """``rows`` ``start`` to ``stop`` of the (ordered) query ``build(**markers' values)``: one
        compiled query for every page, its LIMIT and OFFSET written on each run."""
        prepared = self._prepared_for(connection, ("page", *shape), build, values, self.prepare)
        sql = f"{prepared.sql} {connection.ops.limit_offset_sql(start, stop)}"
        return convert_rows(connection, self._fetch(connection, prepared, values, sql=sql), prepared.converters)

    def scalars(self, connection, shape: tuple, build: Callable[..., Mapping[str, QuerySet]], /, **values) -> dict:
        """Single values from several tables in one round trip: ``SELECT (…) AS a, (…) AS b, …``.
        ``build`` gives the queries by name; each gives one column and at most one row; its value
        comes back as its field's Python type."""
        prepared = self._prepared_for(connection, shape, build, values, self._prepare_scalars)
        (row,) = convert_rows(connection, self._fetch(connection, prepared, values, many=False), prepared.converters)
        return dict(zip(prepared.names, row))

    def _prepare_scalars(self, connection, queries: Mapping[str, QuerySet]) -> Prepared:
        parts, params, converters = [], [], []
        for position, (name, query) in enumerate(queries.items()):
            compiler = query.query.get_compiler(connection=connection)
            sql, query_params = compiler.as_sql()
            parts.append(f"({sql}) AS {connection.ops.quote_name(name)}")
            params.extend(query_params)
            column_converters = compiler.get_converters([compiler.select[0][0]]).get(0)
            if column_converters:
                converters.append((position, column_converters))
        return Prepared(
            sql="SELECT " + ", ".join(parts),
            params=tuple(params),
            slots=find_slots(connection, params, self.markers),
            names=tuple(queries),
            converters=tuple(converters),
        )


class CompiledList:
    """A list as Django's ``Paginator`` pages it, from compiled queries (``CompiledQueries``): its
    length is one compiled COUNT of ``count(**markers' values)``, a slice one compiled page of
    ``rows(**markers' values)`` (the same SQL for every page), made into what a page shows by
    ``make`` (a list of rows in, a list out).

    ``shape`` is what both queries' SQL depends on besides the markers (which filters are set)."""

    def __init__(
        self,
        queries: CompiledQueries,
        connection,
        shape: tuple,
        *,
        count: Callable[..., QuerySet],
        rows: Callable[..., QuerySet],
        make: Callable[[list], list] = list,
        values: Mapping[str, object],
    ):
        self.queries, self.connection, self.shape = queries, connection, shape
        self.count_query, self.rows_query, self.make, self.values = count, rows, make, dict(values)
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.queries.count(self.connection, self.shape, self.count_query, **self.values)
        return self._count

    def __getitem__(self, page: slice) -> list:
        if not isinstance(page, slice) or page.step is not None:
            raise TypeError("A compiled list is read a page (a slice) at a time.")
        start, stop = page.start or 0, page.stop
        if stop is None or start >= stop:
            return []
        return self.make(self.queries.page(self.connection, self.shape, self.rows_query, start, stop, **self.values))
