"""The stored figures of closed years (``collaboration.cache``): made when a round closes and, for
every year that has ended, by ``manage.py store_year_figures`` (run it after New Year; the beat can
run it daily)."""

from __future__ import annotations

import logging

from django.utils import timezone

from followup.models import FollowUpRound
from followup.signals import round_closed

from ..selectors.figures import store_year_figures

logger = logging.getLogger(__name__)

__all__ = ["connect_signals", "store_closed_years"]


def store_closed_years(years) -> list[int]:
    """Store the figures of those of ``years`` that have ended (and of the period before each), where
    they are not stored already or are not to be believed. The years stored, in order."""
    this_year = timezone.localdate().year
    done = []
    for year in sorted(set(years)):
        if year < this_year:
            store_year_figures(year)
            done.append(year)
    return done


def _round_closed(sender, followup_round: FollowUpRound, **kwargs) -> None:
    """A round was closed (and committed): its years' figures are made now, once. A failure never
    reaches the convener who closed it (the figures are then made on the next read)."""
    first = followup_round.year - max(followup_round.years_covered or 1, 1) + 1
    try:
        store_closed_years(range(first, followup_round.year + 1))
    except Exception:
        logger.exception("Dashboard figures: the figures of round %s could not be stored", followup_round.year)


def connect_signals() -> None:
    """Connected once, from ``CollaborationConfig.ready``."""
    round_closed.connect(_round_closed, sender=FollowUpRound, dispatch_uid="collaboration-store-round-figures")
