"""What the dashboard shows: the figures of a year against the year before, as frozen dataclasses
(cached as they are, pickled), with the links to the lists behind them already made."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from initiatives.models import CollaborationForm
from overenskommelse.process import Step

__all__ = [
    "FORMS",
    "STEP_ORDER",
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
]

STEP_ORDER: tuple[str, ...] = tuple(Step.values)
FORMS: tuple[str, ...] = tuple(CollaborationForm.values)


@dataclass(frozen=True)
class Period:
    """The years the figures count: one year, or (an agreement followed up every other year) the
    years of its follow-up round, "2025–2026", compared with the same number of years before."""

    first: int
    last: int

    @property
    def years(self) -> int:
        return self.last - self.first + 1

    @property
    def label(self) -> str:
        """As the pages write it: "2026", or "2025–2026"."""
        return str(self.last) if self.first == self.last else f"{self.first}–{self.last}"

    @property
    def previous(self) -> Period:
        """The same number of years just before."""
        return Period(self.first - self.years, self.first - 1)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.first, 1, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.last, 12, 31)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Pair:
    """A figure for the chosen year (or period) and the one before."""

    current: int
    previous: int

    @property
    def change(self) -> int:
        return self.current - self.previous


@dataclass(frozen=True)
class OrganisationFigures:
    connected: Pair  # connected on ``on`` / ``previous_on``
    joined: Pair  # connected during the year (up to ``on``)
    withdrawn: Pair  # left during the year (up to ``on``)
    on: datetime.date  # 31 December of the year, or today for this year
    previous_on: datetime.date
    applications_waiting: int  # open applications now
    applications_received: Pair  # sent during the year
    list_url: str
    queue_url: str


@dataclass(frozen=True)
class Cell:
    count: int
    url: str = ""


@dataclass(frozen=True)
class AreaColumn:
    slug: str  # "" for the initiatives without a priority area
    name: str
    total: int
    url: str = ""


@dataclass(frozen=True)
class StepRow:
    step: str
    cells: tuple[Cell, ...]  # one per ``InitiativeFigures.areas``
    total: Pair
    url: str = ""

    @property
    def number(self) -> int:
        return STEP_ORDER.index(self.step) + 1

    @property
    def label(self) -> str:
        return Step(self.step).label


@dataclass(frozen=True)
class StuckInitiative:
    pk: int
    title: str
    step: str
    in_step_since: datetime.datetime
    url: str

    @property
    def step_label(self) -> str:
        return Step(self.step).label

    @property
    def step_number(self) -> int:
        return STEP_ORDER.index(self.step) + 1

    @property
    def days(self) -> int:
        return (timezone.now() - self.in_step_since).days


@dataclass(frozen=True)
class InitiativeFigures:
    """Active and paused initiatives (those closed early are left out) per step and area."""

    steps: tuple[StepRow, ...]
    areas: tuple[AreaColumn, ...]
    total: Pair
    on: datetime.date
    previous_on: datetime.date
    stuck: tuple[StuckInitiative, ...]  # the longest stuck first, at most STUCK_LISTED
    stuck_count: int
    list_url: str


@dataclass(frozen=True)
class AdministrationRow:
    """One förvaltning's commitments running during the year (and the year before)."""

    pk: int
    name: str
    per_form: tuple[Cell, ...]  # the year's count per form, in the order of ``FORMS``
    count: Pair
    amount: Pair  # kronor per year: the sum of the money contributions
    url: str
    party: str = ""  # the public party the förvaltning belongs to, where one is set


@dataclass(frozen=True)
class CommitmentFigures:
    rows: tuple[AdministrationRow, ...]
    per_form: tuple[Cell, ...]  # totals per form (this year)
    count: Pair
    amount: Pair
    list_url: str
    # The rows belong to several public parties (a regional agreement): a column says which, and
    # the rows come party by party.
    by_party: bool = False

    @property
    def forms(self) -> tuple[str, ...]:
        return FORMS

    @property
    def form_labels(self) -> list[str]:
        return [CollaborationForm(value).label for value in FORMS]


@dataclass(frozen=True)
class RoundFigures:
    """The follow-up round of the year: who has reported, how many organisations answered."""

    year: int
    exists: bool
    is_open: bool
    is_closed: bool
    deadline: datetime.date | None
    administrations: int  # förvaltningar and municipal companies in the register
    reported: Pair  # of them, those that submitted their report (the year's round / the previous)
    survey_responses: Pair
    not_reported: tuple[str, ...]  # names of the förvaltningar and companies still to report
    url: str
    # The years the round follows up ("2025–2026" for a round every other year) and the previous
    # round's; the year alone for a yearly round.
    period: str = ""
    previous_period: str = ""
    with_companies: bool = False  # the register has municipal companies: the page names them

    @property
    def reported_percent(self) -> int | None:
        if not self.administrations:
            return None
        return round(100 * self.reported.current / self.administrations)


@dataclass(frozen=True)
class MeetingInfo:
    pk: int
    starts_at: datetime.datetime
    place: str
    has_video_link: bool
    url: str


@dataclass(frozen=True)
class MeetingFigures:
    year: int
    planned: int  # meetings of the year that are not cancelled (held and still to come)
    next: MeetingInfo | None
    warn_too_few: bool  # fewer meetings than the agreement's meetings per year (this year or later)
    list_url: str


@dataclass(frozen=True)
class ConferenceInfo:
    pk: int
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    url: str


@dataclass(frozen=True)
class CalendarYear:
    year: int
    plan_title: str
    plan_year: int | None  # which year of the action plan's period (1–4)
    plan_followed_up: bool
    plan_revised: bool
    plan_is_assumed: bool  # after the last plan entered: a new four-year period is assumed
    agreement_revised: bool


@dataclass(frozen=True)
class YearFigures:
    year: int
    previous_year: int
    made_at: datetime.datetime
    organisations: OrganisationFigures
    initiatives: InitiativeFigures
    commitments: CommitmentFigures
    round: RoundFigures
    meetings: MeetingFigures
    conference: ConferenceInfo | None
    conference_list_url: str
    calendar: tuple[CalendarYear, ...]
    agreement_name: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    # The years counted and the years compared with: the year and the year before, or (followed up
    # every other year) the round's period and the one before ("2025–2026" against "2023–2024").
    period: Period | None = None

    def __post_init__(self):
        if self.period is None:
            object.__setattr__(self, "period", Period(self.year, self.year))

    @property
    def previous_period(self) -> Period:
        return self.period.previous

    @property
    def years(self) -> int:
        """How many years the figures count (2 for a round every other year)."""
        return self.period.years

    @property
    def several_years(self) -> bool:
        return self.period.years > 1
