"""Collaboration commitments (IOPs, joint projects, other solutions) of the förvaltningar: logging,
changing and ending them."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, Sector, User
from plumbing.audit import audit_changes, audit_record, audit_snapshot
from plumbing.uploads import kept_upload_take

from ..models import (
    Contribution,
    Initiative,
    Partnership,
)


@transaction.atomic
def partnership_end(*, partnership: Partnership, by: User, ends_on: datetime.date) -> Partnership:
    """End a commitment on a date (not before it started)."""
    if ends_on < partnership.starts_on:
        raise ValidationError(_("The end date cannot be before the start date."))
    earlier_end = partnership.ends_on
    partnership.ends_on = ends_on
    partnership.ended_at = timezone.now()
    partnership.save(update_fields=["ends_on", "ended_at", "updated_at"])
    audit_record(
        actor=by,
        action="partnership.ended",
        target=partnership,
        changes=audit_changes({"ends_on": earlier_end}, {"ends_on": ends_on}),
    )
    return partnership



# --- Collaboration commitments (IOPs, joint projects, other solutions) --------------------------

# A commitment's own fields, in the order of its form (``forms.partnership.PartnershipForm`` edits
# these and its parties): what the services set from ``data`` and what the audit log compares.
PARTNERSHIP_FIELDS = (
    "title",
    "form",
    "administration",
    "priority_area",
    "description",
    "starts_on",
    "ends_on",
    "decision_on",
    "decision_reference",
    "initiative",
)


def partnership_check(
    *,
    by: User,
    administration: Organisation,
    organisations,
    contributions,
    initiative: Initiative | None = None,
    earlier_parties=(),
) -> None:
    """The rules of a commitment that span several rows, in one place.

    Only officers of the förvaltning record its commitments (PermissionDenied); the idea-driven
    parties are connected to the agreement (parties recorded earlier may stay after they left);
    each contribution comes from the förvaltning or one of the parties, in whole kronor ≥ 0; the
    initiative it came from has the förvaltning as a party. Raises ValidationError with a message
    per field (``contributions.<n>.<field>`` for the n-th contribution)."""
    if administration.sector != Sector.PUBLIC or not administration.representations.filter(user=by).exists():
        raise PermissionDenied(_("Only officers of the förvaltning can record its commitments."))
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    organisations = list(organisations)
    earlier = {organisation.pk for organisation in earlier_parties}
    if not organisations:
        error("organisations", _("Choose at least one idea-driven party."))
    for organisation in organisations:
        if organisation.sector != Sector.IDEA_DRIVEN:
            error(
                "organisations",
                _("%(name)s is not an idea-driven organisation.") % {"name": organisation.name},
            )
        elif not organisation.is_connected and organisation.pk not in earlier:
            error(
                "organisations",
                _(
                    "%(name)s is not connected to the agreement. Only connected organisations can be "
                    "parties to a commitment."
                )
                % {"name": organisation.name},
            )
    parties = {administration.pk} | {organisation.pk for organisation in organisations}
    for index, contribution in enumerate(contributions):
        party = contribution["organisation"]
        if party.pk not in parties:
            error(
                f"contributions.{index}.organisation",
                _(
                    "%(name)s is not a party to this commitment. Choose the förvaltning or one of "
                    "the idea-driven parties ticked above."
                )
                % {"name": party.name},
            )
        amount = contribution.get("amount_sek_per_year")
        if amount is not None and (not isinstance(amount, int) or isinstance(amount, bool) or amount < 0):
            error(
                f"contributions.{index}.amount_sek_per_year",
                _("Write the amount in whole kronor, 0 or more."),
            )
    if initiative is not None and not initiative.parties.filter(organisation=administration).exists():
        error(
            "initiative",
            _("%(name)s is not a party to this initiative.") % {"name": administration.name},
        )
    if errors:
        raise ValidationError(errors)


def _partnership_audit(partnership: Partnership) -> dict:
    """What the audit log compares of a commitment: its fields, parties, contributions and file."""
    values = audit_snapshot(partnership, PARTNERSHIP_FIELDS)
    values["organisations"] = sorted(str(organisation) for organisation in partnership.organisations.all())
    values["contributions"] = [
        f"{contribution.organisation}: {contribution.kind}"
        + (f", {contribution.amount_sek_per_year} kr" if contribution.amount_sek_per_year is not None else "")
        for contribution in partnership.contributions.select_related("organisation").order_by("pk")
    ]
    values["signed_agreement"] = partnership.signed_agreement.name or ""
    return values


def _partnership_save(
    partnership: Partnership,
    *,
    by: User,
    data: dict,
    organisations,
    contributions,
    signed_agreement,
    kept_signed_agreement: str,
    remove_signed_agreement: bool,
) -> Partnership:
    for field in PARTNERSHIP_FIELDS:
        if field in data:
            setattr(partnership, field, data[field])
    if remove_signed_agreement:
        # The earlier file stays in storage: a signed agreement is a public record (allmän handling).
        partnership.signed_agreement = None
    elif signed_agreement is not None:
        partnership.signed_agreement = signed_agreement
    elif kept_signed_agreement and kept_upload_take(user=by, path=kept_signed_agreement):
        partnership.signed_agreement.name = kept_signed_agreement
    partnership.full_clean(exclude=["signed_agreement", "created_by"], validate_unique=False)
    partnership.save()
    partnership.organisations.set(organisations)
    partnership.contributions.all().delete()
    Contribution.objects.bulk_create(
        Contribution(
            partnership=partnership,
            organisation=contribution["organisation"],
            kind=contribution["kind"],
            amount_sek_per_year=contribution.get("amount_sek_per_year"),
            description=contribution.get("description", ""),
        )
        for contribution in contributions
    )
    return partnership


@transaction.atomic
def partnership_create(
    *,
    by: User,
    data: dict,
    organisations,
    contributions=(),
    signed_agreement=None,
    kept_signed_agreement: str = "",
) -> Partnership:
    """Record a commitment of a förvaltning (``data["administration"]``) that ``by`` is an officer
    of: its fields (``PARTNERSHIP_FIELDS`` in ``data``), its idea-driven parties, what each party
    contributes (dicts with organisation, kind, amount_sek_per_year, description), and the signed
    agreement (a new upload, or the storage path of an upload kept from an earlier try)."""
    contributions = list(contributions)
    organisations = list(organisations)
    partnership_check(
        by=by,
        administration=data["administration"],
        organisations=organisations,
        contributions=contributions,
        initiative=data.get("initiative"),
    )
    partnership = _partnership_save(
        Partnership(created_by=by),
        by=by,
        data=data,
        organisations=organisations,
        contributions=contributions,
        signed_agreement=signed_agreement,
        kept_signed_agreement=kept_signed_agreement,
        remove_signed_agreement=False,
    )
    audit_record(
        actor=by,
        action="partnership.created",
        target=partnership,
        changes=audit_changes({}, _partnership_audit(partnership)),
    )
    return partnership


@transaction.atomic
def partnership_update(
    *,
    partnership: Partnership,
    by: User,
    data: dict,
    organisations,
    contributions=(),
    signed_agreement=None,
    kept_signed_agreement: str = "",
    remove_signed_agreement: bool = False,
) -> Partnership:
    """Change a commitment: the same rules as ``partnership_create``, checked against the
    förvaltning it belongs to now and the one it is moved to (the officer must be of both).
    ``contributions`` is the whole new list: it replaces the earlier one."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if not partnership.administration.representations.filter(user=by).exists():
        raise PermissionDenied(_("Only officers of the förvaltning can change its commitments."))
    contributions = list(contributions)
    organisations = list(organisations)
    partnership_check(
        by=by,
        administration=data.get("administration", partnership.administration),
        organisations=organisations,
        contributions=contributions,
        initiative=data.get("initiative", partnership.initiative),
        earlier_parties=list(partnership.organisations.all()),
    )
    before = _partnership_audit(partnership)
    partnership = _partnership_save(
        partnership,
        by=by,
        data=data,
        organisations=organisations,
        contributions=contributions,
        signed_agreement=signed_agreement,
        kept_signed_agreement=kept_signed_agreement,
        remove_signed_agreement=remove_signed_agreement,
    )
    changes = audit_changes(before, _partnership_audit(partnership))
    if changes:
        audit_record(actor=by, action="partnership.changed", target=partnership, changes=changes)
    return partnership
