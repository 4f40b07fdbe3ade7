"""Finding partners: interest in an initiative, its answer, and introductions."""


from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, Sector, User
from plumbing.outbox import enqueue_on_commit

from .. import tasks
from ..models import (
    Initiative,
    InitiativeParty,
    Interest,
    Introduction,
    PartyRequest,
)


@transaction.atomic
def interest_express(*, initiative: Initiative, organisation: Organisation, by: User, message: str) -> Interest:
    """A connected organisation (or a förvaltning) asks to join an initiative looking for partners."""
    if not organisation.representations.filter(user=by).exists():
        raise PermissionDenied
    if organisation.sector == Sector.IDEA_DRIVEN and not organisation.is_connected:
        raise ValidationError(
            _("Only organisations connected to the agreement can take part in initiatives. Apply to join first.")
        )
    if not initiative.looking_for_partners or initiative.state != Initiative.State.ACTIVE:
        raise ValidationError(_("This initiative is not looking for partners."))
    if initiative.parties.filter(organisation=organisation).exists():
        raise ValidationError(_("%(name)s already takes part.") % {"name": organisation.name})
    if initiative.interests.filter(organisation=organisation, status=Interest.Status.PENDING).exists():
        raise ValidationError(_("%(name)s has already expressed interest; the answer is pending.") % {"name": organisation.name})
    interest = Interest.objects.create(
        initiative=initiative, organisation=organisation, created_by=by, message=message
    )
    enqueue_on_commit(tasks.send_interest_received, interest.pk)
    return interest


@transaction.atomic
def interest_answer(*, interest: Interest, by: User, accept: bool, answer: str = "") -> Interest:
    """The initiative's parties accept (the organisation becomes a party) or decline, once."""
    status = Interest.Status.ACCEPTED if accept else Interest.Status.DECLINED
    updated = Interest.objects.filter(pk=interest.pk, status=Interest.Status.PENDING).update(
        status=status, answered_by=by, answered_at=timezone.now(), answer=answer
    )
    if not updated:
        raise ValidationError(_("This expression of interest has already been answered."))
    interest.refresh_from_db()
    if accept:
        InitiativeParty.objects.get_or_create(
            initiative=interest.initiative, organisation=interest.organisation, defaults={"added_by": by}
        )
        # It asked to join itself: a question still open to it is answered by that.
        interest.initiative.party_requests.filter(
            organisation=interest.organisation, status=PartyRequest.Status.PENDING
        ).update(status=PartyRequest.Status.ACCEPTED, answered_by=interest.created_by, answered_at=timezone.now())
    enqueue_on_commit(tasks.send_interest_answered, interest.pk)
    return interest


@transaction.atomic
def introduction_create(*, initiative: Initiative, organisation: Organisation, by: User, note: str) -> Introduction:
    """The convener puts an organisation in touch with an initiative; both sides get an email."""
    introduction = Introduction.objects.create(
        initiative=initiative, organisation=organisation, by=by, note=note
    )
    enqueue_on_commit(tasks.send_introduction, introduction.pk)
    return introduction
