"""The cache of the dashboard's figures and its invalidation.

The figures (``selectors.figures.year_figures``) are cached under a key that holds a version
number; any change to the data behind them bumps the version, so every cached year is dropped at
once without knowing which years a change touches. The signal handlers here only invalidate the
cache: they never carry a rule of the domain.

The version is bumped when the row is saved (so the same request already sees the change) and
again when the transaction commits (so a page that read the old rows in between, and cached
them, is not believed afterwards). A cache that is down never breaks a save or a page: the
figures are then simply made afresh.

The figures of a closed year are also stored in the database (``StoredYearFigures``, made when a
round closes, by ``manage.py store_year_figures`` and on the first read) and read from there
instead of being made afresh. They are never wrong for long, and never after a change is committed:

- a write to any table behind the figures (seen on the database connection, so also a conditional
  ``QuerySet.update()`` or a ``bulk_create`` that sends no signal) marks every stored row stale in
  the same transaction, so the mark is committed with the change or not at all;
- after that transaction commits, the generation (held by the row of year 0) is raised, so a row
  made by a page that read the data while the change was being committed is not believed either;
- a row made by code that stored another shape of figures (``SHAPE``) is not believed.

The dashboard page itself (its content beside the base template: the figures block, the year's
choice and the operational plan's counts) is cached under the same version (``page_key``). The
tables only the page shows beside the figures (the operational plan and its activities,
``_page_models``) bump the version too, now and on commit, but never mark a stored year stale.
"""

from __future__ import annotations

import datetime
import logging
import re
import time

from django.core.cache import cache
from django.db import DatabaseError, connections, transaction
from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_migrate
from django.utils import timezone

from accounts.models import Accession, Organisation
from conferences.models import Conference
from followup.models import DepartmentReport, FollowUpRound, SurveyResponse
from initiatives.models import Contribution, Initiative, Partnership, StepTransition
from overenskommelse.models import ActionPlan, Activity, Agreement, OperationalPlan, PriorityArea

from .models import Decision, Meeting, StoredYearFigures

logger = logging.getLogger(__name__)

VERSION_KEY = "followup:figures:version"
# A safety net for changes made without signals (``QuerySet.update``, ``bulk_create``): a cached
# year is never older than this.
TIMEOUT_SECONDS = 300
# The shape of what is cached (the figures' dataclasses, the block's HTML): raised when it changes,
# so a deploy never reads what the code before it cached (2: the figures of a period; 3: the
# figures of closed years stored in the database). A stored row of another shape is made afresh.
SHAPE = 3

__all__ = [
    "TIMEOUT_SECONDS",
    "bump_figures_version",
    "connect_signals",
    "figures_changed",
    "figures_key",
    "figures_version",
    "get",
    "mark_stored_stale",
    "page_key",
    "put",
    "stored_figures",
    "store_figures",
    "watch_connection",
]


def _fresh_version() -> int:
    # Never reuse a number an evicted version key may have had: start from the clock.
    return time.time_ns() // 1000


def figures_version() -> int:
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, _fresh_version(), None)
            version = cache.get(VERSION_KEY)
        return int(version) if version is not None else _fresh_version()
    except Exception:  # the cache is down: make the figures afresh
        logger.warning("Dashboard figures: the cache cannot be read", exc_info=True)
        return _fresh_version()


def bump_figures_version() -> None:
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet (or evicted)
            cache.set(VERSION_KEY, _fresh_version(), None)
    except Exception:
        logger.warning("Dashboard figures: the cache version could not be bumped", exc_info=True)


def figures_key(year: int, today: datetime.date) -> str:
    """Per version, year and day (the figures speak of "now": the next meeting, stuck initiatives)."""
    return f"followup:figures:{SHAPE}:{figures_version()}:{year}:{today.isoformat()}"


def page_key(year: int, today: datetime.date, language: str) -> str:
    """The dashboard page's content (the figures block, the year's choice, the operational plan's
    counts), per version, year, day (the years offered, "now") and language."""
    return f"followup:dashboard-page:{SHAPE}:{figures_version()}:{year}:{today.isoformat()}:{language}"


def get(key: str):
    try:
        return cache.get(key)
    except Exception:
        logger.warning("Dashboard figures: the cache cannot be read", exc_info=True)
        return None


def put(key: str, value) -> None:
    try:
        cache.set(key, value, TIMEOUT_SECONDS)
    except Exception:
        logger.warning("Dashboard figures: the cache cannot be written", exc_info=True)


def figures_changed(sender=None, **kwargs) -> None:
    """A row behind the figures changed: drop every cached year now and again on commit."""
    bump_figures_version()
    transaction.on_commit(bump_figures_version)


# --- The stored figures of closed years -----------------------------------------------------------


def stored_figures(years: list[int]) -> tuple[int, dict[int, StoredYearFigures]]:
    """The current generation and the rows of ``years`` that may be believed (same shape, not
    stale, made under the current generation): one query."""
    marker, rows = 0, {}
    for row in StoredYearFigures.objects.filter(year__in=[StoredYearFigures.MARKER_YEAR, *years]):
        if row.year == StoredYearFigures.MARKER_YEAR:
            marker = row.generation
        else:
            rows[row.year] = row
    return marker, {
        year: row for year, row in rows.items() if row.shape == SHAPE and not row.stale and row.generation == marker
    }


def store_figures(generation: int, rows: dict[int, tuple[int, int, dict]]) -> None:
    """Store ``{year: (first, last, values)}`` as made under ``generation`` (read before the figures
    were): one query. Only outside a transaction (a page, the command, after a round's closing is
    committed): inside one, the rows would be locked until it ends, and its own later writes or
    rollback would have to take them back. A failure is logged and forgotten (the figures are made
    afresh next time)."""
    if not rows:
        return
    connection = connections[StoredYearFigures.objects.db]
    if connection.in_atomic_block:
        return
    now = timezone.now()
    try:
        StoredYearFigures.objects.bulk_create(
            [
                StoredYearFigures(
                    year=year,
                    period_first=first,
                    period_last=last,
                    shape=SHAPE,
                    generation=generation,
                    stale=False,
                    values=values,
                    computed_at=now,
                )
                for year, (first, last, values) in rows.items()
            ],
            update_conflicts=True,
            unique_fields=["year"],
            update_fields=["period_first", "period_last", "shape", "generation", "stale", "values", "computed_at"],
        )
    except Exception:
        logger.warning("Dashboard figures: the figures of %s could not be stored", sorted(rows), exc_info=True)


def mark_stored_stale(using: str = "default") -> None:
    """Every stored row is stale: now, in the transaction that changed the data."""
    StoredYearFigures.objects.using(using).filter(stale=False).exclude(year=StoredYearFigures.MARKER_YEAR).update(
        stale=True
    )


def _raise_generation(using: str) -> None:
    """After the commit: no row made before it is believed any more."""
    try:
        updated = StoredYearFigures.objects.using(using).filter(year=StoredYearFigures.MARKER_YEAR).update(
            generation=F("generation") + 1
        )
        if not updated:
            StoredYearFigures.objects.using(using).bulk_create(
                [StoredYearFigures(year=StoredYearFigures.MARKER_YEAR, period_first=0, period_last=0, generation=1)],
                ignore_conflicts=True,
            )
    except Exception:
        logger.warning("Dashboard figures: the stored figures' generation could not be raised", exc_info=True)


# The table an INSERT (also SQLite's "INSERT OR IGNORE"), UPDATE or DELETE writes to.
_WRITE_TARGET = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+[A-Z]+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+[A-Z]+)?|DELETE\s+FROM)\s+"?([A-Za-z0-9_.]+)"?',
    re.IGNORECASE,
)
_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "TRUNCATE", "COPY")


def _writes_watched_table(sql: str) -> bool:
    """A write to a table behind the figures, or a write to a table that cannot be named."""
    return _watched_write(sql) == _FIGURES


# What a write is to the dashboard (``_watched_write``).
_FIGURES, _PAGE = "figures", "page"


def _watched_write(sql: str) -> str | None:
    """``_FIGURES`` for a write to a table behind the figures (or to a table that cannot be named),
    ``_PAGE`` for a write to a table only the dashboard page shows beside them, else None."""
    if not sql.lstrip()[:8].upper().startswith(_WRITE_VERBS):
        return None
    match = _WRITE_TARGET.match(sql)
    if match is None:
        return _FIGURES
    table = match.group(1).lower()
    if table in _watched_tables():
        return _FIGURES
    if table in _page_tables():
        return _PAGE
    return None


class _StoredFiguresWatcher:
    """An execute wrapper on every database connection: a write to a table behind the figures marks
    the stored figures stale and raises their generation after the commit. In a transaction, once
    (figures are never stored inside one, and a savepoint rolled back takes its mark with it). A
    write to a table only the dashboard page shows drops the cached figures and pages, at once and
    again after the commit."""

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if _migrating:
            return result
        kind = _watched_write(sql)
        if kind == _FIGURES:
            connection = context["connection"]
            if not any(getattr(entry[1], "stored_figures", False) for entry in connection.run_on_commit):
                _mark_in_transaction(connection)
                # The cached figures too, also after a change that sends no signal.
                bump_figures_version()
                alias = connection.alias

                def raise_generation():
                    _raise_generation(alias)
                    bump_figures_version()

                raise_generation.stored_figures = True
                connection.on_commit(raise_generation)
        elif kind == _PAGE:
            # Every time (the same transaction may read the page between two writes), and once
            # more after the commit.
            bump_figures_version()
            connection = context["connection"]
            if not any(
                getattr(entry[1], "stored_figures", False) or getattr(entry[1], "dashboard_page", False)
                for entry in connection.run_on_commit
            ):

                def bump_after_commit():
                    bump_figures_version()

                bump_after_commit.dashboard_page = True
                connection.on_commit(bump_after_commit)
        return result


def _mark_in_transaction(connection) -> None:
    """``mark_stored_stale`` in the writing transaction, in a savepoint of its own: a database
    migrated to before the stored figures (no table) or a failing mark never breaks the write (the
    generation raised after the commit still drops every row)."""
    try:
        if connection.in_atomic_block:
            with transaction.atomic(using=connection.alias):
                mark_stored_stale(connection.alias)
        else:
            mark_stored_stale(connection.alias)
    except DatabaseError:
        logger.info("Dashboard figures: the stored figures could not be marked stale", exc_info=True)


_WATCHER = _StoredFiguresWatcher()
_TABLES: set[str] = set()
_PAGE_TABLES: set[str] = set()
# While ``migrate`` runs (the stored figures' table may not be there yet), writes are not watched;
# every stored row is marked stale when it ends.
_migrating = False


def _migration_starts(sender=None, **kwargs) -> None:
    global _migrating
    _migrating = True


def _migration_ends(sender=None, using="default", **kwargs) -> None:
    global _migrating
    if not _migrating:
        return
    _migrating = False
    try:
        mark_stored_stale(using)
        _raise_generation(using)
    except Exception:
        logger.warning("Dashboard figures: the stored figures could not be marked after migrate", exc_info=True)


def _watched_tables() -> set[str]:
    if not _TABLES:
        for model in _watched_models():
            _TABLES.add(model._meta.db_table.lower())
            for field in model._meta.local_many_to_many:
                _TABLES.add(field.remote_field.through._meta.db_table.lower())
    return _TABLES


def _page_tables() -> set[str]:
    if not _PAGE_TABLES:
        _PAGE_TABLES.update(model._meta.db_table.lower() for model in _page_models())
    return _PAGE_TABLES


def watch_connection(sender=None, connection=None, **kwargs) -> None:
    """``connection_created`` receiver: put the watcher on the connection (once)."""
    if not any(isinstance(wrapper, _StoredFiguresWatcher) for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(_WATCHER)


def _watched_models() -> list:
    return [
        Organisation,
        Accession,
        Initiative,
        StepTransition,
        Partnership,
        Contribution,
        DepartmentReport,
        SurveyResponse,
        Meeting,
        Conference,
        FollowUpRound,
        # Deciding an application at a meeting records a decision (the application itself is
        # changed with a conditional update, which sends no signal).
        Decision,
        # The revision calendar and the columns of the matrix.
        Agreement,
        ActionPlan,
        PriorityArea,
    ]


def _page_models() -> list:
    """What the dashboard page shows beside the figures: the operational plan's counts."""
    return [OperationalPlan, Activity]


def connect_signals() -> None:
    """Connected once, from ``CollaborationConfig.ready``."""
    for model in [*_watched_models(), *_page_models()]:
        label = model._meta.label_lower
        post_save.connect(figures_changed, sender=model, dispatch_uid=f"followup-figures-save-{label}")
        post_delete.connect(figures_changed, sender=model, dispatch_uid=f"followup-figures-delete-{label}")
    # An initiative's priority areas place it in the matrix.
    m2m_changed.connect(
        figures_changed,
        sender=Initiative.priority_areas.through,
        dispatch_uid="followup-figures-initiative-areas",
    )
    # The stored figures of closed years are marked stale by any write to the tables behind them.
    connection_created.connect(watch_connection, dispatch_uid="collaboration-stored-figures-watch")
    pre_migrate.connect(_migration_starts, dispatch_uid="collaboration-stored-figures-migrate-starts")
    post_migrate.connect(_migration_ends, dispatch_uid="collaboration-stored-figures-migrate-ends")
    for connection in connections.all(initialized_only=True):
        watch_connection(connection=connection)
