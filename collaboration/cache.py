"""The cache of the dashboard's figures and its invalidation.

The figures (``selectors.figures.year_figures``) are cached under a key that holds a version
number; any change to the data behind them bumps the version, so every cached year is dropped at
once without knowing which years a change touches. The signal handlers here only invalidate the
cache: they never carry a rule of the domain.

The version is bumped when the row is saved (so the same request already sees the change) and
again when the transaction commits (so a page that read the old rows in between, and cached
them, is not believed afterwards). A cache that is down never breaks a save or a page: the
figures are then simply made afresh.
"""

from __future__ import annotations

import datetime
import logging
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.models import Accession, Organisation
from conferences.models import Conference
from followup.models import DepartmentReport, FollowUpRound, SurveyResponse
from initiatives.models import Contribution, Initiative, Partnership, StepTransition
from overenskommelse.models import ActionPlan, Agreement, PriorityArea

from .models import Decision, Meeting

logger = logging.getLogger(__name__)

VERSION_KEY = "followup:figures:version"
# A safety net for changes made without signals (``QuerySet.update``, ``bulk_create``): a cached
# year is never older than this.
TIMEOUT_SECONDS = 300
# The shape of what is cached (the figures' dataclasses, the block's HTML): raised when it changes,
# so a deploy never reads what the code before it cached (2: the figures of a period).
SHAPE = 2

__all__ = [
    "TIMEOUT_SECONDS",
    "bump_figures_version",
    "connect_signals",
    "figures_changed",
    "figures_key",
    "figures_version",
    "get",
    "html_key",
    "put",
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


def html_key(year: int, today: datetime.date, language: str) -> str:
    """The dashboard's rendered figures, per version, year, day and language."""
    return f"followup:figures-html:{SHAPE}:{figures_version()}:{year}:{today.isoformat()}:{language}"


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


def connect_signals() -> None:
    """Connected once, from ``CollaborationConfig.ready``."""
    for model in _watched_models():
        label = model._meta.label_lower
        post_save.connect(figures_changed, sender=model, dispatch_uid=f"followup-figures-save-{label}")
        post_delete.connect(figures_changed, sender=model, dispatch_uid=f"followup-figures-delete-{label}")
    # An initiative's priority areas place it in the matrix.
    m2m_changed.connect(
        figures_changed,
        sender=Initiative.priority_areas.through,
        dispatch_uid="followup-figures-initiative-areas",
    )
