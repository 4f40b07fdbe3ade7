"""Reads of collaboration commitments (IOPs, joint projects, other solutions): the public register
and its open data, and a förvaltning's own list. Sums happen in the database, and each list needs
the same number of queries whatever the number of commitments."""

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Organisation, Sector, User
from plumbing import reference_cache
from plumbing.compiled import CompiledList, CompiledQueries, Marker, date_marker, key_markers
from plumbing.rows import named_lists

from ..models import Contribution, Initiative, Partnership

__all__ = [
    "AdministrationCommitments",
    "AdministrationTotals",
    "STATUS_ACTIVE",
    "STATUS_ENDED",
    "administration_choice_list",
    "administration_totals",
    "administrations_of",
    "administrations_with_partnerships",
    "initiatives_for_partnership",
    "money_per_year_subquery",
    "partnership_detail_queryset",
    "partnership_idea_driven_choices",
    "partnership_public_filtered",
    "partnership_public_list",
    "partnership_public_page",
    "partnerships_of_administrations",
    "party_names",
    "register_period_query",
    "with_party_names",
]

STATUS_ACTIVE = "active"
STATUS_ENDED = "ended"


def _ended_condition(today: datetime.date) -> Q:
    """Ended: the last day (the end date) has passed."""
    return Q(ends_on__lt=today)


def money_per_year_subquery(partnership_ref: str = "pk") -> Coalesce:
    """Kronor per year of the commitment: the sum of its money contributions (0 when none).

    A subquery, so it never multiplies with the joins of filters on other relations."""
    money = (
        Contribution.objects.filter(
            partnership=OuterRef(partnership_ref), kind=Contribution.Kind.MONEY
        )
        .order_by()
        .values("partnership")
        .annotate(total=Sum("amount_sek_per_year"))
        .values("total")
    )
    return Coalesce(Subquery(money, output_field=IntegerField()), Value(0))


def _with_lists(partnerships: QuerySet[Partnership]) -> QuerySet[Partnership]:
    return (
        partnerships.select_related(
            "administration",
            "administration__parent",
            "administration__public_party",
            "priority_area",
        )
        .prefetch_related(
            Prefetch(
                "organisations", queryset=Organisation.objects.order_by("name", "pk")
            ),
        )
        .annotate(money_per_year=money_per_year_subquery())
    )


def partnership_public_filtered(
    *,
    form: str = "",
    administration: str = "",
    priority_area: str = "",
    status: str = "",
    from_year: int | None = None,
    to_year: int | None = None,
) -> QuerySet[Partnership]:
    """Every commitment of the public register, filtered and in its order, without the joins a
    row shows (what the register's page counts).

    ``administration`` is the förvaltning's id, ``priority_area`` the area's slug (the same area
    keeps its slug from one action plan to the next), ``status`` active or ended; ``from_year`` and
    ``to_year`` the period the commitment ran in at some time (both the same year for one year;
    either left out for a period open at that end)."""
    return _filtered(status, **_register_values(form, administration, priority_area, status, from_year, to_year))


def _register_values(form, administration, priority_area, status, from_year, to_year) -> dict:
    """The values of the set filters, as ``_filtered`` takes them (and the compiled register's
    markers stand for)."""
    values = {}
    if form:
        values["form"] = form
    if administration:
        values["administration"] = int(administration)
    if priority_area:
        values["area"] = priority_area
    if status in (STATUS_ACTIVE, STATUS_ENDED):
        values["today"] = timezone.localdate()
    if from_year is not None:
        values["from_date"] = datetime.date(from_year, 1, 1)
    if to_year is not None:
        values["to_date"] = datetime.date(to_year, 12, 31)
    return values


def _filtered(status: str = "", *, form=None, administration=None, area=None, today=None, from_date=None, to_date=None):
    """``partnership_public_filtered`` of the values that are set (``_register_values``)."""
    partnerships = Partnership.objects.all()
    if form is not None:
        partnerships = partnerships.filter(form=form)
    if administration is not None:
        partnerships = partnerships.filter(administration_id=administration)
    if area is not None:
        partnerships = partnerships.filter(priority_area__slug=area)
    if status == STATUS_ACTIVE:
        partnerships = partnerships.exclude(_ended_condition(today))
    elif status == STATUS_ENDED:
        partnerships = partnerships.filter(_ended_condition(today))
    if from_date is not None:  # not ended before the period began
        partnerships = partnerships.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=from_date))
    if to_date is not None:  # begun by the end of the period
        partnerships = partnerships.filter(starts_on__lte=to_date)
    return partnerships.order_by("-starts_on", "title", "pk")


def partnership_public_list(*, with_contributions: bool = False, **filters) -> QuerySet[Partnership]:
    """Every commitment, for the public register and its open data, filtered
    (``partnership_public_filtered``), with its förvaltning, nämnd, public party, area, parties and
    kronor per year. ``with_contributions`` prefetches what each party gives (the open-data files
    list it)."""
    partnerships = _with_lists(partnership_public_filtered(**filters))
    if with_contributions:
        partnerships = partnerships.prefetch_related(
            Prefetch(
                "contributions",
                queryset=Contribution.objects.select_related("organisation").order_by(
                    "pk"
                ),
            )
        )
    return partnerships


# The public register's page (issue 16, point 2: a fast miss): its count, its page of rows and
# their parties' names, each compiled once per shape (which filters are set; the page's length)
# and process, the filters' values put in the markers' places.
_REGISTER = CompiledQueries(
    {
        "form": Marker("\ue000form"),
        "administration": Marker(987654321988),
        "area": Marker("\ue000area"),
        "today": date_marker(datetime.date(1001, 1, 1)),
        "from_date": date_marker(datetime.date(1002, 1, 1)),
        "to_date": date_marker(datetime.date(1003, 12, 31)),
        **key_markers(),
    }
)
# Only the columns a row shows, in the model's order (``Model.from_db`` takes them in that order),
# then the names of its förvaltning, nämnd, public party and priority area and its kronor per year.
_PAGE_COLUMNS = tuple(
    field.attname
    for field in Partnership._meta.concrete_fields
    if field.attname in {"id", "title", "form", "starts_on", "ends_on", "administration_id", "priority_area_id"}
)
_PAGE_NAMES = ("administration_name", "committee_name", "public_party_name", "area_name", "money_per_year")


def _page_rows(status: str = "", **values) -> QuerySet:
    return (
        _filtered(status, **values)
        .annotate(
            administration_name=F("administration__name"),
            committee_name=F("administration__parent__name"),
            public_party_name=F("administration__public_party__name"),
            area_name=F("priority_area__name"),
            money_per_year=money_per_year_subquery(),
        )
        .values_list(*_PAGE_COLUMNS, *_PAGE_NAMES)
    )


def _page_partnerships(rows: list) -> list[Partnership]:
    """A page's rows as commitments with the names a row shows, and their idea-driven parties'
    names (``organisation_list``: one compiled query)."""
    db = Partnership.objects.db
    width = len(_PAGE_COLUMNS)
    partnerships = []
    for row in rows:
        partnership = Partnership.from_db(db, _PAGE_COLUMNS, row[:width])
        (
            partnership.administration_name,
            partnership.committee_name,
            partnership.public_party_name,
            partnership.area_name,
            partnership.money_per_year,
        ) = row[width:]
        partnerships.append(partnership)
    return with_party_names(partnerships)


def partnership_public_page(
    *,
    form: str = "",
    administration: str = "",
    priority_area: str = "",
    status: str = "",
    from_year: int | None = None,
    to_year: int | None = None,
) -> CompiledList:
    """The commitments of ``partnership_public_filtered`` as the register's page shows them, a
    page at a time (``plumbing.compiled.CompiledList``): only the columns a row shows, the related
    names as attributes (``administration_name``, ``committee_name``, ``public_party_name``,
    ``area_name``), ``money_per_year`` and the idea-driven parties' names (``organisation_list``,
    ``plumbing.rows.Named``)."""
    values = _register_values(form, administration, priority_area, status, from_year, to_year)
    status = status if "today" in values else ""
    return CompiledList(
        _REGISTER,
        connections[Partnership.objects.db],
        ("register", status, *sorted(values)),
        count=functools.partial(_filtered, status),
        rows=functools.partial(_page_rows, status),
        make=_page_partnerships,
        values=values,
    )


def _pairs(**pks) -> QuerySet:
    return (
        Partnership.organisations.through.objects.filter(partnership_id__in=list(pks.values()))
        .order_by("organisation__name", "organisation_id")
        .values_list("partnership_id", "organisation__name")
    )


def with_party_names(partnerships: list[Partnership]) -> list[Partnership]:
    """The commitments (a page of the register), each with ``organisation_list``: its idea-driven
    parties' names (``plumbing.rows.Named``) by name. One compiled query, none for an empty page."""
    if not partnerships:
        return partnerships
    pairs = _REGISTER.rows_for_keys(
        connections[Partnership.objects.db], "parties", _pairs, [partnership.pk for partnership in partnerships]
    )
    return named_lists(partnerships, pairs, "organisation_list")


def partnership_detail_queryset() -> QuerySet[Partnership]:
    """One commitment with everything its page shows."""
    return (
        _with_lists(Partnership.objects.all())
        .select_related("initiative")
        .prefetch_related(
            Prefetch(
                "contributions",
                queryset=Contribution.objects.select_related("organisation").order_by(
                    "pk"
                ),
            )
        )
    )


def administrations_with_partnerships() -> QuerySet[Organisation]:
    """The förvaltningar that have logged a commitment (the choices of the public filter)."""
    return Organisation.objects.filter(
        pk__in=Partnership.objects.values("administration")
    ).order_by("name")


def administration_choice_list() -> list[tuple[str, str]]:
    """(id, name) of ``administrations_with_partnerships()``, from the reference cache: the
    options of the public register's filter."""
    return reference_cache.cached(
        reference_cache.PARTNERSHIPS,
        "administrations",
        lambda: [
            (str(pk), name) for pk, name in administrations_with_partnerships().values_list("pk", "name")
        ],
    )


def register_period_query(first_year: int, last_year: int) -> dict:
    """The register's filter for the commitments running at some time in the years
    ``first_year``–``last_year``, as query parameters for a link to it: ``year`` for one year (the
    addresses the register has always had), ``from_year`` and ``to_year`` for a period (a follow-up
    round of several years)."""
    if first_year == last_year:
        return {"year": last_year}
    return {"from_year": first_year, "to_year": last_year}


def administrations_of(user: User) -> QuerySet[Organisation]:
    """The municipal organisations (förvaltningar) the user is an officer of."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return (
        Organisation.objects.in_sector(Sector.PUBLIC)
        .filter(representations__user=user)
        .distinct()
        .order_by("name")
    )


# The officer's page: its queries depend on the day (until which day a commitment is active), the
# officer and the förvaltningar, and building and compiling them cost Django more than PostgreSQL
# takes to answer them (the totals' sums 2 ms of compiling against 0.3–0.6 ms in the database on the
# large set). So each is compiled once per shape and process (plumbing/compiled.py) and run as SQL.
_COMPILED = CompiledQueries({"user": Marker(987654321987)}, limit=1024)
# Only the columns a row shows, in the model's order (``Model.from_db`` takes them in that order).
_MINE_COLUMNS = tuple(
    field.attname
    for field in Partnership._meta.concrete_fields
    if field.attname in {"id", "title", "form", "starts_on", "ends_on", "administration_id"}
)


def _mine_list(today: datetime.date, ids: tuple[int, ...], start: int, stop: int) -> QuerySet:
    return (
        Partnership.objects.filter(administration_id__in=ids)
        .annotate(
            money_per_year=money_per_year_subquery(),
            has_ended=Case(
                When(_ended_condition(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("has_ended", "-starts_on", "title", "pk")
        .values_list(*_MINE_COLUMNS, "money_per_year", "has_ended")[start:stop]
    )


class AdministrationCommitments:
    """A förvaltning's commitments, active first, then ended, newest first, as the paginator of the
    officer's list takes them: its length is the sum of the totals' counts (no COUNT query), and
    each page is one compiled query for only the columns a row shows, with ``money_per_year`` and
    ``has_ended`` (the parties' names: ``party_names``)."""

    def __init__(self, administrations: list["AdministrationTotals"]):
        self.ids = tuple(sorted(administration.pk for administration in administrations))
        self.total = sum(administration.active_count + administration.ended_count for administration in administrations)

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, page: slice) -> list[Partnership]:
        if not isinstance(page, slice) or page.step is not None:
            raise TypeError("Only pages (slices) of the officer's list are read.")
        start, stop, _step = page.indices(self.total)
        if not self.ids or start >= stop:
            return []
        today = timezone.localdate()
        rows = _COMPILED.rows(
            connections[Partnership.objects.db],
            ("mine", today, self.ids, start, stop),
            functools.partial(_mine_list, today, self.ids, start, stop),
        )
        db = Partnership.objects.db
        partnerships = []
        for row in rows:
            partnership = Partnership.from_db(db, _MINE_COLUMNS, row[: len(_MINE_COLUMNS)])
            partnership.money_per_year, partnership.has_ended = row[len(_MINE_COLUMNS) :]
            partnerships.append(partnership)
        return partnerships


def partnerships_of_administrations(administrations: list["AdministrationTotals"]) -> AdministrationCommitments:
    """The commitments of the förvaltningar (the officer's: ``administration_totals``), a page at a
    time (``AdministrationCommitments``)."""
    return AdministrationCommitments(administrations)


def _party_names(ids: tuple[int, ...]) -> QuerySet:
    return (
        Partnership.organisations.through.objects.filter(partnership_id__in=ids)
        .order_by("organisation__name", "organisation_id")
        .values_list("partnership_id", "organisation__name")
    )


def party_names(partnerships: Iterable[Partnership]) -> dict[int, list[str]]:
    """The idea-driven parties' names of each commitment, by name (one compiled query, plain
    strings: a page of the officer's list shows nothing else of them)."""
    ids = tuple(partnership.pk for partnership in partnerships)
    names: dict[int, list[str]] = {}
    if not ids:
        return names
    rows = _COMPILED.rows(
        connections[Partnership.objects.db], ("parties", ids), functools.partial(_party_names, ids)
    )
    for partnership_id, name in rows:
        names.setdefault(partnership_id, []).append(name)
    return names


@dataclass(frozen=True, slots=True)
class AdministrationTotals:
    """A förvaltning of the officer's, with its nämnd's name, how many of its commitments are active
    and ended, and the kronor per year of the active ones."""

    pk: int
    name: str
    parent_name: str | None
    active_count: int
    ended_count: int
    active_money_per_year: int


def _public_administration_totals(today: datetime.date, user) -> QuerySet:
    ended = Q(partnerships__ends_on__lt=today)
    # Grouped by the förvaltning's key only, with no contribution joined: the kronor of each
    # active commitment are looked up by the commitment (the index on it). Grouping every
    # organisation column over commitments joined to their contributions made the officer's page
    # take 50 ms in the database alone on the large data set; joining the contributions in a
    # subquery per förvaltning read every money contribution of the portal (1–1.5 ms, growing
    # with the portal). This is 0.3–0.6 ms, growing only with the förvaltning's own commitments.
    # One representation per user and organisation: the join multiplies no commitment.
    return (
        Organisation.objects.in_sector(Sector.PUBLIC)
        .filter(representations__user=user)
        .annotate(
            active_count=Count("partnerships", filter=~ended),
            ended_count=Count("partnerships", filter=ended),
            active_money_per_year=Coalesce(
                Sum(money_per_year_subquery("partnerships__pk"), filter=~ended), Value(0)
            ),
        )
        .order_by("name")
        .values_list("pk", "name", "parent__name", "active_count", "ended_count", "active_money_per_year")
    )


def administration_totals(user: User) -> list[AdministrationTotals]:
    """The officer's förvaltningar (name and its nämnd's), each with how many commitments are
    active and ended and the kronor per year of the active ones (sums in the database)."""
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    rows = _COMPILED.rows(
        connections[Organisation.objects.db],
        ("totals", today),
        functools.partial(_public_administration_totals, today),
        user=user.pk,
    )
    return [AdministrationTotals(*row) for row in rows]


def partnership_idea_driven_choices(*, include=()) -> QuerySet[Organisation]:
    """Organisations that may be idea-driven parties: the connected idea-driven ones (and those in
    ``include``, the parties already recorded, even if they have left since)."""
    condition = Q(
        pk__in=Organisation.objects.connected()
        .in_sector(Sector.IDEA_DRIVEN)
        .values("pk")
    )
    included = [organisation.pk for organisation in include]
    if included:
        condition |= Q(pk__in=included)
    return Organisation.objects.filter(condition).order_by("name", "pk")


def initiatives_for_partnership(administrations) -> QuerySet[Initiative]:
    """Initiatives a commitment can come from: those where one of the förvaltningar is a party."""
    return (
        Initiative.objects.filter(parties__organisation__in=administrations)
        .distinct()
        .order_by("title", "pk")
    )
