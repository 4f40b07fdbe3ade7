"""State changes of the day and of afterwards: checking people in (to the conference and to a
session), walk-ins, documentation, and certificates of attendance made in the background.

Certificates are background jobs (``plumbing.jobs``): recorded in the database first, the task that
makes the PDF is handed to the broker after the commit; the task takes the certificate's id, claims
it and is safe to run twice. The windows after which a certificate counts as stuck are there.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from overenskommelse.selectors import agreement_current
from plumbing import pdf as pdf_rendering
from plumbing.jobs import (
    job_ask_again,
    job_claim,
    job_fail,
    job_finish,
    job_release,
    jobs_requeue_stuck,
)
from plumbing.outbox import publish, publish_on_commit
from plumbing.tasks import TaskNamed

from ..models import (
    Certificate,
    Conference,
    Document,
    Registration,
    Session,
    SessionAttendance,
    certificate_upload_to,
)
from ..selectors.attendance import training_attendances

logger = logging.getLogger(__name__)

__all__ = [
    "certificate_correct_name",
    "certificate_make",
    "certificate_needs_reissue",
    "certificate_request",
    "certificates_requeue_waiting",
    "document_create",
    "registration_check_in",
    "registration_walk_in",
    "session_attendance_set",
]

CONFIRMED = Registration.Status.CONFIRMED
# The task that makes a certificate (``conferences.tasks`` imports the services, not the other way;
# its name is the one it was first registered under).
MAKE_CERTIFICATE = TaskNamed("conferences.tasks_attendance.make_certificate", module="conferences.tasks")


def _confirmed(registration: Registration) -> None:
    if registration.status != CONFIRMED:
        raise ValidationError(_("Only confirmed registrations can be checked in."), code="not_confirmed")


# --- Check-in ------------------------------------------------------------------------------------


@transaction.atomic
def registration_check_in(*, registration: Registration, by: User, attended: bool) -> Registration:
    """Mark a confirmed registration as attended (now) or undo it.

    A second "attended" (a double tap, two helpers at once) keeps the first time. Undoing the
    check-in leaves the session attendances alone: they are undone on each session's list."""
    _confirmed(registration)
    now = timezone.now()
    rows = Registration.objects.filter(pk=registration.pk, status=CONFIRMED)
    if attended:
        rows.filter(checked_in_at__isnull=True).update(checked_in_at=now, updated_at=now)
    else:
        rows.exclude(checked_in_at__isnull=True).update(checked_in_at=None, updated_at=now)
    registration.refresh_from_db(fields=["checked_in_at", "updated_at"])
    logger.info(
        "Registration %s %s by user %s", registration.pk, "checked in" if attended else "check-in undone", by.pk
    )
    return registration


@transaction.atomic
def session_attendance_set(
    *, registration: Registration, session: Session, by: User, attended: bool
) -> SessionAttendance | None:
    """Record that a confirmed participant was in a session (or undo it). Being in a session means
    being at the conference, so it also checks them in to the conference if that was not done.

    Attendance at a training session is what a certificate of attendance rests on."""
    _confirmed(registration)
    if session.conference_id != registration.conference_id:
        raise ValidationError(_("The session belongs to another conference."), code="other_conference")
    if not attended:
        SessionAttendance.objects.filter(registration=registration, session=session).delete()
        return None
    attendance, _created = SessionAttendance.objects.get_or_create(registration=registration, session=session)
    if registration.checked_in_at is None:
        registration_check_in(registration=registration, by=by, attended=True)
    return attendance


def _organisation_named(name: str) -> Organisation | None:
    """The organisation in the register with exactly this name (ignoring case), if only one has it."""
    if not name:
        return None
    matches = list(Organisation.objects.filter(name__iexact=name)[:2])
    return matches[0] if len(matches) == 1 else None


@transaction.atomic
def registration_walk_in(
    *, conference: Conference, by: User, name: str, email: str = "", organisation_name: str = ""
) -> Registration:
    """Someone who did not register comes to the door: a confirmed, checked-in registration marked as
    a walk-in, whatever the capacity (walk-ins are counted apart from the registrations).

    The organisation is linked to the register when its name matches one organisation there. If the
    email address is on the waiting list, that registration is let in (as a walk-in); if it already
    has a confirmed place, nothing is added and the helper is told to find the person in the list."""
    name = name.strip()
    email = email.strip()
    organisation_name = organisation_name.strip()
    if not name:
        raise ValidationError({"name": _("Write the participant's name.")})
    now = timezone.now()
    if email:
        existing = (
            Registration.objects.select_for_update()
            .filter(conference=conference, email__iexact=email)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if existing is not None:
            if existing.status == CONFIRMED:
                raise ValidationError(
                    {
                        "email": _(
                            "%(name)s has already registered with this email address. Search for them in the list and mark them as attended."
                        )
                        % {"name": existing.name}
                    },
                    code="already_registered",
                )
            existing.status = CONFIRMED
            existing.waiting_since = None
            existing.is_walk_in = True
            existing.checked_in_at = existing.checked_in_at or now
            existing.save(update_fields=["status", "waiting_since", "is_walk_in", "checked_in_at", "updated_at"])
            return existing
    organisation = _organisation_named(organisation_name)
    try:
        with transaction.atomic():
            return Registration.objects.create(
                conference=conference,
                name=name,
                email=email,
                organisation=organisation,
                organisation_name="" if organisation else organisation_name,
                status=CONFIRMED,
                is_walk_in=True,
                checked_in_at=now,
                registered_by=by,
            )
    except IntegrityError as error:  # another helper added the same address a moment ago
        raise ValidationError(
            {"email": _("Someone with this email address has just been added. Search for them in the list.")},
            code="already_registered",
        ) from error


# --- Documentation -------------------------------------------------------------------------------


@transaction.atomic
def document_create(
    *,
    conference: Conference,
    by: User,
    title: str,
    file=None,
    notes: str = "",
    session: Session | None = None,
) -> Document:
    """Publish documentation of a conference: a PDF (checked by the form), notes, or both,
    optionally tied to one of its sessions. Shown on the conference page."""
    if not file and not notes.strip():
        raise ValidationError(_("Upload a PDF or write notes."), code="empty")
    if session is not None and session.conference_id != conference.pk:
        raise ValidationError({"session": _("The session belongs to another conference.")})
    document = Document(conference=conference, title=title.strip(), notes=notes.strip(), session=session)
    if file:
        document.file = file
    document.save()
    logger.info("Document %s added to conference %s by user %s", document.pk, conference.pk, by.pk)
    return document


# --- Certificates of attendance -------------------------------------------------------------------


def certificate_needs_reissue(certificate: Certificate | None, registration: Registration) -> bool:
    """The name was corrected after the certificate was made (or asked for)."""
    return certificate is not None and certificate.name_on_certificate != registration.name


@transaction.atomic
def certificate_correct_name(*, registration: Registration, name: str) -> Registration:
    """The participant corrects the spelling of their name through the certificate link (the
    registration's own link closes when the conference is over). A certificate already made keeps
    the old name until the participant asks for a new one."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Write your name.")})
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != CONFIRMED:
        raise ValidationError(_("This registration has been cancelled."), code="not_confirmed")
    if name != registration.name:
        logger.info("Registration %s: name corrected through the certificate link", registration.pk)
        registration.name = name
        registration.save(update_fields=["name", "updated_at"])
    return registration


def _enqueue(certificate_id: int) -> None:
    # The certificate row is the record; a broker that is down leaves it waiting for the requeue.
    publish_on_commit(MAKE_CERTIFICATE, certificate_id)


@transaction.atomic
def certificate_request(*, registration: Registration) -> Certificate:
    """Ask for the participant's certificate of attendance, made in the background.

    Only for a participant checked in to at least one training session (real attendance, not the
    sessions they signed up for). A ready certificate with the right name is kept as it is; one being
    made is left to finish (unless it is stuck: it waited or ran so long that its task was lost); a
    failed one, or one with an old name, is made again with the name the registration has now."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)  # one request at a time
    if registration.status != CONFIRMED or not training_attendances(registration).exists():
        raise ValidationError(
            _("A certificate can only be made for someone who was checked in to a training session."),
            code="no_training",
        )
    certificate = Certificate.objects.filter(registration=registration).first()
    if certificate is not None and certificate.name_on_certificate == registration.name:
        if certificate.is_done or (certificate.is_pending and not certificate.is_stuck):
            return certificate
    if certificate is None:
        certificate = Certificate.objects.create(registration=registration, name_on_certificate=registration.name)
    else:
        # A worker still making it with the old name loses its claim and throws its file away.
        job_ask_again(Certificate.objects.filter(pk=certificate.pk), name_on_certificate=registration.name)
        certificate.refresh_from_db()
    _enqueue(certificate.pk)
    return certificate


def _certificate_context(certificate: Certificate, attendances: list[SessionAttendance]) -> dict:

    registration = certificate.registration
    minutes = sum(
        int((attendance.session.ends_at - attendance.session.starts_at).total_seconds() // 60)
        for attendance in attendances  # the few training sessions of one person
    )
    return {
        "certificate": certificate,
        "name": certificate.name_on_certificate,
        "registration": registration,
        "conference": registration.conference,
        "attendances": attendances,
        "total_hours": minutes // 60,
        "total_minutes": minutes % 60,
        "agreement": agreement_current(),
        "issued_on": timezone.localdate(),
    }


def certificate_make(*, certificate_id: int, redelivered: bool = False) -> str:
    """Make the PDF of a waiting certificate and store it; record "done" or "failed" with the error.

    Safe to run twice and against a newer request: the worker claims the certificate first
    (``plumbing.jobs``), so only one makes it, and stores its result only if nobody asked again
    meanwhile (a corrected name) — otherwise its file is thrown away and the certificate is left to
    the newer task. ``redelivered``: the broker handed the task out again because its worker was
    lost, so a certificate left running by that worker is taken over. Returns what happened (the
    certificate's status when there was nothing to do)."""
    claim = job_claim(Certificate, certificate_id, redelivered=redelivered)
    if claim is None:
        status = Certificate.objects.filter(pk=certificate_id).values_list("status", flat=True).first()
        return str(status) if status else "missing"
    certificate = Certificate.objects.select_related("registration__conference").get(pk=certificate_id)
    previous = certificate.file.name
    try:
        attendances = list(training_attendances(certificate.registration))
        if not attendances:
            raise ValueError("The participant was not checked in to any training session.")
        with translation.override(settings.LANGUAGE_CODE):
            pdf = pdf_rendering.render_pdf("pdf/certificate.html", _certificate_context(certificate, attendances))
        stored = default_storage.save(certificate_upload_to(certificate, "intyg.pdf"), ContentFile(pdf))
    except Exception as error:
        logger.exception("Certificate %s could not be made", certificate.pk)
        if not job_fail(claim, error):
            job_release(claim)
        return "failed"
    if not job_finish(claim, file=stored):
        default_storage.delete(stored)
        job_release(claim)
        return "superseded"
    if previous and previous != stored:
        default_storage.delete(previous)
    return "done"


def certificates_requeue_waiting() -> int:
    """Send again every certificate that waited or ran too long (the broker may have been down when
    it was asked for, or its worker was lost): ``plumbing.jobs.jobs_requeue_stuck``. Run by a
    periodic task; the tasks are idempotent. Returns how many were sent."""
    return jobs_requeue_stuck(Certificate, lambda certificate_id: publish(MAKE_CERTIFICATE, [certificate_id]))
