"""The conferences' emails that a service sends itself (the invitations, sent in batches over one
connection by ``services.invitation_sending_run``) and what every conference email says about its
conference. The Celery tasks in ``tasks`` send the others."""

from django.urls import reverse

from plumbing.emails import absolute_url, send_templated_email

ICAL_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def send_one(name: str, address: str, context: dict, *, attachments=(), connection=None) -> int:
    """One email to one address (its own message, over ``connection`` when given)."""
    return send_templated_email(name, [address], context, attachments=attachments, connection=connection)


def conference_context(conference) -> dict:
    """What every email about a conference links to: its page and its programme."""
    return {
        "conference": conference,
        "conference_url": absolute_url(conference.get_absolute_url()),
        "programme_url": absolute_url(reverse("conferences:programme", kwargs={"pk": conference.pk})),
    }


def send_invitation_email(invitation, *, connection=None) -> int:
    """The invitation with its personal link (called by ``services.invitation_sending_run``)."""
    context = {
        **conference_context(invitation.conference),
        "invitation": invitation,
        "invitation_url": absolute_url(
            reverse("conferences:invitation_open", kwargs={"token": invitation.token})
        ),
    }
    return send_one("conference-invitation", invitation.email, context, connection=connection)
