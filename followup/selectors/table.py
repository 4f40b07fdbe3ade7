"""Reads of the agreement's follow-up table and of the recurring networks: the table as the
convener edits it and as a new round copies it, who is responsible for a row in the agreement's
own words, and how the pages name the public units that report (förvaltningar, and municipal
companies where the register has any)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind, Sector, kinds_of_sector
from overenskommelse.models import Agreement
from overenskommelse.words import AgreementWords

from ..models import FollowUpArea, Network
from ..questions import default_areas

__all__ = [
    "ReportingUnitsWords",
    "followup_table",
    "network_list",
    "network_member_choices",
    "reporting_units_words",
    "responsible_label",
]


def followup_table(agreement: Agreement | None) -> list[FollowUpArea]:
    """The agreement's table in its order; the portal's default table (unsaved rows, in the
    language of the moment) when the agreement has not saved one, or there is no agreement yet.
    One query."""
    if agreement is None:
        return default_areas()
    rows = list(
        FollowUpArea.objects.filter(agreement=agreement).order_by("position", "pk")
    )
    return rows or default_areas()


def responsible_label(area: FollowUpArea, agreement: Agreement | None) -> str:
    """Who is responsible for a row, in the agreement's own words: its group ("Samrådet"), its
    convener ("Processledare"), the public party ("Borås Stad"), or the name written in the row."""
    words = AgreementWords.of(agreement)
    if area.responsible == FollowUpArea.Responsible.GROUP:
        return words.Group
    if area.responsible == FollowUpArea.Responsible.CONVENER:
        return words.Convener
    if area.responsible == FollowUpArea.Responsible.PUBLIC_PARTY:
        return (agreement.municipality if agreement is not None else "") or _(
            "The municipality or region"
        )
    return area.responsible_other


@dataclass(frozen=True)
class ReportingUnitsWords:
    """What the pages call the public units that report: "förvaltningar" while the register has no
    municipal company, "förvaltningar och bolag" once it has one (so one agreement's pages read as
    before, and another's name its companies too)."""

    with_companies: bool

    @property
    def units(self) -> str:
        return (
            _("förvaltningar and companies")
            if self.with_companies
            else _("förvaltningar")
        )

    @property
    def Units(self) -> str:
        return (
            _("Förvaltningar and companies")
            if self.with_companies
            else _("Förvaltningar")
        )

    @property
    def unit(self) -> str:
        return _("förvaltning or company") if self.with_companies else _("förvaltning")


def reporting_units_words() -> ReportingUnitsWords:
    """One query."""
    return ReportingUnitsWords(
        Organisation.objects.filter(kind=OrganisationKind.MUNICIPAL_COMPANY).exists()
    )


def network_list() -> QuerySet[Network]:
    """The recurring networks, by name, each with ``member_count``."""
    return Network.objects.annotate(member_count=Count("members")).order_by(
        "name", "pk"
    )


def networks_exist() -> bool:
    """Whether the agreement has recurring networks (whose organisations a survey question may
    ask). One query."""
    return Network.objects.exists()


def network_member_choices() -> QuerySet[Organisation]:
    """The organisations a network can have as members: the idea-driven ones of the register,
    joined to the agreement or not."""
    return Organisation.objects.filter(
        kind__in=kinds_of_sector(Sector.IDEA_DRIVEN)
    ).order_by("name", "pk")
