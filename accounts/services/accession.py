"""Applications to join the agreement: checking a number, sending, reviewing and deciding;
approving puts the organisation in the register."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overenskommelse.models import Principle
from overenskommelse.selectors import agreement_current
from plumbing.audit import (
    audit_changes,
    audit_record,
)
from plumbing.outbox import enqueue_on_commit

from .. import tasks
from ..models import (
    Accession,
    Organisation,
    OrganisationEvent,
    Representation,
    User,
)
from ..orgnr import public_party_number_problem
from ..roles import forget_roles
from .history import organisation_event_add
from .organisation import umbrellas_ask


class AlreadyDecided(Exception):
    """Somebody else decided the application first."""


@dataclass(frozen=True)
class Duplicate:
    """Why a number cannot be used for a new application, and where to look instead."""

    message: str
    organisation: Organisation | None = None
    accession: Accession | None = None


# Details that the application carries over to the register when it is approved.
DETAIL_FIELDS = (
    "name",
    "kind",
    "org_number",
    "street_address",
    "postal_code",
    "city",
    "website",
    "email",
    "phone",
    "description",
    "contact_name",
    "contact_email",
    "contact_phone",
)



def accession_duplicate(*, org_number: str, exclude: Accession | None = None) -> Duplicate | None:
    """Is this number already connected, or waiting for a decision? One organisation per number."""
    if not org_number:
        return None
    organisation = Organisation.objects.connected().filter(org_number=org_number).first()
    if organisation is not None:
        return Duplicate(
            _("An organisation with this number is already connected to the agreement."),
            organisation=organisation,
        )
    pending = Accession.objects.open().filter(org_number=org_number)
    if exclude is not None and exclude.pk:
        pending = pending.exclude(pk=exclude.pk)
    accession = pending.first()
    if accession is not None:
        return Duplicate(
            _("An application for this number has already been sent and is waiting for a decision."),
            accession=accession,
        )
    return None


# What sending an application needs, field by field (the form marks these fields as needed to
# send, and requires them when sending) …
ACCESSION_REQUIRED_TO_SEND = {
    "name": _("the organisation's name"),
    "kind": _("the kind of organisation"),
    "contact_name": _("the contact person"),
    "contact_email": _("the contact person's email"),
    "signatory_name": _("the person who signs"),
    "signatory_role": _("their role"),
    "board_decision_on": _("the date of the board's decision"),
}
# … and besides them: the organisation number (or the tick that it has none), every principle
# confirmed, and the democratic values confirmed.
ACCESSION_CONFIRMED_TO_SEND = ("org_number", "principles_confirmed", "democratic_values_confirmed")


def accession_missing(*, accession: Accession) -> list[str]:
    """What must still be filled in before the application can be sent (empty when complete)."""
    missing = []
    for field, label in ACCESSION_REQUIRED_TO_SEND.items():
        if not getattr(accession, field):
            missing.append(label)
    if accession.is_public_party:
        # A public body always has a number, and is not asked the idea-driven organisations'
        # confirmation of democratic values.
        if not accession.org_number:
            missing.append(_("the organisation number"))
    elif not accession.org_number and not accession.has_no_org_number:
        missing.append(_("the organisation number, or that the organisation has none"))
    principles = Principle.objects.filter(agreement=agreement_current())
    if principles.exclude(pk__in=accession.principles_confirmed.values("pk")).exists():
        missing.append(_("a confirmation of every principle"))
    if not accession.is_public_party and not accession.democratic_values_confirmed:
        missing.append(_("a confirmation of the democratic values"))
    return missing


def accession_kind_problem(*, accession: Accession) -> str | None:
    """Why this application cannot be sent as the kind it names, or None: a public party applies
    only where the agreement lets public actors join, and with a number of its kind."""
    if not accession.is_public_party:
        return None
    agreement = agreement_current()
    if agreement is None or not agreement.public_actors_may_join:
        return _(
            "This agreement is joined by idea-driven organisations only: a public actor cannot apply "
            "to join it."
        )
    return public_party_number_problem(accession.org_number, accession.kind)


@transaction.atomic
def accession_submit(*, accession: Accession, by: User) -> Accession:
    """Send a complete draft to the collaboration group. The applicant gets a confirmation email
    (a public party's says it joins as a public party).

    Raises ValidationError when something is missing, the number is already connected/pending, or
    a public party applies where the agreement does not let public actors join.
    """
    accession = Accession.objects.select_for_update().get(pk=accession.pk)
    if accession.applicant_id != by.pk:
        raise PermissionDenied
    if accession.status != Accession.Status.DRAFT:
        raise ValidationError(_("This application has already been sent."))
    missing = accession_missing(accession=accession)
    if missing:
        raise ValidationError(_("Fill in %(missing)s before sending.") % {"missing": ", ".join(missing)})
    problem = accession_kind_problem(accession=accession)
    if problem:
        raise ValidationError(problem)
    duplicate = accession_duplicate(org_number=accession.org_number, exclude=accession)
    if duplicate:
        raise ValidationError(duplicate.message)
    if accession.organisation is None and accession.org_number:
        accession.organisation = Organisation.objects.filter(org_number=accession.org_number).first()
    accession.status = Accession.Status.SUBMITTED
    accession.submitted_at = timezone.now()
    try:
        with transaction.atomic():
            accession.save()
    except IntegrityError as error:  # a second application for the number won the race
        raise ValidationError(
            _("An application for this number has already been sent and is waiting for a decision.")
        ) from error
    if accession.organisation is not None:
        organisation_event_add(accession.organisation, OrganisationEvent.Kind.APPLIED, by)
    audit_record(actor=by, action="accession.submitted", target=accession)
    enqueue_on_commit(tasks.send_accession_submitted, accession.pk)
    return accession


@transaction.atomic
def accession_start_review(*, accession: Accession, by: User) -> Accession:
    """Mark a sent application as taken up for review by the group."""
    updated = Accession.objects.filter(pk=accession.pk, status=Accession.Status.SUBMITTED).update(
        status=Accession.Status.UNDER_REVIEW
    )
    accession.refresh_from_db()
    if not updated and accession.status != Accession.Status.UNDER_REVIEW:
        raise AlreadyDecided
    if updated:
        audit_record(actor=by, action="accession.review_started", target=accession)
    return accession


@transaction.atomic
def accession_decide(
    *,
    accession: Accession,
    by: User,
    approve: bool,
    reason: str,
    meeting_on: datetime.date | None = None,
) -> Accession:
    """Record the group's decision, exactly once.

    The decision is a conditional UPDATE on an open status, so when two members decide at the same
    moment one wins and the other gets ``AlreadyDecided``. Approving puts the organisation in the
    register (matched on its number), connects it from today and makes the applicant its
    representative. The applicant is told by email.
    """
    now = timezone.now()
    seen_status = accession.status
    new_status = Accession.Status.APPROVED if approve else Accession.Status.REJECTED
    updated = Accession.objects.filter(pk=accession.pk, status__in=Accession.OPEN_STATUSES).update(
        status=new_status,
        decided_at=now,
        decided_by=by,
        decision_reason=reason,
        decision_meeting_on=meeting_on,
    )
    if not updated:
        raise AlreadyDecided
    accession.refresh_from_db()
    organisation = accession.organisation
    if approve:
        organisation = _organisation_from_accession(accession)
        organisation.connected_since = timezone.localdate()
        organisation.withdrawn_on = None
        organisation.details_confirmed_at = now
        organisation.save()
        if accession.organisation_id != organisation.pk:
            accession.organisation = organisation
            accession.save(update_fields=["organisation"])
        if accession.applicant is not None and accession.applicant.is_active:
            Representation.objects.get_or_create(user=accession.applicant, organisation=organisation)
            forget_roles(accession.applicant)
    if organisation is not None:
        kind = OrganisationEvent.Kind.APPROVED if approve else OrganisationEvent.Kind.REJECTED
        organisation_event_add(organisation, kind, by, reason)
    audit_record(
        actor=by,
        action="accession.approved" if approve else "accession.rejected",
        target=accession,
        changes=audit_changes(
            {"status": seen_status},
            {"status": new_status, "decision_meeting_on": meeting_on},
        ),
        note=reason,
    )
    enqueue_on_commit(tasks.send_accession_decided, accession.pk)
    return accession


def _organisation_from_accession(accession: Accession) -> Organisation:
    organisation = accession.organisation
    if organisation is None and accession.org_number:
        organisation = Organisation.objects.filter(org_number=accession.org_number).first()
    if organisation is None:
        organisation = Organisation()
    for field in DETAIL_FIELDS:
        setattr(organisation, field, getattr(accession, field))
    organisation.save()
    organisation.priority_areas.set(accession.priority_areas.all())
    umbrellas_ask(
        member=organisation, umbrellas=accession.umbrella_organisations.all(), by=accession.applicant
    )
    return organisation
