"""A cache for the small reference data that many requests read and that seldom changes.

The agreement named in every page's footer, the action plan on the start page, the priority
areas, umbrella organisations and förvaltningar that the public filters offer, the years the
commitments register covers: the same for every visitor, changed a few times a year, and yet read
with one to four queries on every request (docs/performance.md).

Values are cached per *group* under a key that holds the group's version number. A save or delete
of a model the group depends on bumps the version (at once, and again when the transaction
commits, so a request that read the old rows in between and cached them is not believed
afterwards). Each app connects its own models (``invalidate_on``), so dependencies keep pointing
one way. Changes made without signals (``QuerySet.update``, ``bulk_create``) invalidate too: the
response cache's hook on the database connection tells ``groups_of_table`` of every write. A
timeout is the last safety net (a change made outside Django). A cache that is down never breaks a page or a save: the value is made afresh.

Only what pages read goes through here; code that changes rows reads them from the database.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

T = TypeVar("T")

TIMEOUT_SECONDS = 600

# The groups: what a change invalidates.
AGREEMENT = "agreement"  # the agreement, its action plans, priority areas and directions
ORGANISATIONS = "organisations"  # names and kinds of organisations (umbrella choices)
PARTNERSHIPS = "partnerships"  # the commitments register's filter options

_MISSING = object()

__all__ = [
    "AGREEMENT",
    "ORGANISATIONS",
    "PARTNERSHIPS",
    "TIMEOUT_SECONDS",
    "cached",
    "invalidate",
    "invalidate_on",
]


def _version_key(group: str) -> str:
    return f"reference:{group}:version"


def _fresh_version() -> int:
    # Never reuse a number an evicted version key may have had: start from the clock.
    return time.time_ns() // 1000


def _version(group: str) -> int:
    key = _version_key(group)
    version = cache.get(key)
    if version is None:
        cache.add(key, _fresh_version(), None)
        version = cache.get(key)
    return int(version) if version is not None else _fresh_version()


def cached(group: str, name: str, make: Callable[[], T], *, timeout: int = TIMEOUT_SECONDS) -> T:
    """``make()``, cached under ``name`` until a model of ``group`` changes (or ``timeout``).
    ``make`` must return something picklable that does not depend on the request or the language."""
    try:
        key = f"reference:{group}:{_version(group)}:{name}"
        value = cache.get(key, _MISSING)
    except Exception:  # the cache is down: read afresh
        logger.warning("Reference cache: %s cannot be read", name, exc_info=True)
        return make()
    if value is not _MISSING:
        return value
    value = make()
    try:
        cache.set(key, value, timeout)
    except Exception:
        logger.warning("Reference cache: %s cannot be stored", name, exc_info=True)
    return value


def _bump(group: str) -> None:
    try:
        try:
            cache.incr(_version_key(group))
        except ValueError:  # no version yet (or evicted)
            cache.set(_version_key(group), _fresh_version(), None)
    except Exception:
        logger.warning("Reference cache: the version of %s could not be bumped", group, exc_info=True)


def invalidate(group: str) -> None:
    """Drop every cached value of ``group``: now, and again when the transaction commits."""
    _bump(group)
    transaction.on_commit(lambda: _bump(group))


# The groups each table's rows belong to: the response cache's write hook on the database
# connection (plumbing/response_cache.py) invalidates them on any write, also those that send
# no signal (``QuerySet.update()``, ``bulk_create``).
_GROUPS_OF_TABLE: dict[str, set[str]] = {}


def groups_of_table(table: str) -> set[str]:
    """The groups a write to ``table`` invalidates; every group for a table that cannot be named."""
    if not table:
        return set().union(*_GROUPS_OF_TABLE.values())
    return _GROUPS_OF_TABLE.get(table, set())


def invalidate_on(group: str, *models) -> None:
    """Connect saves, deletes and many-to-many changes of ``models`` to ``invalidate(group)``."""

    def changed(sender, **kwargs):
        invalidate(group)

    for model in models:
        _GROUPS_OF_TABLE.setdefault(model._meta.db_table, set()).add(group)
        for field in model._meta.local_many_to_many:
            _GROUPS_OF_TABLE.setdefault(field.remote_field.through._meta.db_table, set()).add(group)
        label = f"{model._meta.label_lower}"
        uid = f"reference-cache-{group}-{label}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                changed, sender=field.remote_field.through, weak=False, dispatch_uid=f"{uid}-{field.name}"
            )
