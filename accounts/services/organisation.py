"""An organisation's own details: changes, umbrella memberships, confirmation, the contact
person's consent, and withdrawal from the agreement."""

import datetime

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plumbing.audit import (
    audit_changes,
    audit_initial,
    audit_record,
    audit_snapshot,
)
from plumbing.outbox import enqueue_on_commit

from .. import tasks
from ..models import (
    Organisation,
    OrganisationEvent,
    Representation,
    UmbrellaRequest,
    User,
    Withdrawal,
)
from .history import organisation_event_add


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, by: User, changed: list[str], before: dict | None = None
) -> Organisation:
    """Record that a representative or the convener changed the organisation's details, in its
    history and in the audit log (``before``: the earlier values of the changed fields, e.g. the
    form's ``initial``).

    A changed contact email ends the old contact person's consent to be shown publicly.
    """
    if "contact_email" in changed or "contact_name" in changed:
        if organisation.contact_publish_consent_at is not None:
            organisation.contact_publish_consent_at = None
            organisation.save(update_fields=["contact_publish_consent_at"])
            organisation_event_add(organisation, OrganisationEvent.Kind.CONSENT_WITHDRAWN, by)
    if changed:
        organisation_event_add(organisation, OrganisationEvent.Kind.DETAILS_CHANGED, by, _changed_labels(changed))
        audit_record(
            actor=by,
            action="organisation.changed",
            target=organisation,
            changes=audit_changes(
                audit_initial(Organisation, {name: (before or {}).get(name) for name in changed}),
                audit_snapshot(organisation, changed),
            ),
        )
    return organisation


CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")


@transaction.atomic
def organisation_contact_from_representative(
    *, organisation: Organisation, representation: Representation, by: User
) -> Organisation:
    """Make one of the organisation's representatives its contact person for the agreement: their
    name and email become the contact person's (the phone is kept only when the person stays the
    same). Recorded like any change of the details, so a new person's public consent is not
    assumed (``organisation_update``)."""
    if representation.organisation_id != organisation.pk:
        raise ValidationError(_("Choose one of the organisation's representatives."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    user = representation.user
    before = {name: getattr(organisation, name) for name in CONTACT_FIELDS}
    same_person = organisation.contact_email.lower() == user.email.lower()
    organisation.contact_name = user.full_name or user.email
    organisation.contact_email = user.email
    if not same_person:
        organisation.contact_phone = ""
    changed = [name for name in CONTACT_FIELDS if getattr(organisation, name) != before[name]]
    if changed:
        organisation.save(update_fields=[*changed, "updated_at"])
        organisation_update(organisation=organisation, by=by, changed=changed, before=before)
    return organisation


# --- Umbrella organisations: a member asks, the umbrella answers ---------------------------------


def umbrellas_ask(*, member: Organisation, umbrellas, by: User | None) -> list[UmbrellaRequest]:
    """Ask each umbrella not yet confirmed or asked to list ``member``; accepted at once where
    ``by`` represents the umbrella too."""
    confirmed = set(member.umbrella_organisations.values_list("pk", flat=True))
    pending = set(
        member.umbrella_requests.filter(status=UmbrellaRequest.Status.PENDING).values_list(
            "umbrella_id", flat=True
        )
    )
    own = set(by.representations.values_list("organisation_id", flat=True)) if by else set()
    asked = []
    for umbrella in umbrellas:
        if umbrella.pk == member.pk or umbrella.pk in confirmed or umbrella.pk in pending:
            continue
        request = UmbrellaRequest.objects.create(member=member, umbrella=umbrella, asked_by=by)
        organisation_event_add(member, OrganisationEvent.Kind.UMBRELLA_ASKED, by, umbrella.name)
        if umbrella.pk in own:
            _umbrella_decide(request=request, by=by, accept=True)
        else:
            enqueue_on_commit(tasks.send_umbrella_request, request.pk)
        asked.append(request)
    return asked


@transaction.atomic
def umbrella_memberships_set(*, organisation: Organisation, umbrellas, by: User) -> None:
    """What a member (or the convener for it) says about its umbrella organisations.

    Promises: a newly named umbrella is only asked (``UmbrellaRequest``, pending) and the member
    is listed publicly once the umbrella accepts, at once when ``by`` represents the umbrella too;
    an umbrella left out is no longer claimed (a confirmed membership ends, a pending request is
    taken back). Each change is in both organisations' history.
    """
    wanted = {umbrella.pk: umbrella for umbrella in umbrellas if umbrella.pk != organisation.pk}
    for umbrella in organisation.umbrella_organisations.exclude(pk__in=wanted):
        organisation.umbrella_organisations.remove(umbrella)
        organisation_event_add(organisation, OrganisationEvent.Kind.UMBRELLA_LEFT, by, umbrella.name)
        organisation_event_add(umbrella, OrganisationEvent.Kind.UMBRELLA_LEFT, by, organisation.name)
        audit_record(
            actor=by,
            action="organisation.umbrella_left",
            target=organisation,
            changes={"umbrella_organisations": {"before": umbrella.name, "after": None}},
        )
    organisation.umbrella_requests.filter(status=UmbrellaRequest.Status.PENDING).exclude(
        umbrella_id__in=wanted
    ).delete()
    umbrellas_ask(member=organisation, umbrellas=wanted.values(), by=by)


def _umbrella_decide(*, request: UmbrellaRequest, by: User, accept: bool) -> UmbrellaRequest:
    status = UmbrellaRequest.Status.ACCEPTED if accept else UmbrellaRequest.Status.DECLINED
    updated = UmbrellaRequest.objects.filter(
        pk=request.pk, status=UmbrellaRequest.Status.PENDING
    ).update(status=status, answered_by=by, answered_at=timezone.now())
    if not updated:
        raise ValidationError(_("This request has already been answered."))
    request.refresh_from_db()
    if accept:
        request.member.umbrella_organisations.add(request.umbrella)
    kind = OrganisationEvent.Kind.UMBRELLA_ACCEPTED if accept else OrganisationEvent.Kind.UMBRELLA_DECLINED
    organisation_event_add(request.member, kind, by, request.umbrella.name)
    organisation_event_add(request.umbrella, kind, by, request.member.name)
    audit_record(
        actor=by,
        action="organisation.umbrella_accepted" if accept else "organisation.umbrella_declined",
        target=request.umbrella,
        note=request.member.name,
    )
    return request


@transaction.atomic
def umbrella_request_answer(*, request: UmbrellaRequest, by: User, accept: bool) -> UmbrellaRequest:
    """The umbrella organisation accepts (the member is then listed publicly as its member) or
    declines a request, once. Only its representatives answer, or the convener while it has none
    (PermissionDenied otherwise); a request already answered raises ValidationError."""
    if not by.has_perm("accounts.answer_umbrella_request", request):
        raise PermissionDenied
    return _umbrella_decide(request=request, by=by, accept=accept)


def _changed_labels(changed: list[str]) -> str:
    """The changed fields by their names in the portal's language, for the history."""
    labels = []
    with translation.override(settings.LANGUAGE_CODE):
        for name in changed:
            try:
                labels.append(str(Organisation._meta.get_field(name).verbose_name))
            except FieldDoesNotExist:
                labels.append(name)
    return ", ".join(labels)


@transaction.atomic
def organisation_confirm_details(*, organisation: Organisation, by: User) -> Organisation:
    """The yearly check: a representative says the details and contact person are current."""
    organisation.details_confirmed_at = timezone.now()
    organisation.save(update_fields=["details_confirmed_at", "updated_at"])
    organisation_event_add(organisation, OrganisationEvent.Kind.DETAILS_CONFIRMED, by)
    return organisation


@transaction.atomic
def contact_consent_set(*, organisation: Organisation, user: User, consent: bool) -> Organisation:
    """Only the contact person themself (logged in with the contact email) gives or takes back
    consent to be shown on the public profile; the date is recorded."""
    if not organisation.contact_email or organisation.contact_email.lower() != user.email.lower():
        raise PermissionDenied
    organisation.contact_publish_consent_at = timezone.now() if consent else None
    organisation.save(update_fields=["contact_publish_consent_at", "updated_at"])
    kind = OrganisationEvent.Kind.CONSENT_GIVEN if consent else OrganisationEvent.Kind.CONSENT_WITHDRAWN
    organisation_event_add(organisation, kind, user)
    return organisation


@transaction.atomic
def withdrawal_file(
    *,
    organisation: Organisation,
    by: User,
    effective_on: datetime.date,
    reason: str,
    signatory_name: str,
    signatory_role: str,
):
    """File the organisation's written notice of withdrawal. It leaves the public list from the
    date given; its history and initiatives stay. The group and the convener are told."""

    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation.is_connected:
        raise ValidationError(_("The organisation is not connected to the agreement."))
    if organisation.withdrawn_on is not None:
        raise ValidationError(_("A notice of withdrawal has already been filed."))
    if effective_on < timezone.localdate():
        raise ValidationError(_("The date cannot be in the past."))
    withdrawal = Withdrawal.objects.create(
        organisation=organisation,
        filed_by=by,
        effective_on=effective_on,
        reason=reason,
        signatory_name=signatory_name,
        signatory_role=signatory_role,
    )
    organisation.withdrawn_on = effective_on
    organisation.save(update_fields=["withdrawn_on", "updated_at"])
    organisation_event_add(organisation, OrganisationEvent.Kind.WITHDRAWN, by, reason)
    audit_record(
        actor=by,
        action="organisation.withdrawn",
        target=organisation,
        changes=audit_changes({"withdrawn_on": None}, {"withdrawn_on": effective_on}),
        note=reason,
    )
    enqueue_on_commit(tasks.send_withdrawal_filed, withdrawal.pk)
    return withdrawal
