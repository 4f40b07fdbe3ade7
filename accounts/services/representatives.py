"""An organisation's representatives: inviting colleagues, accepting, and ending a representation."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plumbing.audit import (
    audit_record,
)
from plumbing.outbox import enqueue_on_commit

from .. import tasks
from ..models import (
    Invitation,
    Organisation,
    OrganisationEvent,
    Representation,
    User,
)
from ..roles import forget_roles
from .history import organisation_event_add


@transaction.atomic
def invitation_create(*, organisation: Organisation, by: User, email: str) -> Invitation:
    """Invite a colleague by email to represent the organisation too."""
    email = email.strip().lower()
    if organisation.representations.filter(user__email__iexact=email).exists():
        raise ValidationError(_("This person already represents the organisation."))
    still_valid = timezone.now() - datetime.timedelta(days=Invitation.VALID_DAYS)
    if organisation.invitations.filter(
        email__iexact=email, accepted_at__isnull=True, created_at__gt=still_valid
    ).exists():
        raise ValidationError(_("An invitation to this address is already waiting to be accepted."))
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, invited_by=by, token=secrets.token_urlsafe(32)
    )
    organisation_event_add(organisation, OrganisationEvent.Kind.REPRESENTATIVE_INVITED, by, email)
    enqueue_on_commit(tasks.send_invitation, invitation.pk)
    return invitation


def invitation_problem(*, invitation: Invitation, user: User) -> str | None:
    """Why this user cannot accept this invitation (used, expired, another address), or None."""
    if invitation.accepted_at is not None:
        return _("This invitation has already been used.")
    if invitation.is_expired:
        return _("This invitation has expired. Ask the organisation's representative for a new one.")
    if invitation.email.lower() != user.email.lower():
        return _(
            "The invitation was sent to %(email)s, but you are logged in as %(current)s. "
            "Log in with the address the invitation was sent to."
        ) % {"email": invitation.email, "current": user.email}
    return None


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Representation:
    """The invited person, logged in with the invited address, becomes a representative."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation_problem(invitation=invitation, user=user)
    if problem:
        raise ValidationError(problem)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    representation, _created = Representation.objects.get_or_create(
        user=user, organisation=invitation.organisation
    )
    forget_roles(user)
    organisation_event_add(invitation.organisation, OrganisationEvent.Kind.REPRESENTATIVE_ADDED, user, user.email)
    audit_record(
        actor=user,
        action="representation.added",
        target=invitation.organisation,
        note=user.email,
    )
    return representation


@transaction.atomic
def representation_end(*, representation: Representation, by: User) -> None:
    """A representative leaves (or is removed); the last one cannot leave an organisation alone."""
    organisation = representation.organisation
    if organisation.representations.count() <= 1:
        raise ValidationError(
            _("An organisation must have at least one representative. Invite someone else first.")
        )
    user = representation.user
    representation.delete()
    forget_roles(user)
    audit_record(actor=by, action="representation.ended", target=organisation, note=user.email)
    organisation_event_add(organisation, OrganisationEvent.Kind.DETAILS_CHANGED, by, _("Representative removed: %(email)s") % {"email": user.email})
