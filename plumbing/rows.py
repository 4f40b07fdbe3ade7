"""Rows of the public lists written in Python (issue 16, point 2: a fast miss).

Django's template engine costs about 10–20 µs for each variable, filter and tag it renders, and
``reverse`` about 25 µs a call: 25 rows of five to eight cells with a link each were most of a list
page's time (docs/performance.md). The row tags of the apps (``organisation_rows``,
``initiative_items``, ``partnership_rows``) write the same markup as the templates they replace,
with the same escaping and localisation, and reverse each kind of link once per page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from django.utils.html import escape

from .dates import long_date

MARKER = 987654321987


def pk_url(name: str) -> Callable[[int], str]:
    """The address of ``name`` for any ``pk``, reversed once: ``pk_url("app:detail")(17)``."""
    prefix, _, suffix = reverse(name, kwargs={"pk": MARKER}).partition(str(MARKER))
    return lambda pk: f"{prefix}{pk}{suffix}"


def names(items, attribute: str = "name") -> str:
    """``a, b, c`` of the items' escaped names, or "–" (the templates' ``{% empty %}``)."""
    return ", ".join(escape(getattr(item, attribute)) for item in items) or "–"


__all__ = ["escape", "long_date", "names", "pk_url"]
