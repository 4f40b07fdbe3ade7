"""Reads about the collaboration group: its seats with who holds them now, the chair and the vice
chair, the warnings about its composition, and the history of who sat when.

Every function takes ``on`` (default today) so the dashboard, a meeting's attendance and the PDFs
can ask how the group looked on another day. Each runs a fixed number of queries, whatever the
number of seats or terms.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from overenskommelse.selectors import agreement_current_cached, worded
from plumbing.dates import long_date

from ..models import GroupOffice, Seat, SeatKind, SeatSector, SeatTerm

__all__ = [
    "TERM_WARNING_MONTHS",
    "ChairAndVice",
    "OfficeView",
    "SeatBalance",
    "SeatView",
    "current_chair_and_vice",
    "group_composition_warnings",
    "group_history",
    "group_seats",
    "office_mandate_years",
    "ordinary_seat_balance",
    "seat_holders",
    "seat_label",
    "seat_may_be_removed",
    "seats_with_history",
]

# A term that ends within this many months is flagged to the convener.
TERM_WARNING_MONTHS = 3


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the last day of the month when it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def office_mandate_years() -> int | None:
    """The years a chair or a vice chair is chosen for, when the agreement sets a mandate length
    (Blekinge: two); None when it sets none."""
    agreement = agreement_current_cached()
    return getattr(agreement, "chair_mandate_years", None) or None


class SeatBalance(NamedTuple):
    """How many ordinary seats each sector has (adjunct seats stand outside the balance)."""

    public: int
    idea_driven: int

    @property
    def difference(self) -> int:
        return abs(self.public - self.idea_driven)

    @property
    def is_balanced(self) -> bool:
        return self.public == self.idea_driven


def ordinary_seat_balance(*, exclude: Seat | None = None) -> SeatBalance:
    """The ordinary seats of each sector (one query); ``exclude``: leave one seat out of the count
    (the seat being changed)."""
    seats = Seat.objects.filter(kind=SeatKind.ORDINARY)
    if exclude is not None and exclude.pk:
        seats = seats.exclude(pk=exclude.pk)
    counts = dict(seats.values_list("sector").annotate(n=Count("pk")).order_by())
    return SeatBalance(counts.get(SeatSector.PUBLIC, 0), counts.get(SeatSector.IDEA_DRIVEN, 0))


def seat_label(seat: Seat) -> str:
    """How a seat is named where people are not: by who appoints it (or its number)."""
    return seat.appointed_by_label or _("Seat %(number)s") % {"number": seat.position}


def seats_with_history(seats: QuerySet[Seat]) -> QuerySet[Seat]:
    """The seats, each with ``has_terms`` (somebody has held it, holds it or will) and
    ``has_offices`` (it has held the chair or the vice chair, now or before): two subqueries of the
    same query, no query more."""
    return seats.annotate(
        has_terms=Exists(SeatTerm.objects.filter(seat=OuterRef("pk"))),
        has_offices=Exists(GroupOffice.objects.filter(seat=OuterRef("pk"))),
    )


def seat_may_be_removed(seat: Seat) -> bool:
    """The rule of removing a seat (``services.group.seat_remove`` refuses the others, the group's
    page offers only these): only a seat without a history, one that nobody has held and that
    never held an office, can go; a seat with a history stays, so the history is never rewritten.
    ``seat`` comes from ``seats_with_history``."""
    return not (seat.has_terms or seat.has_offices)


@dataclass
class SeatView:
    """One seat as it stands on a day: the term held (if any), the holder, the next term already
    decided, and the offices (chair, vice chair) the seat holds."""

    seat: Seat
    term: SeatTerm | None
    next_term: SeatTerm | None
    offices: list[GroupOffice] = field(default_factory=list)

    @property
    def label(self) -> str:
        return seat_label(self.seat)

    @property
    def holder(self) -> User | None:
        return self.term.holder if self.term else None

    @property
    def is_filled(self) -> bool:
        return self.term is not None

    @property
    def may_remove(self) -> bool:
        """Whether the convener may remove the seat (``seat_may_be_removed``)."""
        return seat_may_be_removed(self.seat)

    @property
    def is_adjunct(self) -> bool:
        return self.seat.is_adjunct

    @property
    def is_chair(self) -> bool:
        return any(office.kind == GroupOffice.Kind.CHAIR for office in self.offices)

    @property
    def is_vice_chair(self) -> bool:
        return any(office.kind == GroupOffice.Kind.VICE_CHAIR for office in self.offices)


class OfficeView(NamedTuple):
    office: GroupOffice
    seat: Seat
    holder: User | None

    @property
    def ends_on(self) -> datetime.date:
        return self.office.ends_on

    @property
    def sector(self) -> str:
        return self.seat.sector

    @property
    def label(self) -> str:
        return seat_label(self.seat)


class ChairAndVice(NamedTuple):
    chair: OfficeView | None
    vice_chair: OfficeView | None


def _current_offices(on: datetime.date) -> QuerySet[GroupOffice]:
    return GroupOffice.objects.filter(starts_on__lte=on, ends_on__gte=on).order_by("kind", "-starts_on")


def group_seats(on: datetime.date | None = None) -> list[SeatView]:
    """Every seat in order, with its term and holder on ``on``, the next term already decided and
    the offices held (three queries)."""
    on = _today(on)
    seats = seats_with_history(Seat.objects.select_related("appointed_by")).prefetch_related(
        Prefetch(
            "terms",
            queryset=SeatTerm.objects.filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
            .select_related("holder")
            .order_by("starts_on", "pk"),
            to_attr="open_terms",
        ),
        Prefetch("offices", queryset=_current_offices(on), to_attr="current_offices"),
    )
    views = []
    for seat in seats:
        held = [term for term in seat.open_terms if term.starts_on <= on]
        coming = [term for term in seat.open_terms if term.starts_on > on]
        views.append(
            SeatView(
                seat=seat,
                term=held[-1] if held else None,
                next_term=coming[0] if coming else None,
                offices=list(seat.current_offices),
            )
        )
    return views


def seat_holders(on: datetime.date | None = None) -> QuerySet[User]:
    """The people who hold a seat on ``on`` (one query when evaluated)."""
    on = _today(on)
    return (
        User.objects.filter(is_active=True, seat_terms__in=SeatTerm.objects.current(on))
        .distinct()
        .order_by("full_name", "email")
    )


def current_chair_and_vice(on: datetime.date | None = None, *, seats: list[SeatView] | None = None) -> ChairAndVice:
    """The chair and the vice chair on ``on`` (each with its seat and that seat's holder), or None
    where nobody is appointed. Pass ``seats`` (from ``group_seats`` for the same day) to save the
    queries."""
    if seats is None:
        seats = group_seats(on)
    found: dict[str, OfficeView] = {}
    for view in seats:
        for office in view.offices:
            found.setdefault(office.kind, OfficeView(office=office, seat=view.seat, holder=view.holder))
    return ChairAndVice(found.get(GroupOffice.Kind.CHAIR), found.get(GroupOffice.Kind.VICE_CHAIR))


def group_composition_warnings(
    on: datetime.date | None = None, *, seats: list[SeatView] | None = None
) -> list[str]:
    """What the convener should act on, as sentences in the active language: empty seats, terms
    that end within three months (or have run out), sectors out of balance (counting the ordinary
    seats: adjunct seats stand outside the balance), chair and vice chair from the same sector, no
    chair or no vice chair, and (when the agreement sets a mandate length) a mandate that runs out
    within three months or has run out. No names: seats are named by who appoints
    them, so the warnings can go on any page shown to the group. Pass ``seats`` (from
    ``group_seats`` for the same day) to save the queries."""
    on = _today(on)
    if seats is None:
        seats = group_seats(on)
    warnings: list[str] = []
    if not seats:
        return [worded(_("%(Group)s has no seats yet."))]
    soon = _add_months(on, TERM_WARNING_MONTHS)
    for view in seats:
        sector = view.seat.side_display.lower()
        if view.term is None:
            if view.next_term is not None:
                warnings.append(
                    _("The seat %(seat)s (%(sector)s) is empty until %(date)s.")
                    % {"seat": view.label, "sector": sector, "date": long_date(view.next_term.starts_on)}
                )
            else:
                warnings.append(_("The seat %(seat)s (%(sector)s) is empty.") % {"seat": view.label, "sector": sector})
            continue
        if view.next_term is not None:
            continue  # the next holder is already appointed
        ends_on = view.term.ends_on
        if ends_on < on:
            warnings.append(
                _("The term on the seat %(seat)s (%(sector)s) ran out on %(date)s.")
                % {"seat": view.label, "sector": sector, "date": long_date(ends_on)}
            )
        elif ends_on <= soon:
            warnings.append(
                _("The term on the seat %(seat)s (%(sector)s) ends on %(date)s.")
                % {"seat": view.label, "sector": sector, "date": long_date(ends_on)}
            )

    counts = {
        row["sector"]: row
        for row in Seat.objects.filter(kind=SeatKind.ORDINARY)
        .values("sector")
        .annotate(
            seats=Count("pk", distinct=True),
            filled=Count(
                "pk",
                filter=Q(terms__starts_on__lte=on) & (Q(terms__left_on__isnull=True) | Q(terms__left_on__gt=on)),
                distinct=True,
            ),
        )
    }
    public = counts.get(SeatSector.PUBLIC, {"seats": 0, "filled": 0})
    idea = counts.get(SeatSector.IDEA_DRIVEN, {"seats": 0, "filled": 0})
    if public["seats"] != idea["seats"]:
        warnings.append(
            worded(
                _(
                    "The sectors are out of balance: %(public_seats)s %(publics)s seats and %(idea)s seats "
                    "from the idea-driven sector."
                ),
                public_seats=public["seats"],
                idea=idea["seats"],
            )
        )
    elif public["filled"] != idea["filled"]:
        warnings.append(
            worded(
                _(
                    "The sectors are out of balance: %(public_seats)s %(publics)s seats and %(idea)s seats "
                    "from the idea-driven sector are filled."
                ),
                public_seats=public["filled"],
                idea=idea["filled"],
            )
        )

    chair, vice_chair = current_chair_and_vice(on, seats=seats)
    mandate_ends = _mandate_ends(on, soon) if office_mandate_years() else {}
    if chair is None and GroupOffice.Kind.CHAIR not in mandate_ends:
        warnings.append(worded(_("%(Group)s has no chair.")))
    if vice_chair is None and GroupOffice.Kind.VICE_CHAIR not in mandate_ends:
        warnings.append(worded(_("%(Group)s has no vice chair.")))
    for kind, ends_on in mandate_ends.items():
        warnings.append(_mandate_warning(kind, ends_on, ran_out=ends_on < on) % {"date": long_date(ends_on)})
    if chair is not None and vice_chair is not None and chair.seat.sector == vice_chair.seat.sector:
        warnings.append(
            _("The chair and the vice chair come from the same sector (%(sector)s); they should come one from each.")
            % {"sector": chair.seat.get_sector_display().lower()}
        )
    return warnings


def _mandate_ends(on: datetime.date, soon: datetime.date) -> dict[str, datetime.date]:
    """For the chair and the vice chair: the day the last mandate decided runs out, when that is
    before ``soon`` (a mandate already decided after the current one counts: no warning then).
    One query."""
    last = GroupOffice.objects.values("kind").annotate(last_day=Max("ends_on")).order_by("kind")
    return {row["kind"]: row["last_day"] for row in last if row["last_day"] <= soon}


def _mandate_warning(kind: str, ends_on: datetime.date, *, ran_out: bool) -> str:
    if kind == GroupOffice.Kind.CHAIR:
        return _("The chair's mandate ran out on %(date)s.") if ran_out else _("The chair's mandate runs out on %(date)s.")
    if ran_out:
        return _("The vice chair's mandate ran out on %(date)s.")
    return _("The vice chair's mandate runs out on %(date)s.")


def group_history() -> tuple[QuerySet[SeatTerm], QuerySet[GroupOffice]]:
    """Every term ever held (newest first within each seat) and every chair and vice chair."""
    terms = SeatTerm.objects.select_related("seat", "seat__appointed_by", "holder", "created_by").order_by(
        "seat__position", "seat__pk", "-starts_on", "-pk"
    )
    offices = GroupOffice.objects.select_related("seat", "seat__appointed_by").order_by("-starts_on", "kind")
    return terms, offices
