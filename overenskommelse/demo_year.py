"""The year the demo data are anchored to (``manage.py load_demo``): the year it is loaded in.

Every demo module writes its dates and the years its texts name relative to this year (``year - 1``
for last year's follow-up, ``year + 1`` for next year's conference), so the dashboard's "this year"
always has the demo's follow-up round, its meetings and its conferences, whenever the demo is
loaded. Within a year the demo is the same (deterministic): a second load finds its rows again by
their natural keys. Loaded again in a later year, it adds that year's demo beside the old one.

``load_demo`` pins the year for the whole load (``demo_anchored``), so a load running across New
Year's midnight does not mix two years. Lower than every app's demo module (the agreement's demo
is the lowest), so each of them may import it.
"""

import contextlib
import datetime
from collections.abc import Iterator
from contextvars import ContextVar

from django.utils import timezone

_PINNED: ContextVar[int | None] = ContextVar("demo_year", default=None)


def demo_year(today: datetime.date | None = None) -> int:
    """The demo's year: the year pinned by ``demo_anchored`` while the demo loads, else the year
    of ``today`` (by default today's date in the portal's time zone, Europe/Stockholm)."""
    pinned = _PINNED.get()
    if pinned is not None and today is None:
        return pinned
    return (today or timezone.localdate()).year


@contextlib.contextmanager
def demo_anchored(year: int | None = None) -> Iterator[int]:
    """Pin the demo's year (this year by default) while the block runs: every demo module that
    asks ``demo_year()`` inside it gets the same year."""
    token = _PINNED.set(year if year is not None else demo_year())
    try:
        yield _PINNED.get()
    finally:
        _PINNED.reset(token)
