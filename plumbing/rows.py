"""Rows of the public lists written in Python (issue 16, point 2: a fast miss).

Django's template engine costs about 10–20 µs for each variable, filter and tag it renders, and
``reverse`` about 25 µs a call: 25 rows of five to eight cells with a link each were most of a list
page's time (docs/performance.md). The row tags of the apps (``organisation_rows``,
``initiative_items``, ``partnership_rows``) write the same markup as the templates they replace,
with the same escaping and localisation, and reverse each kind of link once per page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape as _html_escape
from typing import NamedTuple

from django.urls import reverse

from .dates import long_date

MARKER = 987654321987


def escape(text) -> str:
    """``django.utils.html.escape`` (the same five characters) as plain text for the rows' f-strings:
    without its lazy-text wrapper, which costs as much as the escaping itself at every call."""
    return _html_escape(str(text))


def pk_url(name: str) -> Callable[[int], str]:
    """The address of ``name`` for any ``pk``, reversed once: ``pk_url("app:detail")(17)``."""
    prefix, _, suffix = reverse(name, kwargs={"pk": MARKER}).partition(str(MARKER))
    return lambda pk: f"{prefix}{pk}{suffix}"


def names(items, attribute: str = "name") -> str:
    """``a, b, c`` of the items' escaped names, or "–" (the templates' ``{% empty %}``)."""
    return ", ".join(escape(getattr(item, attribute)) for item in items) or "–"


class Named(NamedTuple):
    """What a row shows of a related object (a priority area, a party): its name."""

    name: str


def named_lists(rows, pairs: Iterable[tuple[int, str]], attribute: str, wrap: Callable[[str], object] = Named):
    """Give each of ``rows`` (model instances of one page) ``attribute``: the ``wrap``-ped names of
    ``pairs`` (row pk, name), in the pairs' order; an empty list for a row without any.

    What a ``Prefetch(..., to_attr=...)`` of the names gave, from one ``values_list`` query: no
    model instance made for each related row, no prefetch machinery (issue 16, point 2)."""
    lists: dict[int, list] = {row.pk: [] for row in rows}
    for pk, name in pairs:
        lists[pk].append(wrap(name))
    for row in rows:
        setattr(row, attribute, lists[row.pk])
    return rows


__all__ = ["Named", "escape", "long_date", "named_lists", "names", "pk_url"]
