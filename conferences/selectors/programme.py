"""A conference and its programme, read by queries compiled once (issue 16).

The ORM took longer to build and compile the programme's two small queries (the conference; the
sessions with their confirmed places and the initiative each presents) than the database took to
answer them. Each is built once per process with a marker in place of the conference's key and
then run as SQL with the key put in its place (``plumbing.compiled``), the database's converters
applied as the ORM would. Same SQL, same objects, one query each, as before.
"""

from __future__ import annotations

import datetime
from collections import OrderedDict

from django.db import connections
from django.db.models import Count
from django.utils import timezone

from initiatives.models import Initiative
from plumbing.compiled import CompiledQueries, Marker

from ..models import Conference, Session
from .registration import CONFIRMED_CHOICE

__all__ = ["conference_by_pk", "programme_days"]

# A key no conference has: compiled in, replaced by the conference's own on each run.
_QUERIES = CompiledQueries({"key": Marker(987654321987)})
# Only what the programme shows of a session (a narrower row to group, fewer fields to make
# objects of) and of the initiative it presents; in the models' field order, as ``from_db`` takes
# them.
_SESSION_SHOWN = {
    "id",
    "conference_id",
    "initiative_id",
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "room",
    "speakers",
    "description",
    "capacity",
}
_SESSION_FIELDS = tuple(field.attname for field in Session._meta.concrete_fields if field.attname in _SESSION_SHOWN)
_INITIATIVE_FIELDS = tuple(
    field.attname for field in Initiative._meta.concrete_fields if field.attname in {"id", "title", "is_public"}
)


def _rows(name: str, build, pk: int) -> list:
    return _QUERIES.rows(connections[Conference.objects.db], (name,), build, key=pk)


def conference_by_pk(pk: int) -> Conference | None:
    """The conference (every field, as ``Conference.objects.get`` reads it), or None."""
    return _QUERIES.instance(connections[Conference.objects.db], Conference, pk)


def programme_days(conference: Conference) -> list[tuple[datetime.date, list[Session]]]:
    """The sessions in order, grouped by (local) day: [(day, [session, …]), …], each with
    ``confirmed_count`` (confirmed registrations that chose it), ``places_left`` (None without a
    capacity) and the initiative it presents. One query."""
    rows = _rows(
        "programme",
        lambda key: Session.objects.filter(conference_id=key)
        # A registration chooses a session once (the m2m's rows are unique) and the join to the
        # registration is by its key: no row is counted twice, so no DISTINCT.
        .annotate(confirmed_count=Count("registrations", filter=CONFIRMED_CHOICE))
        .order_by("starts_at", "pk")
        .values_list(*_SESSION_FIELDS, *(f"initiative__{name}" for name in _INITIATIVE_FIELDS), "confirmed_count"),
        conference.pk,
    )
    db = Session.objects.db
    width = len(_SESSION_FIELDS)
    days: OrderedDict[datetime.date, list[Session]] = OrderedDict()
    for row in rows:
        session = Session.from_db(db, _SESSION_FIELDS, row[:width])
        initiative = row[width : width + len(_INITIATIVE_FIELDS)]
        session.initiative = (
            Initiative.from_db(db, _INITIATIVE_FIELDS, initiative) if initiative[0] is not None else None
        )
        session.confirmed_count = row[-1]
        session.places_left = (
            max(session.capacity - session.confirmed_count, 0) if session.capacity is not None else None
        )
        days.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    return list(days.items())
