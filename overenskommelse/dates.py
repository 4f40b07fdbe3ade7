"""The migrations on ``main`` before issue 15 (item 7) name the date validator by this path
(``overenskommelse.dates.DateRangeValidator``); a migration is never edited, so the name stays
importable here. The code is in ``plumbing/dates.py``; new code imports it from there."""

from plumbing.dates import DateRangeValidator

__all__ = ["DateRangeValidator"]
