"""Background work of the conferences: sending the invitations in batches, the registration emails
(with an iCal file), the convener's capacity notices, erasing needs after the conference, and
making the certificates of attendance.

Each task takes ids, reads the rows again and calls a service; each is safe to run twice. A task
may run twice (tasks are acknowledged late, so a worker lost mid-task hands it to another; the outbox
may hand one over twice; a failed email retries): every email a task sends goes through the ledger of
emails sent once (``plumbing.ledger.send_once``), so nobody gets one twice. The purposes
(``PURPOSE_*``) and keys (``registration:<id>``, ``conference:<id>:<percent>``) are stored in the
ledger: keep them as they are. The invitations go through it in ``services.invitation_sending_run``.
"""

from celery import shared_task
from django.urls import reverse

from accounts.models import User
from accounts.roles import CONVENER_GROUP
from plumbing.emails import RETRY, absolute_url
from plumbing.jobs import task_redelivered
from plumbing.ledger import object_key, send_once

from .emails import ICAL_CONTENT_TYPE, conference_context, send_one
from .models import Conference, Registration, Session
from .selectors import conference_icalendar, conference_place_counts
from .services import (
    certificate_make,
    certificates_requeue_waiting,
    invitation_sending_run,
    needs_erase_due,
)

# --- Invitations ----------------------------------------------------------------------------------


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=60 * 60,
    time_limit=60 * 60 + 60,
)
def send_invitations(sending_id: int) -> int:
    """Send the invitations of one sending (recorded in the database first). Returns the number
    sent by this sending so far."""
    return invitation_sending_run(sending_id=sending_id).sent


# --- Registrations -------------------------------------------------------------------------------


REGISTRATION_EMAILS = {
    "confirmed": "conference-confirmed",
    "waiting": "conference-waiting",
    "promoted": "conference-promoted",
    "cancelled": "conference-cancelled",
}
# What each email is, in the ledger (``plumbing.models.Delivery.purpose``), about the registration:
# each happens once to a registration (confirmed or waiting when it is made, promoted from the
# waiting list once, cancelled for good; registering again makes a new registration).
PURPOSE_REGISTRATION = {kind: f"registration.{kind}" for kind in REGISTRATION_EMAILS}
# About ``conference:<id>:<percent>``: each convener is told once that a threshold is reached.
PURPOSE_CAPACITY = "conference.capacity"


@shared_task(**RETRY)
def send_registration_email(registration_id: int, kind: str, dropped_session_ids=None) -> int:
    """Tell a person about their registration: confirmed (with an iCal file), on the waiting
    list, promoted from it (with an iCal file and any session that filled up meanwhile), or
    cancelled. Sent only while the registration still has that status."""
    registration = (
        Registration.objects.select_related("conference", "organisation")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return 0
    expected = {
        "confirmed": Registration.Status.CONFIRMED,
        "promoted": Registration.Status.CONFIRMED,
        "waiting": Registration.Status.WAITING,
        "cancelled": Registration.Status.CANCELLED,
    }[kind]
    if registration.status != expected:
        return 0  # changed again before the email went: the later email tells the truth
    conference = registration.conference
    sessions = list(registration.sessions.order_by("starts_at", "pk"))
    context = {
        **conference_context(conference),
        "registration": registration,
        "sessions": sessions,
        "manage_url": absolute_url(
            reverse("conferences:registration_manage", kwargs={"token": registration.token})
        ),
        "cancel_url": absolute_url(
            reverse("conferences:registration_cancel", kwargs={"token": registration.token})
        ),
        "register_url": absolute_url(
            reverse("conferences:registration_create", kwargs={"pk": conference.pk})
        ),
        "dropped_sessions": list(
            Session.objects.filter(pk__in=dropped_session_ids or []).order_by("starts_at", "pk")
        ),
    }
    if kind == "waiting":
        context["position"] = (
            conference.registrations.filter(
                status=Registration.Status.WAITING, waiting_since__lt=registration.waiting_since
            ).count()
            + 1
        )
    attachments = ()
    if kind in ("confirmed", "promoted"):
        attachments = [
            (
                f"konferens-{conference.pk}.ics",
                conference_icalendar(conference, sessions=sessions),
                ICAL_CONTENT_TYPE,
            )
        ]

    def send(address: str, _what, connection) -> int:
        return send_one(REGISTRATION_EMAILS[kind], address, context, attachments=attachments, connection=connection)

    return send_once(PURPOSE_REGISTRATION[kind], registration, [registration.email], send)


@shared_task(**RETRY)
def send_capacity_reached(conference_id: int, percent: int) -> int:
    """Tell each convener, in their own email, that the confirmed places have reached ``percent`` of
    the capacity (once each per threshold, through the ledger)."""
    conference = Conference.objects.get(pk=conference_id)
    conveners = list(
        User.objects.filter(is_active=True, groups__name=CONVENER_GROUP).values_list("email", flat=True)
    )
    context = {
        **conference_context(conference),
        "percent": percent,
        "counts": conference_place_counts(conference),
        "registrations_url": absolute_url(
            reverse("conferences:registration_list", kwargs={"pk": conference.pk})
        ),
    }

    def send(address: str, _what, connection) -> int:
        return send_one("conference-capacity", address, context, connection=connection)

    return send_once(PURPOSE_CAPACITY, object_key(conference, percent), conveners, send)


# --- Privacy --------------------------------------------------------------------------------------


@shared_task
def erase_conference_needs() -> int:
    """Daily: erase the dietary and accessibility needs of conferences whose retention time has
    passed (the registration form promises it)."""
    return needs_erase_due()


# --- Certificates of attendance -----------------------------------------------------------------
# They were once tasks of their own module: the names they were registered under stay, as rows of
# the outbox and the beat schedule name them.

# Rendering one certificate takes about a second; these limits only catch a stuck WeasyPrint. The
# hard limit stays within CELERY_TASK_TIME_LIMIT, on which plumbing.jobs.RUNNING_STALE_AFTER rests.
PDF_LIMITS = {"soft_time_limit": 120, "time_limit": 180}


@shared_task(
    name="conferences.tasks_attendance.make_certificate",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    **PDF_LIMITS,
)
def make_certificate(self, certificate_id: int) -> str:
    """Make and store one certificate's PDF (see ``services.certificate_make``). A worker killed in
    the middle does not lose the task: the broker hands it out again, and the new run takes over
    the certificate the dead worker left running."""
    return certificate_make(certificate_id=certificate_id, redelivered=task_redelivered(self))


@shared_task(name="conferences.tasks_attendance.requeue_waiting_certificates")
def requeue_waiting_certificates() -> int:
    """Periodic: send again the certificates that waited or ran too long (``plumbing.jobs``)."""
    return certificates_requeue_waiting()
