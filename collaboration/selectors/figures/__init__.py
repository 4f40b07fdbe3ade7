"""The figures of the collaboration group's dashboard, for a year and the year before.

``year_figures(year)`` answers everything the dashboard (and the meeting pack and the yearly
follow-up PDF, which show the same block) needs: connected organisations and applications, the
initiatives per step and priority area and those stuck in a step, the commitments per förvaltning
with their yearly amounts, how far the year's follow-up round has come, the next meeting and
conference, and the revision calendar.

Two layers, importing one way:

- ``queries``: what the database answers, as plain values (counts, dates, lists of names, rows),
  in a fixed number of queries (six) whatever the number of organisations, initiatives or
  commitments;
- ``presentation``: the dataclasses of ``values`` made of them, with the links to the lists behind
  each figure, the revision calendar, the cache (``collaboration.cache``, per year and per day; a
  change to the data behind the figures bumps its version), the stored figures of closed years
  (read instead of made afresh: the year before always, the year itself once it is over) and the
  context of the figures block with its charts.

A year in the past is shown as it stood at its end (31 December); this year (or a later one) as it
stands now. Initiatives in a past year are placed in the step they were in at the year's end, from
their recorded step changes.
"""

from .presentation import (
    CALENDAR_YEARS,
    compute_year_figures,
    dashboard_figures_context,
    store_year_figures,
    year_figures,
)
from .queries import STUCK_AFTER_DAYS, STUCK_LISTED
from .values import (
    AdministrationRow,
    AreaColumn,
    CalendarYear,
    Cell,
    CommitmentFigures,
    ConferenceInfo,
    InitiativeFigures,
    MeetingFigures,
    MeetingInfo,
    OrganisationFigures,
    Pair,
    Period,
    RoundFigures,
    StepRow,
    StuckInitiative,
    YearFigures,
)

__all__ = [
    "CALENDAR_YEARS",
    "STUCK_AFTER_DAYS",
    "STUCK_LISTED",
    "AdministrationRow",
    "AreaColumn",
    "CalendarYear",
    "Cell",
    "CommitmentFigures",
    "ConferenceInfo",
    "InitiativeFigures",
    "MeetingFigures",
    "MeetingInfo",
    "OrganisationFigures",
    "Pair",
    "Period",
    "RoundFigures",
    "StepRow",
    "StuckInitiative",
    "YearFigures",
    "compute_year_figures",
    "dashboard_figures_context",
    "store_year_figures",
    "year_figures",
]
