"""Queries compiled once (plumbing.compiled): the same rows as the ORM gives, for every value put
in the marker's place, with the database's converters applied (a moment comes back aware)."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from plumbing.compiled import CompiledQueries, Marker
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
