"""An organisation's public profile: its row and what the page only displays (the priority areas,
the umbrella organisations it belongs to and those it asked to belong to), read by queries
compiled once.

The ORM took longer to build and compile these four small queries than the database took to
answer them (docs/performance.md, issue 16 point 2): each is built once per process with a marker
in place of the organisation's key and then run as SQL with the key put in its place
(``plumbing.compiled``), the database's converters applied as the ORM would. Same SQL, one query
each, as before.
"""

from __future__ import annotations

from django.db import connections

from overenskommelse.models import PriorityArea
from plumbing.compiled import CompiledQueries, Marker

from ..models import Organisation, UmbrellaRequest

__all__ = [
    "profile_areas",
    "profile_asked_umbrellas",
    "profile_organisation",
    "profile_umbrellas",
]

# A key no organisation has: compiled in, replaced by the organisation's own on each run.
_QUERIES = CompiledQueries({"key": Marker(987654321987)})


def _rows(name: str, build, pk: int) -> list:
    return _QUERIES.rows(connections[Organisation.objects.db], (name,), build, key=pk)


def profile_organisation(pk: int) -> Organisation | None:
    """The organisation (every field, as ``Organisation.objects.get`` reads it), or None."""
    return _QUERIES.instance(connections[Organisation.objects.db], Organisation, pk)


def profile_asked_umbrellas(organisation: Organisation) -> list[str]:
    """The names of the umbrella organisations it asked to belong to that have not answered yet:
    its own claim, said as such on the page."""
    return [
        name
        for (name,) in _rows(
            "asked",
            lambda key: UmbrellaRequest.objects.filter(member_id=key, status=UmbrellaRequest.Status.PENDING)
            .order_by(*UmbrellaRequest._meta.ordering)
            .values_list("umbrella__name"),
            organisation.pk,
        )
    ]


def profile_areas(organisation: Organisation) -> list[tuple[str, str]]:
    """``(slug, name)`` of its priority areas, in the plan's order."""
    return [
        (slug, name)
        for slug, name in _rows(
            "areas",
            lambda key: PriorityArea.objects.filter(organisations__pk=key).values_list("slug", "name"),
            organisation.pk,
        )
    ]


def profile_umbrellas(organisation: Organisation) -> list[Organisation]:
    """The umbrella organisations that confirmed it as a member, with what the page says of them
    (name, whether connected: a link only to a connected one)."""
    fields = ("pk", "name", "connected_since", "withdrawn_on")
    return [
        Organisation(pk=pk, name=name, connected_since=since, withdrawn_on=withdrawn)
        for pk, name, since, withdrawn in _rows(
            "umbrellas",
            lambda key: Organisation.objects.filter(member_organisations__pk=key)
            .order_by(*Organisation._meta.ordering)
            .values_list(*fields),
            organisation.pk,
        )
    ]
