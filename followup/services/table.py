"""Changes to the agreement's follow-up table and to the recurring networks (the convener's)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organisation, Sector, User, kinds_of_sector
from overenskommelse.models import Agreement
from plumbing.audit import audit_record

from ..models import FollowUpArea, Network

__all__ = ["followup_table_update", "network_delete", "network_save"]

AREA_FIELDS = (
    "text",
    "help_text",
    "responsible",
    "responsible_other",
    "asks_public_units",
    "asks_joined",
    "asks_networks",
    "has_scale",
)


def _area_problems(index: int, data: dict) -> dict[str, str]:
    problems = {}
    if not (
        data.get("asks_public_units")
        or data.get("asks_joined")
        or data.get("asks_networks")
    ):
        problems[f"areas.{index}.asks_public_units"] = _("Choose whom the row asks.")
    if (
        data.get("responsible") == FollowUpArea.Responsible.OTHER
        and not (data.get("responsible_other") or "").strip()
    ):
        problems[f"areas.{index}.responsible_other"] = _("Write who is responsible.")
    if data.get("has_scale") and not (
        data.get("asks_joined") or data.get("asks_networks")
    ):
        problems[f"areas.{index}.has_scale"] = _(
            "Only what organisations are asked is answered on the scale."
        )
    return problems


@transaction.atomic
def followup_table_update(
    *, agreement: Agreement, rows: Iterable[dict], by: User
) -> list[FollowUpArea]:
    """Replace the agreement's follow-up table with ``rows`` (in order; each a dict of
    ``AREA_FIELDS``). Every row asks someone, names who is responsible, and is on the scale only
    when it asks organisations; the table keeps at least one row. Rounds already made keep their
    own questions. The change is in the audit log. Raises ValidationError naming the row's field
    (``areas.<index>.<field>``)."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    rows = [dict(row) for row in rows]
    problems: dict[str, str] = {}
    for index, data in enumerate(rows):
        problems.update(_area_problems(index, data))
    if problems:
        raise ValidationError(problems)
    if not rows:
        raise ValidationError(_("Keep at least one row in the table."))
    before = [
        area.text
        for area in FollowUpArea.objects.filter(agreement=agreement).order_by(
            "position", "pk"
        )
    ]
    FollowUpArea.objects.filter(agreement=agreement).delete()
    areas = []
    for position, data in enumerate(rows, start=1):
        values = {name: data.get(name) for name in AREA_FIELDS}
        values["text"] = (values["text"] or "").strip()
        values["help_text"] = (values["help_text"] or "").strip()
        values["responsible_other"] = (
            (values["responsible_other"] or "").strip()
            if values["responsible"] == FollowUpArea.Responsible.OTHER
            else ""
        )
        for name in ("asks_public_units", "asks_joined", "asks_networks", "has_scale"):
            values[name] = bool(values[name])
        areas.append(FollowUpArea(agreement=agreement, position=position, **values))
    FollowUpArea.objects.bulk_create(areas)
    audit_record(
        actor=by,
        action="agreement.settings_changed",
        target=agreement,
        changes={
            "followup_table": {"before": before, "after": [area.text for area in areas]}
        },
    )
    return areas


@transaction.atomic
def network_save(
    *,
    network: Network | None,
    name: str,
    description: str,
    members: Iterable[Organisation],
    by: User,
) -> Network:
    """Make a recurring network, or change one: its name (unique), description and member
    organisations (idea-driven ones only)."""
    name = (name or "").strip()
    if (
        Network.objects.filter(name__iexact=name)
        .exclude(pk=network.pk if network else None)
        .exists()
    ):
        raise ValidationError({"name": _("There is already a network with this name.")})
    members = list(members)
    idea_driven = set(kinds_of_sector(Sector.IDEA_DRIVEN))
    if any(member.kind not in idea_driven for member in members):
        raise ValidationError(
            {
                "members": _(
                    "Only idea-driven organisations can be members of a network."
                )
            }
        )
    if network is None:
        network = Network.objects.create(
            name=name, description=(description or "").strip()
        )
    else:
        network = Network.objects.select_for_update().get(pk=network.pk)
        network.name = name
        network.description = (description or "").strip()
        network.save(update_fields=["name", "description"])
    network.members.set(members)
    return network


@transaction.atomic
def network_delete(*, network: Network, by: User) -> None:
    """Remove a network (its members stay in the register; rounds already made are not changed)."""
    Network.objects.filter(pk=network.pk).delete()
