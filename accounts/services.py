"""Every change of state in accounts: applications, decisions, withdrawals, representatives,
consent and erasure. Keyword-only, atomic, and each writes who/when/what to the history.

Emails are Celery tasks enqueued with ``transaction.on_commit``, so nobody is told about a change
that was rolled back.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from overenskommelse.audit import (
    audit_changes,
    audit_initial,
    audit_record,
    audit_snapshot,
)
from overenskommelse.models import Principle
from overenskommelse.outbox import enqueue_on_commit
from overenskommelse.selectors import agreement_current

from . import tasks
from .models import (
    Accession,
    Invitation,
    Organisation,
    OrganisationEvent,
    Representation,
    UmbrellaRequest,
    User,
)
from .roles import COLLABORATION_GROUP, CONVENER_GROUP, forget_roles


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


def _event(organisation: Organisation, kind: str, by: User | None, note: str = "") -> None:
    OrganisationEvent.objects.create(organisation=organisation, kind=kind, by=by, note=note)



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
    if not accession.org_number and not accession.has_no_org_number:
        missing.append(_("the organisation number, or that the organisation has none"))
    principles = Principle.objects.filter(agreement=agreement_current())
    if principles.exclude(pk__in=accession.principles_confirmed.values("pk")).exists():
        missing.append(_("a confirmation of every principle"))
    if not accession.democratic_values_confirmed:
        missing.append(_("a confirmation of the democratic values"))
    return missing


@transaction.atomic
def accession_submit(*, accession: Accession, by: User) -> Accession:
    """Send a complete draft to the collaboration group. The applicant gets a confirmation email.

    Raises ValidationError when something is missing or the number is already connected/pending.
    """
    accession = Accession.objects.select_for_update().get(pk=accession.pk)
    if accession.applicant_id != by.pk:
        raise PermissionDenied
    if accession.status != Accession.Status.DRAFT:
        raise ValidationError(_("This application has already been sent."))
    missing = accession_missing(accession=accession)
    if missing:
        raise ValidationError(_("Fill in %(missing)s before sending.") % {"missing": ", ".join(missing)})
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
        _event(accession.organisation, OrganisationEvent.Kind.APPLIED, by)
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
        _event(organisation, kind, by, reason)
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
    _umbrellas_ask(
        member=organisation, umbrellas=accession.umbrella_organisations.all(), by=accession.applicant
    )
    return organisation


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
            _event(organisation, OrganisationEvent.Kind.CONSENT_WITHDRAWN, by)
    if changed:
        _event(organisation, OrganisationEvent.Kind.DETAILS_CHANGED, by, _changed_labels(changed))
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


# --- Umbrella organisations: a member asks, the umbrella answers ---------------------------------


def _umbrellas_ask(*, member: Organisation, umbrellas, by: User | None) -> list[UmbrellaRequest]:
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
        _event(member, OrganisationEvent.Kind.UMBRELLA_ASKED, by, umbrella.name)
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
        _event(organisation, OrganisationEvent.Kind.UMBRELLA_LEFT, by, umbrella.name)
        _event(umbrella, OrganisationEvent.Kind.UMBRELLA_LEFT, by, organisation.name)
        audit_record(
            actor=by,
            action="organisation.umbrella_left",
            target=organisation,
            changes={"umbrella_organisations": {"before": umbrella.name, "after": None}},
        )
    organisation.umbrella_requests.filter(status=UmbrellaRequest.Status.PENDING).exclude(
        umbrella_id__in=wanted
    ).delete()
    _umbrellas_ask(member=organisation, umbrellas=wanted.values(), by=by)


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
    _event(request.member, kind, by, request.umbrella.name)
    _event(request.umbrella, kind, by, request.member.name)
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
    _event(organisation, OrganisationEvent.Kind.DETAILS_CONFIRMED, by)
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
    _event(organisation, kind, user)
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
    from .models import Withdrawal

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
    _event(organisation, OrganisationEvent.Kind.WITHDRAWN, by, reason)
    audit_record(
        actor=by,
        action="organisation.withdrawn",
        target=organisation,
        changes=audit_changes({"withdrawn_on": None}, {"withdrawn_on": effective_on}),
        note=reason,
    )
    enqueue_on_commit(tasks.send_withdrawal_filed, withdrawal.pk)
    return withdrawal


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
    _event(organisation, OrganisationEvent.Kind.REPRESENTATIVE_INVITED, by, email)
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
    _event(invitation.organisation, OrganisationEvent.Kind.REPRESENTATIVE_ADDED, user, user.email)
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
    _event(organisation, OrganisationEvent.Kind.DETAILS_CHANGED, by, _("Representative removed: %(email)s") % {"email": user.email})


def role_group_emails() -> list[str]:
    """Addresses of the collaboration group and the convener (for notifications)."""
    return list(
        User.objects.filter(
            is_active=True, groups__name__in=[CONVENER_GROUP, COLLABORATION_GROUP]
        )
        .values_list("email", flat=True)
        .distinct()
    )


DELETED_NAME = "Borttagen användare"


@transaction.atomic
def user_erase(*, user: User) -> None:
    """Erase a user's personal data but keep the records that must stay (received applications,
    decisions, history), which then point at a neutral "deleted user"."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    user = User.objects.select_for_update().get(pk=user.pk)
    Representation.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()
    # Drafts were never sent to the municipality, so they are not public records: delete them.
    for draft in Accession.objects.filter(applicant=user, status=Accession.Status.DRAFT):
        if draft.minutes_extract:
            draft.minutes_extract.delete(save=False)
        draft.delete()
    # The contact person's details in the register are theirs too; the received applications keep
    # what was sent, as public records.
    Organisation.objects.filter(contact_email__iexact=user.email).update(
        contact_name="", contact_email="", contact_phone="", contact_publish_consent_at=None
    )
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"borttagen-{user.pk}@invalid.invalid"
    user.full_name = DELETED_NAME
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    forget_roles(user)


# --- The convener's register: organisations added by hand, and the import of the local register ---
# (imports are local to these functions so this block stays self-contained at the end of the file)

# What the convener may set by hand in the register. The connection dates are not here: they come
# only from decisions on applications and from withdrawals.
REGISTER_FIELDS = DETAIL_FIELDS + (
    "parent",
    "chair_name",
    "chair_email",
    "vice_chair_name",
    "vice_chair_email",
    "in_local_register",
)


def organisation_parent_problem(
    *, kind: str, parent: Organisation | None, organisation: Organisation | None = None
) -> str | None:
    """Why ``parent`` cannot be what an organisation of this kind belongs to, or None if it can.

    A förvaltning always works under a nämnd; a municipal company may; nothing else has a parent.
    """
    from .models import OrganisationKind

    if parent is None:
        if kind == OrganisationKind.ADMINISTRATION:
            return _(
                "An administration (förvaltning) must belong to a committee (nämnd)."
            )
        return None
    if organisation is not None and organisation.pk and parent.pk == organisation.pk:
        return _("An organisation cannot belong to itself.")
    if parent.kind != OrganisationKind.COMMITTEE:
        return _("Only a committee (nämnd) can be chosen here.")
    if kind not in (
        OrganisationKind.ADMINISTRATION,
        OrganisationKind.MUNICIPAL_COMPANY,
    ):
        return _(
            "Only an administration (förvaltning) or a municipal company belongs to a committee."
        )
    return None


@transaction.atomic
def organisation_create(
    *,
    by: User,
    details: dict,
    priority_areas=(),
    umbrella_organisations=(),
) -> Organisation:
    """Add an organisation of any kind to the register by hand (the convener).

    ``details`` holds fields of ``REGISTER_FIELDS`` only. The number is stored in its canonical
    form and must be free; a förvaltning must have its nämnd as parent. The new organisation is not
    connected to the agreement. Raises ValidationError (with field names) when something is wrong.
    """
    from .orgnr import normalise_org_number

    unknown = set(details) - set(REGISTER_FIELDS)
    if unknown:
        raise TypeError(f"Not a register field: {', '.join(sorted(unknown))}")
    organisation = Organisation(**details)
    if organisation.org_number:
        try:
            organisation.org_number = normalise_org_number(organisation.org_number)
        except ValidationError as error:
            raise ValidationError({"org_number": error.messages}) from error
        if Organisation.objects.filter(org_number=organisation.org_number).exists():
            raise ValidationError(
                {
                    "org_number": _(
                        "Another organisation in the register already has this number."
                    )
                }
            )
    problem = organisation_parent_problem(
        kind=organisation.kind, parent=organisation.parent
    )
    if problem:
        raise ValidationError({"parent": problem})
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as error:  # somebody registered the number at the same moment
        raise ValidationError(
            {
                "org_number": _(
                    "Another organisation in the register already has this number."
                )
            }
        ) from error
    organisation.priority_areas.set(priority_areas)
    _umbrellas_ask(member=organisation, umbrellas=umbrella_organisations, by=by)
    with _portal_language():
        note = _("Added to the register.")
    _event(organisation, OrganisationEvent.Kind.DETAILS_CHANGED, by, note)
    audit_record(actor=by, action="organisation.created", target=organisation)
    return organisation


def _portal_language():
    """History notes are written in the portal's language, whoever's language is active."""
    from django.conf import settings
    from django.utils import translation

    return translation.override(settings.LANGUAGE_CODE)


def _register_import_plan(rows: list[dict]) -> list[dict]:
    """Match checked rows against the register, in one query, and say what importing would do.

    Each row gets ``action`` ("create", "update" or "skip"), ``changes`` (the fields an update
    sets) and ``organisation`` (the pk of the match). A row is matched on its organisation number;
    a row without number on its exact name (ignoring case) among organisations without number.
    Organisations connected to the agreement keep their own details: only empty fields are filled.
    """
    from django.db.models import Q

    numbers = set()
    for row in rows:
        row["errors"] = list(row.get("file_errors", row.get("errors", [])))
        row["file_errors"] = list(row["errors"])
        if not row["errors"] and row["values"]["org_number"]:
            numbers.add(row["values"]["org_number"])
    existing = Organisation.objects.filter(Q(org_number__in=numbers) | Q(org_number=""))
    by_number: dict[str, Organisation] = {}
    by_name: dict[str, list[Organisation]] = {}
    for organisation in existing:
        if organisation.org_number:
            by_number[organisation.org_number] = organisation
        else:
            by_name.setdefault(organisation.name.casefold(), []).append(organisation)

    for row in rows:
        row["action"], row["changes"], row["organisation"] = "skip", [], None
        if row["errors"]:
            continue
        values = row["values"]
        if values["org_number"]:
            match = by_number.get(values["org_number"])
        else:
            same_name = by_name.get(values["name"].casefold(), [])
            if len(same_name) > 1:
                row["errors"].append(
                    _(
                        "Several organisations in the register have this name and no "
                        "organisation number. Add the number to the row."
                    )
                )
                continue
            match = same_name[0] if same_name else None
        if match is None:
            row["action"] = "create"
            continue
        row["organisation"] = match.pk
        # Only what the file says is set: an empty cell never empties a field. An organisation
        # that has joined keeps its details itself, so for it the file only fills in what is empty.
        keeps_own = match.connected_since is not None
        row["changes"] = [
            field
            for field, value in values.items()
            if value
            and value != getattr(match, field)
            and not (keeps_own and getattr(match, field))
        ]
        if not match.in_local_register:
            row["changes"].append("in_local_register")
        row["action"] = "update" if row["changes"] else "skip"
    return rows


@transaction.atomic
def register_import_preview(*, file, by: User):
    """Read an uploaded register (CSV or .xlsx) and keep a preview of what importing would do.

    Nothing in the register changes. Each row carries its errors (missing name, invalid number or
    email or website, a number twice in the file), warnings (a number that does not fit the kind)
    and action. Raises ValidationError when the file itself cannot be read.
    """
    from . import register_import
    from .models import RegisterImport

    if file.size is not None and file.size > register_import.MAX_FILE_SIZE:
        raise ValidationError(_("The file is larger than 5 MB."))
    data = file.read(register_import.MAX_FILE_SIZE + 1)
    try:
        rows, ignored = register_import.parse(data, file.name)
    except register_import.ImportFileError as error:
        raise ValidationError(str(error)) from error
    rows = _register_import_plan(rows)
    return RegisterImport.objects.create(
        created_by=by,
        file_name=(file.name or "")[-255:],
        rows=rows,
        result={"ignored_columns": ignored, **register_import.summarise(rows)},
    )


@transaction.atomic
def register_import_apply(*, register_import, by: User):
    """Import the valid rows of a previewed file into the register, all or nothing.

    The rows are matched again against the register as it is now, so importing the same file
    twice creates no duplicates: the second time the rows are unchanged (or updated). New
    organisations come from the local register (``in_local_register``) and are not connected;
    an update sets only the fields the file fills in (for a connected organisation, which keeps
    its own details, only those still empty), never the connection dates. Rows with errors are
    skipped. Works in a fixed number of queries whatever the number of rows.
    """
    from . import register_import as reader
    from .models import RegisterImport

    register_import = RegisterImport.objects.select_for_update().get(
        pk=register_import.pk
    )
    if register_import.status != RegisterImport.Status.PREVIEW:
        raise ValidationError(
            _(
                "This file has already been imported. Upload it again to import it once more."
            )
        )
    rows = _register_import_plan(register_import.rows)
    now = timezone.now()
    with _portal_language():
        note = _("File: %(file)s") % {"file": register_import.file_name}

    new = []
    for row in rows:
        if row["action"] == "create":
            values = {field: value for field, value in row["values"].items() if value}
            values.setdefault("kind", reader.DEFAULT_KIND)
            new.append(Organisation(**values, in_local_register=True))
    matched_ids = [row["organisation"] for row in rows if row["action"] == "update"]
    matched = Organisation.objects.in_bulk(matched_ids)
    changed: list[Organisation] = []
    changed_fields: set[str] = set()
    update_notes: dict[int, str] = {}
    for row in rows:
        if row["action"] != "update":
            continue
        organisation = matched[row["organisation"]]
        for field in row["changes"]:
            setattr(
                organisation,
                field,
                True if field == "in_local_register" else row["values"][field],
            )
            changed_fields.add(field)
        organisation.updated_at = now
        changed.append(organisation)
        with _portal_language():
            update_notes[organisation.pk] = _(
                "Updated from the local register (%(fields)s). %(file)s"
            ) % {
                "fields": ", ".join(
                    str(Organisation._meta.get_field(field).verbose_name)
                    for field in row["changes"]
                ),
                "file": note,
            }
    try:
        with transaction.atomic():
            created = Organisation.objects.bulk_create(new)
    except IntegrityError as error:  # somebody registered one of the numbers meanwhile
        raise ValidationError(
            _(
                "The register changed while the file was imported. Upload the file again."
            )
        ) from error
    if changed:
        Organisation.objects.bulk_update(
            changed, sorted(changed_fields | {"updated_at"})
        )
    OrganisationEvent.objects.bulk_create(
        [
            OrganisationEvent(
                organisation=organisation,
                kind=OrganisationEvent.Kind.IMPORTED,
                by=by,
                at=now,
                note=note,
            )
            for organisation in created
        ]
        + [
            OrganisationEvent(
                organisation=organisation,
                kind=OrganisationEvent.Kind.DETAILS_CHANGED,
                by=by,
                at=now,
                note=update_notes[organisation.pk],
            )
            for organisation in changed
        ]
    )
    # Keep, for each row, the organisation it became, so the result page can link to it.
    created_iter = iter(created)
    for row in rows:
        if row["action"] == "create":
            row["organisation"] = next(created_iter).pk
    summary = reader.summarise(rows)
    register_import.rows = rows
    register_import.result = {
        **register_import.result,
        **summary,
        "created": summary["create"],
        "updated": summary["update"],
    }
    register_import.status = RegisterImport.Status.IMPORTED
    register_import.imported_at = now
    register_import.save(update_fields=["rows", "result", "status", "imported_at"])
    return register_import


# --- end of the register block ---
