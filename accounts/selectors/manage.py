"""The reads of an organisation's manage page (``accounts:organisation_manage``), compiled once.

The page's queries are small (an organisation, its representatives, a page of its history, its open
invitations and umbrella requests) and the ORM took longer to build and compile them than the
database took to answer them: a third of the page's time (docs/performance.md, issue 16). Each is
built once per process with a marker in place of the organisation's key (and of the moment a year
ago) and then run as SQL with the real values put in; the database's converters are applied as the
ORM would (``plumbing.compiled``). The rows become the same model instances the ORM gave (every
field the page reads, the same relations cached), so the views, forms, rules and template read
them as before.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Count, Q, QuerySet, Subquery
from django.utils import timezone

from overenskommelse.models import PriorityArea
from plumbing.compiled import CompiledQueries, Marker, convert_rows, moment_marker

from ..models import (
    Invitation,
    Organisation,
    OrganisationEvent,
    Representation,
    UmbrellaRequest,
    User,
)

__all__ = [
    "HISTORY_PER_PAGE",
    "manage_page_history",
    "manage_page_invitations",
    "manage_page_organisation",
    "manage_page_umbrella_requests",
]

# A key no organisation has and a moment no request asks about: compiled in, replaced on each run.
_QUERIES = CompiledQueries(
    {
        "key": Marker(987654321987),
        "since": moment_marker(),
    }
)

HISTORY_PER_PAGE = 25


def _connection():
    return connections[Organisation.objects.db]


def _rows(name: str, build: Callable[..., QuerySet], **values) -> list:
    return _QUERIES.rows(_connection(), (name,), build, **values)


def _fields(model, names: set[str] | None = None) -> tuple[str, ...]:
    """The model's concrete fields' attnames (those among ``names``), in the order ``from_db`` takes."""
    return tuple(field.attname for field in model._meta.concrete_fields if names is None or field.attname in names)


_REPRESENTATION = _fields(Representation)
_USER = _fields(User)
_AREA = _fields(PriorityArea)


def _prefetched(instance, name: str, objects: list) -> None:
    """``objects`` as ``prefetch_related(name)`` leaves them on ``instance``: the related manager's
    queryset with its result in place (so ``.all()`` reads them and a ``.filter()`` still asks the
    database about this instance only)."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance._prefetched_objects_cache[name] = queryset


def manage_page_organisation(pk: int) -> Organisation | None:
    """The organisation (every field), or None, with what ``with_representatives`` and
    ``prefetch_related("priority_areas")`` would leave on it: its representations oldest first, each
    with its user (and the organisation) cached, and its priority areas (the form's ticked boxes).
    Three queries (none after the first when there is no such organisation)."""
    organisation = _QUERIES.instance(_connection(), Organisation, pk)
    if organisation is None:
        return None
    db = Organisation.objects.db
    organisation._prefetched_objects_cache = {}

    user_columns = tuple(f"user__{name}" for name in _USER)
    split = len(_REPRESENTATION)
    representations = []
    for row in _rows(
        "representations",
        lambda key: Representation.objects.filter(organisation_id=key)
        .order_by("created_at")
        .values_list(*_REPRESENTATION, *user_columns),
        key=pk,
    ):
        representation = Representation.from_db(db, _REPRESENTATION, row[:split])
        Representation.user.field.set_cached_value(representation, User.from_db(db, _USER, row[split:]))
        Representation.organisation.field.set_cached_value(representation, organisation)
        representations.append(representation)
    _prefetched(organisation, "representations", representations)

    areas = _rows(
        "areas", lambda key: PriorityArea.objects.filter(organisations__pk=key).values_list(*_AREA), key=pk
    )
    _prefetched(organisation, "priority_areas", [PriorityArea.from_db(db, _AREA, row) for row in areas])
    return organisation


_INVITATION = _fields(Invitation, {"id", "organisation_id", "email", "created_at"})


def manage_page_invitations(organisation: Organisation) -> list[Invitation]:
    """The invitations not yet accepted, newest first, with what the page shows of them."""
    rows = _rows(
        "invitations",
        lambda key: Invitation.objects.filter(organisation_id=key, accepted_at__isnull=True).values_list(*_INVITATION),
        key=organisation.pk,
    )
    db = Invitation.objects.db
    invitations = [Invitation.from_db(db, _INVITATION, row) for row in rows]
    for invitation in invitations:
        Invitation.organisation.field.set_cached_value(invitation, organisation)
    return invitations


_REQUEST = _fields(UmbrellaRequest, {"id", "member_id", "umbrella_id", "status", "asked_at", "answered_at"})


def manage_page_umbrella_requests(organisation: Organisation) -> list[UmbrellaRequest]:
    """``umbrella_requests_of_member``: the member's requests still open or answered in the last
    year, newest first, each with its umbrella's name."""
    rows = _rows(
        "umbrella requests",
        lambda key, since: UmbrellaRequest.objects.filter(member_id=key)
        .filter(Q(status=UmbrellaRequest.Status.PENDING) | Q(answered_at__gte=since))
        .order_by("-asked_at", "-pk")
        .values_list(*_REQUEST, "umbrella__name"),
        key=organisation.pk,
        since=timezone.now() - datetime.timedelta(days=365),
    )
    db = UmbrellaRequest.objects.db
    requests = []
    for *values, name in rows:
        request = UmbrellaRequest.from_db(db, _REQUEST, values)
        umbrella = Organisation.from_db(db, ("id", "name"), (request.umbrella_id, name))
        UmbrellaRequest.umbrella.field.set_cached_value(request, umbrella)
        UmbrellaRequest.member.field.set_cached_value(request, organisation)
        requests.append(request)
    return requests


_EVENT = _fields(OrganisationEvent)
_AUTHOR = _fields(User, {"id", "email", "full_name"})  # what the page shows of who wrote an event


def _event_count(key) -> QuerySet:
    """The number of the organisation's events: one row, none when it has none."""
    return (
        OrganisationEvent.objects.filter(organisation_id=key)
        .order_by()
        .values("organisation_id")
        .annotate(total=Count("pk"))
        .values_list("total")
    )


def _history_query(key) -> QuerySet:
    """The organisation's events newest first (``organisation_history``), each with its author's
    name and address and, in every row, the number of events (a subquery of no row: run once)."""
    return (
        OrganisationEvent.objects.filter(organisation_id=key)
        .annotate(total=Subquery(_event_count(key)))
        .values_list(*_EVENT, "by__email", "by__full_name", "total")
    )


# Pages further than this are not guessed: their offset is asked only once the count is known.
_GUESSED_PAGES = 10_000


class _History:
    """The organisation's history as a ``Paginator`` reads it: ``count()`` and one slice, the page.
    The page and the count come in one query (``_history_query``); the count alone is asked only
    when the page asked for has no events or is below the first (the paginator then shows the last)."""

    def __init__(self, organisation: Organisation):
        self.organisation = organisation
        self._start: int | None = None
        self._events: list[OrganisationEvent] = []
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            rows = _rows("history count", _event_count, key=self.organisation.pk)
            self._count = rows[0][0] if rows else 0
        return self._count

    def __getitem__(self, window: slice) -> list[OrganisationEvent]:
        start = window.start or 0
        if start != self._start:
            self.fetch(start)
        return self._events[: window.stop - start]

    def fetch(self, start: int) -> None:
        """The page of events from ``start`` (and the count, when there are any)."""
        connection = _connection()
        shape = (connection.alias, "history")
        prepared = _QUERIES.get(shape) or _QUERIES.remember(
            shape, _QUERIES.prepare(connection, _history_query(_QUERIES.markers["key"].value))
        )
        # The page's window is written into the SQL as the ORM writes a slice (whole numbers).
        sql = f"{prepared.sql} {connection.ops.limit_offset_sql(start, start + HISTORY_PER_PAGE)}"
        with connection.cursor() as cursor:
            cursor.execute(sql, prepared.parameters(connection, _QUERIES.markers, {"key": self.organisation.pk}))
            rows = convert_rows(connection, cursor.fetchall(), prepared.converters)
        db = OrganisationEvent.objects.db
        split = len(_EVENT)
        events = []
        for row in rows:
            event = OrganisationEvent.from_db(db, _EVENT, row[:split])
            author = None
            if event.by_id is not None:
                author = User.from_db(db, _AUTHOR, (event.by_id, *row[split : split + 2]))
            OrganisationEvent.by.field.set_cached_value(event, author)
            OrganisationEvent.organisation.field.set_cached_value(event, self.organisation)
            events.append(event)
        self._start, self._events = start, events
        if rows:
            self._count = rows[0][-1]
        elif start == 0:
            self._count = 0


def manage_page_history(organisation: Organisation, number) -> Page:
    """The page ``number`` of the organisation's history (``Paginator.get_page``: the first for
    anything but a whole number, the last for one past it), newest first, each event with its
    author's name and address: one query, two or three for a page past the last or below the first."""
    history = _History(organisation)
    try:
        guess = int(number)
    except (TypeError, ValueError):
        guess = 1
    if 1 <= guess <= _GUESSED_PAGES:
        history.fetch((guess - 1) * HISTORY_PER_PAGE)
    return Paginator(history, HISTORY_PER_PAGE).get_page(number)
