"""Background work of journeys 1–4: sending the invitations in batches, the registration emails
(with an iCal file), the convener's capacity notices, and erasing needs after the conference.

Each task takes ids, reads the rows again and calls a service; each is safe to run twice.
"""

from celery import shared_task
from django.urls import reverse

from accounts.roles import CONVENER_GROUP
from overenskommelse.emails import (
    RETRY,
    absolute_url,
    send_templated_email,
)

ICAL_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def _send_one(
    name: str, address: str, context: dict, *, attachments=(), connection=None
) -> int:
    return send_templated_email(
        name, [address], context, attachments=attachments, connection=connection
    )


def _conference_context(conference) -> dict:
    return {
        "conference": conference,
        "conference_url": absolute_url(conference.get_absolute_url()),
        "programme_url": absolute_url(reverse("conferences:programme", kwargs={"pk": conference.pk})),
    }


# --- Invitations ----------------------------------------------------------------------------------


def send_invitation_email(invitation, *, connection=None) -> int:
    """The invitation with its personal link (called by ``services.invitation_sending_run``)."""
    context = {
        **_conference_context(invitation.conference),
        "invitation": invitation,
        "invitation_url": absolute_url(
            reverse("conferences:invitation_open", kwargs={"token": invitation.token})
        ),
    }
    return _send_one("conference-invitation", invitation.email, context, connection=connection)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=60 * 60,
    time_limit=60 * 60 + 60,
)
def send_invitations(sending_id: int) -> int:
    """Send the invitations of one sending (recorded in the database first). Returns the number
    sent by this sending so far."""
    from .services import invitation_sending_run

    return invitation_sending_run(sending_id=sending_id).sent


# --- Registrations -------------------------------------------------------------------------------


REGISTRATION_EMAILS = {
    "confirmed": "conference-confirmed",
    "waiting": "conference-waiting",
    "promoted": "conference-promoted",
    "cancelled": "conference-cancelled",
}


@shared_task(**RETRY)
def send_registration_email(registration_id: int, kind: str, dropped_session_ids=None) -> int:
    """Tell a person about their registration: confirmed (with an iCal file), on the waiting
    list, promoted from it (with an iCal file and any session that filled up meanwhile), or
    cancelled. Sent only while the registration still has that status."""
    from .models import Registration, Session
    from .selectors import conference_icalendar

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
        **_conference_context(conference),
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
    return _send_one(REGISTRATION_EMAILS[kind], registration.email, context, attachments=attachments)


@shared_task(**RETRY)
def send_capacity_reached(conference_id: int, percent: int) -> int:
    """Tell the convener that the confirmed places have reached ``percent`` of the capacity."""
    from accounts.models import User

    from .models import Conference
    from .selectors import conference_place_counts

    conference = Conference.objects.get(pk=conference_id)
    conveners = list(
        User.objects.filter(is_active=True, groups__name=CONVENER_GROUP).values_list("email", flat=True)
    )
    context = {
        **_conference_context(conference),
        "percent": percent,
        "counts": conference_place_counts(conference),
        "registrations_url": absolute_url(
            reverse("conferences:registration_list", kwargs={"pk": conference.pk})
        ),
    }
    return send_templated_email("conference-capacity", conveners, context)


# --- Privacy --------------------------------------------------------------------------------------


@shared_task
def erase_conference_needs() -> int:
    """Daily: erase the dietary and accessibility needs of conferences whose retention time has
    passed (the registration form promises it)."""
    from .services import needs_erase_due

    return needs_erase_due()
