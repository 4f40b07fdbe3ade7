"""Emails about initiatives: interest received, answered, step changed, introductions.
Each task takes ids, reads the rows again and is safe to run twice."""

from celery import shared_task

from accounts.models import User
from accounts.selectors import answerer_emails
from plumbing.emails import RETRY, absolute_url, send_templated_email

from .models import Initiative, Interest, Introduction, PartyRequest


def _party_addresses(initiative) -> list[str]:
    return list(
        User.objects.filter(
            is_active=True,
            representations__organisation__initiative_parties__initiative=initiative,
        )
        .values_list("email", flat=True)
        .distinct()
    )


def _organisation_addresses(organisation) -> list[str]:
    return list(
        organisation.representations.filter(user__is_active=True).values_list("user__email", flat=True)
    )


@shared_task(**RETRY)
def send_step_changed(initiative_id: int) -> int:
    initiative = Initiative.objects.get(pk=initiative_id)
    transition = initiative.transitions.select_related("by").order_by("-at", "-pk").first()
    context = {
        "initiative": initiative,
        "transition": transition,
        "initiative_url": absolute_url(initiative.get_absolute_url()),
    }
    return send_templated_email("initiative-step-changed", _party_addresses(initiative), context)


@shared_task(**RETRY)
def send_interest_received(interest_id: int) -> int:
    interest = Interest.objects.select_related("initiative", "organisation").get(pk=interest_id)
    context = {
        "interest": interest,
        "initiative_url": absolute_url(interest.initiative.get_absolute_url()),
    }
    return send_templated_email("interest-received", _party_addresses(interest.initiative), context)


@shared_task(**RETRY)
def send_interest_answered(interest_id: int) -> int:
    interest = Interest.objects.select_related("initiative", "organisation").get(pk=interest_id)
    context = {
        "interest": interest,
        "accepted": interest.status == Interest.Status.ACCEPTED,
        "initiative_url": absolute_url(interest.initiative.get_absolute_url()),
    }
    return send_templated_email("interest-answered", _organisation_addresses(interest.organisation), context)


@shared_task(**RETRY)
def send_introduction(introduction_id: int) -> int:
    introduction = Introduction.objects.select_related("initiative", "organisation").get(pk=introduction_id)
    context = {
        "introduction": introduction,
        "initiative_url": absolute_url(introduction.initiative.get_absolute_url()),
    }
    recipients = _party_addresses(introduction.initiative) + _organisation_addresses(introduction.organisation)
    if introduction.organisation.contact_email:
        recipients.append(introduction.organisation.contact_email)
    return send_templated_email("introduction", recipients, context)


@shared_task(**RETRY)
def send_party_request(request_id: int) -> int:
    """Tell an organisation named as a party that it is asked, and where it answers."""
    request = PartyRequest.objects.select_related("initiative", "organisation").get(pk=request_id)
    if request.status != PartyRequest.Status.PENDING:
        return 0
    context = {
        "request": request,
        "answer_url": absolute_url(request.initiative.get_absolute_url()) + "#party-requests",
    }
    return send_templated_email("party-request", answerer_emails(request.organisation), context)
