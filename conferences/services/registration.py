"""State changes of journeys 2–4 (the set-up of a conference is in ``conference``): the invitation list and
its sending in the background, registrations with their waiting list.

Capacity is guarded here and only here: every change that gives or frees a place (registering,
changing sessions, cancelling, promoting, a new capacity) first locks the conference row with
``select_for_update``, so changes to one conference's places happen one at a time and the counts
they read are the truth. The partial unique constraint on (conference, email) guards last.

Emails are Celery tasks enqueued with ``transaction.on_commit``: nobody is told about a place that
was rolled back. The invitations are sent once per address through the ledger of emails sent once
(``plumbing.ledger``).
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import (
    Organisation,
    OrganisationKind,
    Sector,
    User,
    kinds_of_sector,
)
from accounts.selectors import role_group_emails
from plumbing.ledger import deliveries_sent, send_once
from plumbing.outbox import enqueue_on_commit
from plumbing.tasks import TaskNamed

from ..emails import send_invitation_email
from ..models import Conference, Invitation, InvitationSending, Registration, Session

__all__ = [
    "CAPACITY_THRESHOLDS",
    "INVITATION_BATCH_SIZE",
    "PURPOSE_INVITATION",
    "InvitationCandidate",
    "conference_lock",
    "invitation_add",
    "invitation_candidates",
    "invitation_list_build",
    "invitation_sending_run",
    "invitation_sending_start",
    "invitation_set_excluded",
    "needs_erase_due",
    "registration_cancel",
    "registration_colleagues_create",
    "registration_create",
    "registration_promote_waiting",
    "registration_update",
]

# The tasks this module enqueues (``conferences.tasks`` imports the services, not the other way).
SEND_INVITATIONS = TaskNamed("conferences.tasks.send_invitations")
SEND_CAPACITY_REACHED = TaskNamed("conferences.tasks.send_capacity_reached")
SEND_REGISTRATION_EMAIL = TaskNamed("conferences.tasks.send_registration_email")

# The convener is told once each when the confirmed places reach these shares of the capacity.
CAPACITY_THRESHOLDS = (50, 80, 100)
# Invitations are sent this many at a time over one connection to the mail server.
INVITATION_BATCH_SIZE = 50
# A sending that has shown no sign of life for this long is taken to have died with its worker (the
# sending as a whole; each invitation's claim expires in the ledger, ``plumbing.ledger``).
SENDING_STALE_AFTER = datetime.timedelta(minutes=30)
# What the invitation is, in the ledger of emails sent once (``plumbing.models.Delivery.purpose``),
# about the conference (``conference:<id>``): keep it as it is.
PURPOSE_INVITATION = "conference.invitation"



def _normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def conference_lock(conference: Conference) -> Conference:
    """The conference row, locked until the transaction ends (the guard of its places)."""
    return Conference.objects.select_for_update().get(pk=conference.pk)


def _confirmed_count(conference: Conference) -> int:
    """Places taken. Walk-ins on the day are let in even when full and do not take places."""
    return conference.registrations.filter(
        status=Registration.Status.CONFIRMED, is_walk_in=False
    ).count()



# --- Invitations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationCandidate:
    """An address the register says should be invited."""

    email: str
    name: str
    organisation_id: int | None
    source: str


def invitation_candidates() -> list[InvitationCandidate]:
    """Who the register says to invite, one entry per address (the first reason found wins):

    * every idea-driven organisation in the register with an address, connected or not (its own
      address, else its contact person's);
    * the chair and the vice chair of every nämnd;
    * the collaboration group and the convener.
    """
    candidates: dict[str, InvitationCandidate] = {}

    def add(email: str, name: str, organisation_id: int | None, source: str) -> None:
        email = _normalise_email(email)
        if email and email not in candidates:
            candidates[email] = InvitationCandidate(email, name, organisation_id, source)

    organisations = (
        Organisation.objects.filter(kind__in=kinds_of_sector(Sector.IDEA_DRIVEN))
        .filter(~Q(email="") | ~Q(contact_email=""))
        .order_by("name", "pk")
        .values_list("pk", "name", "email", "contact_email")
    )
    for pk, name, email, contact_email in organisations:
        add(email or contact_email, name, pk, Invitation.Source.ORGANISATION)
    committees = (
        Organisation.objects.filter(kind=OrganisationKind.COMMITTEE)
        .order_by("name", "pk")
        .values_list("pk", "chair_name", "chair_email", "vice_chair_name", "vice_chair_email")
    )
    for pk, chair, chair_email, vice, vice_email in committees:
        add(chair_email, chair, pk, Invitation.Source.CHAIR)
        add(vice_email, vice, pk, Invitation.Source.CHAIR)
    group = role_group_emails()
    names = dict(
        User.objects.filter(email__in=group).values_list("email", "full_name")
    )
    for email in sorted(group):
        add(email, names.get(email, ""), None, Invitation.Source.GROUP)
    return list(candidates.values())


@transaction.atomic
def invitation_list_build(*, conference: Conference, by: User) -> int:
    """Fill the invitation list from the register and return how many addresses were added.

    Run it again whenever the register has changed: it only adds addresses not on the list yet,
    so the convener's own additions stay, and a removed address stays removed."""
    conference_lock(conference)
    existing = {email.lower() for email in conference.invitations.values_list("email", flat=True)}
    new = [
        Invitation(
            conference=conference,
            email=candidate.email,
            name=candidate.name,
            organisation_id=candidate.organisation_id,
            source=candidate.source,
        )
        for candidate in invitation_candidates()
        if candidate.email not in existing
    ]
    # ignore_conflicts: the unique (conference, email) constraint guards last.
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def invitation_add(*, conference: Conference, by: User, email: str, name: str = "") -> Invitation:
    """The convener adds an address by hand (or puts a removed one back on the list). An address
    that belongs to an organisation in the register is linked to it, so its personal link fills
    in the organisation."""
    email = _normalise_email(email)
    invitation = conference.invitations.filter(email__iexact=email).first()
    if invitation is not None:
        if not invitation.excluded:
            raise ValidationError({"email": _("This address is already on the invitation list.")})
        invitation.excluded = False
        if name:
            invitation.name = name
        invitation.save(update_fields=["excluded", "name"])
        return invitation
    organisation = (
        Organisation.objects.filter(Q(email__iexact=email) | Q(contact_email__iexact=email))
        .order_by("pk")
        .first()
    )
    return Invitation.objects.create(
        conference=conference,
        email=email,
        name=name,
        organisation=organisation,
        source=Invitation.Source.MANUAL,
    )


@transaction.atomic
def invitation_set_excluded(*, invitation: Invitation, by: User, excluded: bool) -> Invitation:
    """Remove an address from the list (it is kept, marked removed, so a rebuild does not bring it
    back and its personal link stops working), or put it back."""
    invitation.excluded = excluded
    invitation.save(update_fields=["excluded"])
    return invitation


@transaction.atomic
def invitation_sending_start(*, conference: Conference, by: User) -> InvitationSending:
    """Start sending every invitation not sent yet, in the background. Returns the sending whose
    progress the convener follows; when one is already under way, that one."""
    conference = conference_lock(conference)
    if not conference.is_published:
        raise ValidationError(_("Publish the conference before you send the invitations."))
    if conference.has_taken_place:
        raise ValidationError(_("The conference has already taken place."))
    now = timezone.now()
    active = conference.sendings.filter(
        status__in=[InvitationSending.Status.QUEUED, InvitationSending.Status.RUNNING]
    ).first()
    if active is not None:
        if active.created_at > now - SENDING_STALE_AFTER:
            return active
        active.status = InvitationSending.Status.FAILED
        active.error = _("The sending stopped without finishing.")
        active.finished_at = now
        active.save(update_fields=["status", "error", "finished_at"])
    pending = conference.invitations.filter(excluded=False, sent_at__isnull=True).count()
    if not pending:
        raise ValidationError(_("There is no invitation left to send."))
    sending = InvitationSending.objects.create(conference=conference, total=pending, started_by=by)
    enqueue_on_commit(SEND_INVITATIONS, sending.pk)
    return sending


def _invitations_sent_from_ledger(conference: Conference, invitations: Sequence[Invitation]) -> int:
    """Copy to ``invitations`` the time the ledger says each was sent (the list, its counts and the
    attendance figures read ``Invitation.sent_at``). Returns how many were marked now: also one
    whose email a dead worker sent and marked in the ledger without getting this far."""
    sent = deliveries_sent(PURPOSE_INVITATION, conference).filter(address=Lower(OuterRef("email")))
    return (
        Invitation.objects.filter(pk__in=[invitation.pk for invitation in invitations], sent_at__isnull=True)
        .filter(Exists(sent))
        .update(sent_at=Subquery(sent.values("sent_at")[:1]))
    )


def _send_invitation(address: str, invitation: Invitation, connection) -> int:
    return send_invitation_email(invitation, connection=connection)


def invitation_sending_run(*, sending_id: int, batch_size: int = INVITATION_BATCH_SIZE) -> InvitationSending:
    """Send the invitations of a sending, ``batch_size`` at a time, counting ``sent`` as it goes.

    Each address gets its invitation once, through the ledger of emails sent once
    (``plumbing.ledger.send_once``, purpose ``conference.invitation`` about the conference): safe
    to run twice or side by side, and a worker killed in the middle of an email leaves a claim the
    next run (the redelivered task) takes once it has expired, so no address is lost either. Each
    batch then copies the ledger's times to ``Invitation.sent_at``. An error stops the run and is
    recorded; the unsent invitations stay unsent, and the convener can start a new sending."""
    sending = InvitationSending.objects.select_related("conference").get(pk=sending_id)
    if sending.status in (InvitationSending.Status.DONE, InvitationSending.Status.FAILED):
        return sending
    conference = sending.conference
    InvitationSending.objects.filter(pk=sending.pk).update(status=InvitationSending.Status.RUNNING)
    pending = Invitation.objects.filter(
        conference=conference, excluded=False, sent_at__isnull=True
    ).select_related("conference", "organisation")
    after = 0
    while True:
        batch = list(pending.filter(pk__gt=after).order_by("pk")[:batch_size])
        if not batch:
            break
        after = batch[-1].pk
        try:
            send_once(
                PURPOSE_INVITATION,
                conference,
                {invitation.email: invitation for invitation in batch},
                _send_invitation,
                batch_size=batch_size,
            )
        except Exception as error:  # noqa: BLE001 (any failure is recorded)
            InvitationSending.objects.filter(pk=sending.pk).update(
                sent=F("sent") + _invitations_sent_from_ledger(conference, batch),
                status=InvitationSending.Status.FAILED,
                error=f"{type(error).__name__}: {error}"[:2000],
                finished_at=timezone.now(),
            )
            sending.refresh_from_db()
            return sending
        InvitationSending.objects.filter(pk=sending.pk).update(
            sent=F("sent") + _invitations_sent_from_ledger(conference, batch)
        )
    # Counted afresh: a run that took over from a dead worker does not know what that one sent.
    sent_by_this_sending = Invitation.objects.filter(
        conference=conference, sent_at__gte=sending.created_at
    ).count()
    InvitationSending.objects.filter(pk=sending.pk).update(
        status=InvitationSending.Status.DONE, finished_at=timezone.now(), sent=sent_by_this_sending
    )
    sending.refresh_from_db()
    return sending


# --- Registrations --------------------------------------------------------------------------------


def _full_sessions(
    conference: Conference, sessions: Iterable[Session], *, holding: Registration | None = None
) -> list[Session]:
    """The sessions among ``sessions`` with no place left (confirmed registrations count; the
    place ``holding`` already has in a session is its own)."""
    limited = [s.pk for s in sessions if s.capacity is not None]
    if not limited:
        return []
    confirmed = Q(registrations__status=Registration.Status.CONFIRMED)
    if holding is not None:
        confirmed &= ~Q(registrations__pk=holding.pk)
    counted = Session.objects.filter(conference=conference, pk__in=limited).annotate(
        taken=Count("registrations", filter=confirmed, distinct=True)
    )
    return [session for session in counted if session.taken >= session.capacity]


def _check_sessions(
    conference: Conference,
    sessions: Sequence[Session],
    *,
    holding: Registration | None = None,
) -> list[Session]:
    """The sessions chosen, refused with a message when one belongs elsewhere or is full."""
    sessions = list(sessions)
    if any(session.conference_id != conference.pk for session in sessions):
        raise ValidationError({"sessions": _("Choose sessions of this conference.")})
    already = set(holding.sessions.values_list("pk", flat=True)) if holding and holding.pk else set()
    full = _full_sessions(conference, [s for s in sessions if s.pk not in already], holding=holding)
    if full:
        titles = ", ".join(f"“{session.title}”" for session in full)
        raise ValidationError(
            {
                "sessions": _(
                    "There is no place left in %(sessions)s. Choose another session, or register "
                    "without it."
                )
                % {"sessions": titles}
            },
            code="session_full",
        )
    return sessions


def _notify_capacity(conference: Conference) -> None:
    """Tell the convener once each time the confirmed places reach 50, 80 and 100 percent.
    The conference row is locked by the caller, so two registrations cannot both tell."""
    if not conference.capacity:
        return
    confirmed = _confirmed_count(conference)
    notified = set(conference.capacity_notified or [])
    reached = [
        threshold
        for threshold in CAPACITY_THRESHOLDS
        if threshold not in notified and confirmed * 100 >= threshold * conference.capacity
    ]
    if not reached:
        return
    conference.capacity_notified = sorted(notified | set(reached))
    conference.save(update_fields=["capacity_notified"])
    enqueue_on_commit(SEND_CAPACITY_REACHED, conference.pk, max(reached))


def _duplicate_error() -> ValidationError:
    return ValidationError(
        {
            "email": _(
                "This email address is already registered for the conference. Use the link in "
                "the confirmation email to change or cancel the registration."
            )
        },
        code="duplicate",
    )


@transaction.atomic
def registration_create(
    *,
    conference: Conference,
    name: str,
    email: str,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    sessions: Sequence[Session] = (),
    dietary_needs: str = "",
    accessibility_needs: str = "",
    on_participant_list: bool = False,
    invitation: Invitation | None = None,
    registered_by: User | None = None,
) -> Registration:
    """Register one person. Promises: never more confirmed places than the capacity (when the
    conference is full the registration goes to the waiting list, in order of arrival); one
    registration per email and conference; no place in a session that is full (refused with a
    message on ``sessions``). The person is emailed a confirmation (with an iCal file and the
    personal link) or a waiting-list message."""
    conference = conference_lock(conference)
    if not conference.registration_is_open:
        raise ValidationError(_("Registration for this conference is not open."), code="closed")
    email = _normalise_email(email)
    if conference.registrations.filter(email__iexact=email).exclude(
        status=Registration.Status.CANCELLED
    ).exists():
        raise _duplicate_error()
    sessions = _check_sessions(conference, sessions)
    if invitation is not None and organisation is None:
        organisation = invitation.organisation
    if organisation is not None and not organisation_name:
        organisation_name = organisation.name
    full = _confirmed_count(conference) >= conference.capacity
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                conference=conference,
                name=name.strip(),
                email=email,
                organisation=organisation,
                organisation_name=organisation_name.strip(),
                dietary_needs=dietary_needs.strip(),
                accessibility_needs=accessibility_needs.strip(),
                on_participant_list=on_participant_list,
                status=Registration.Status.WAITING if full else Registration.Status.CONFIRMED,
                waiting_since=timezone.now() if full else None,
                invitation=invitation,
                registered_by=registered_by,
            )
    except IntegrityError as error:  # the same address at the same moment (SQLite has no row lock)
        raise _duplicate_error() from error
    registration.sessions.set(sessions)
    if full:
        enqueue_on_commit(SEND_REGISTRATION_EMAIL, registration.pk, "waiting")
    else:
        enqueue_on_commit(SEND_REGISTRATION_EMAIL, registration.pk, "confirmed")
        _notify_capacity(conference)
    return registration


@transaction.atomic
def registration_colleagues_create(
    *,
    conference: Conference,
    by: User,
    organisation: Organisation,
    people: Sequence[tuple[str, str]],
) -> list[Registration]:
    """A representative registers several people of their organisation at once: all or none.
    Errors are keyed ``"people.<row>.email"`` (an address given twice or already registered)."""
    if not organisation.representations.filter(user=by).exists():
        raise PermissionDenied
    conference = conference_lock(conference)
    errors: dict[str, list] = {}
    seen: set[str] = set()
    for index, (_name, email) in enumerate(people):
        email = _normalise_email(email)
        if email in seen:
            errors[f"people.{index}.email"] = [_("This address is given twice.")]
        seen.add(email)
    registered = set(
        conference.registrations.exclude(status=Registration.Status.CANCELLED)
        .filter(email__in=seen)
        .values_list("email", flat=True)
    )
    for index, (_name, email) in enumerate(people):
        if _normalise_email(email) in registered:
            errors[f"people.{index}.email"] = [_("This person is already registered.")]
    if errors:
        raise ValidationError(errors)
    return [
        registration_create(
            conference=conference,
            name=name,
            email=email,
            organisation=organisation,
            registered_by=by,
        )
        for name, email in people
    ]


@transaction.atomic
def registration_update(
    *,
    registration: Registration,
    name: str,
    sessions: Sequence[Session],
    dietary_needs: str,
    accessibility_needs: str,
    on_participant_list: bool,
) -> Registration:
    """The person changes their registration through their personal link. A session they did not
    have is refused when it is full; a place they already hold is theirs."""
    conference = conference_lock(registration.conference)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(_("This registration has been cancelled."))
    if conference.has_taken_place:
        raise ValidationError(_("The conference has taken place; the registration can no longer be changed."))
    sessions = _check_sessions(conference, sessions, holding=registration)
    registration.name = name.strip()
    registration.dietary_needs = dietary_needs.strip()
    registration.accessibility_needs = accessibility_needs.strip()
    registration.on_participant_list = on_participant_list
    registration.save(
        update_fields=["name", "dietary_needs", "accessibility_needs", "on_participant_list", "updated_at"]
    )
    registration.sessions.set(sessions)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration) -> list[Registration]:
    """Cancel a registration (twice is the same as once). A confirmed place that is freed goes to
    the first on the waiting list, who is emailed. Returns the registrations promoted."""
    conference = conference_lock(registration.conference)
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status == Registration.Status.CANCELLED:
        return []
    was_confirmed = locked.status == Registration.Status.CONFIRMED
    locked.status = Registration.Status.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    registration.status = locked.status
    enqueue_on_commit(SEND_REGISTRATION_EMAIL, locked.pk, "cancelled")
    return registration_promote_waiting(conference=conference) if was_confirmed else []


def registration_promote_waiting(*, conference: Conference) -> list[Registration]:
    """Give the free places to the waiting list, first come first served, and email each person
    promoted. Sessions that filled up while they waited are taken off their registration (and the
    email says so). The caller holds the conference row lock (inside its transaction)."""
    if not transaction.get_connection().in_atomic_block:  # pragma: no cover - a programming error
        raise RuntimeError("registration_promote_waiting must run inside a transaction")
    conference = conference_lock(conference)
    promoted: list[Registration] = []
    free = conference.capacity - _confirmed_count(conference)
    if free <= 0:
        return promoted
    waiting = conference.registrations.filter(status=Registration.Status.WAITING).order_by(
        "waiting_since", "pk"
    )[:free]
    for registration in waiting:
        dropped = _full_sessions(conference, registration.sessions.all())
        if dropped:
            registration.sessions.remove(*dropped)
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        enqueue_on_commit(
            SEND_REGISTRATION_EMAIL,
            registration.pk,
            "promoted",
            [session.pk for session in dropped],
        )
        promoted.append(registration)
    if promoted:
        _notify_capacity(conference)
    return promoted


def needs_erase_due(*, today: datetime.date | None = None) -> int:
    """Erase the dietary and accessibility needs of every conference whose retention time after
    the conference has passed. Returns the number of conferences erased; running it again erases
    nothing new."""
    today = today or timezone.localdate()
    erased = 0
    for conference in Conference.objects.filter(needs_erased_at__isnull=True, ends_on__lt=today):
        if conference.ends_on + datetime.timedelta(days=conference.needs_retention_days) > today:
            continue
        with transaction.atomic():
            Registration.objects.filter(conference=conference).exclude(
                dietary_needs="", accessibility_needs=""
            ).update(dietary_needs="", accessibility_needs="")
            Conference.objects.filter(pk=conference.pk).update(needs_erased_at=timezone.now())
        erased += 1
    return erased
