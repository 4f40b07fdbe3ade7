"""Queries compiled once (plumbing.compiled): the same rows as the ORM gives, for every value put
in the marker's place, with the database's converters applied (a moment comes back aware)."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from plumbing.compiled import CompiledList, CompiledQueries, Marker
from plumbing.models import Delivery

pytestmark = pytest.mark.django_db

MOMENT = Marker(
    datetime.datetime(1901, 2, 3, 4, 5, 6, tzinfo=datetime.UTC),
    adapt=lambda connection, value: connection.ops.adapt_datetimefield_value(value),
)


def _delivery(object_key: str, claimed_at: datetime.datetime) -> Delivery:
    return Delivery.objects.create(purpose="test", object_key=object_key, address="a@example.org", claimed_at=claimed_at)


def test_each_run_puts_its_own_values_in_the_markers_places():
    early = timezone.make_aware(datetime.datetime(2026, 3, 4, 17, 0))
    late = early + datetime.timedelta(days=30)
    first, second = _delivery("meeting:1", early), _delivery("meeting:2", late)
    queries = CompiledQueries({"key": Marker(987654321987), "moment": MOMENT})

    def build(key, moment):
        return Delivery.objects.filter(pk__gte=key, claimed_at__lte=moment).order_by("pk").values_list(
            "object_key", "claimed_at"
        )

    for key, moment in ((first.pk, late), (second.pk, late), (first.pk, early), (second.pk, early)):
        rows = queries.rows(connection, ("deliveries",), build, key=key, moment=moment)
        assert [tuple(row) for row in rows] == list(build(key, moment))
    assert queries.rows(connection, ("deliveries",), build, key=first.pk, moment=late)[1][1] == late
    assert len(queries._prepared) == 1  # compiled once


def test_a_compiled_list_counts_and_pages_as_the_orm_does():
    moment = timezone.make_aware(datetime.datetime(2026, 3, 4, 17, 0))
    for number in range(7):
        Delivery.objects.create(
            purpose="test", object_key=f"meeting:{number % 3}", address=f"{number}@example.org",
            claimed_at=moment + datetime.timedelta(days=number),
        )
    queries = CompiledQueries({"key": Marker("compiled-list-key"), "moment": MOMENT})

    def build(key, moment):
        return Delivery.objects.filter(object_key=key, claimed_at__gte=moment).order_by("-claimed_at", "pk")

    def rows(key, moment):
        return build(key, moment).values_list("pk", "claimed_at")

    for key in ("meeting:0", "meeting:1", "meeting:9"):
        for since in (moment, moment + datetime.timedelta(days=2)):
            listed = CompiledList(
                queries, connection, ("deliveries",), count=build, rows=rows, make=list,
                values={"key": key, "moment": since},
            )
            expected = list(rows(key, since))
            assert len(listed) == len(expected)
            assert [tuple(row) for row in listed[0:2]] == expected[0:2]
            assert [tuple(row) for row in listed[1:3]] == expected[1:3]
            assert listed[3:3] == []
    # One count and one page compiled, whatever the values and the page.
    assert len(queries._prepared) == 2


def test_rows_of_more_keys_than_markers_are_all_read():
    """A page's ids each take a key marker; a list longer than the markers (the organisation
    list's public parties are not paginated) is read whole through the ORM, never cut short."""
    moment = timezone.make_aware(datetime.datetime(2026, 3, 4, 17, 0))
    deliveries = [_delivery(f"meeting:{number}", moment) for number in range(5)]
    queries = CompiledQueries({f"pk{index}": Marker(987654320000 + index) for index in range(3)})

    def build(**pks):
        return Delivery.objects.filter(pk__in=list(pks.values())).order_by("pk").values_list("pk", "object_key")

    expected = [(delivery.pk, delivery.object_key) for delivery in deliveries]
    for count in (1, 3, 4, 5):
        keys = [delivery.pk for delivery in deliveries[:count]]
        assert [tuple(row) for row in queries.rows_for_keys(connection, "deliveries", build, keys)] == expected[:count]
    # Compiled for one and for three keys; four and five went through the ORM.
    assert sorted(key[-1] for key in queries._prepared) == [1, 3]
