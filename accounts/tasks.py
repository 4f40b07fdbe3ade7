"""Emails about applications, withdrawals and representatives. Each task takes ids, reads the rows
again and is safe to run twice (a retry sends the same message again, never to new people)."""

import datetime

from celery import shared_task
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from plumbing.emails import RETRY, absolute_url, send_templated_email

from .models import (
    Accession,
    Invitation,
    Organisation,
    Representation,
    UmbrellaRequest,
    Withdrawal,
)
from .selectors import answerer_emails, role_group_emails


def _group_addresses() -> list[str]:
    return role_group_emails()


@shared_task(**RETRY)
def send_umbrella_request(request_id: int) -> int:
    """Tell the umbrella organisation that an organisation says it is its member."""
    request = UmbrellaRequest.objects.select_related("member", "umbrella").get(pk=request_id)
    if request.status != UmbrellaRequest.Status.PENDING:
        return 0
    context = {
        "request": request,
        "answer_url": absolute_url(
            reverse("accounts:organisation_manage", kwargs={"pk": request.umbrella_id})
        )
        + "#member-requests",
    }
    return send_templated_email("umbrella-request", answerer_emails(request.umbrella), context)


@shared_task(**RETRY)
def send_accession_submitted(accession_id: int) -> int:
    accession = Accession.objects.select_related("applicant").get(pk=accession_id)
    context = {
        "accession": accession,
        "accession_url": absolute_url(accession.get_absolute_url()),
        "queue_url": absolute_url(reverse("accounts:accession_queue")),
    }
    sent = 0
    if accession.applicant and accession.applicant.is_active:
        sent += send_templated_email("accession-submitted", [accession.applicant.email], context)
    sent += send_templated_email("accession-received", _group_addresses(), context)
    return sent


@shared_task(**RETRY)
def send_accession_decided(accession_id: int) -> int:
    accession = Accession.objects.select_related("applicant", "organisation").get(pk=accession_id)
    if not accession.applicant or not accession.applicant.is_active:
        return 0
    context = {
        "accession": accession,
        "approved": accession.status == Accession.Status.APPROVED,
        "accession_url": absolute_url(accession.get_absolute_url()),
    }
    return send_templated_email("accession-decided", [accession.applicant.email], context)


@shared_task(**RETRY)
def send_withdrawal_filed(withdrawal_id: int) -> int:
    withdrawal = Withdrawal.objects.select_related("organisation").get(pk=withdrawal_id)
    representatives = list(
        withdrawal.organisation.representations.values_list("user__email", flat=True)
    )
    context = {
        "withdrawal": withdrawal,
        "organisation_url": absolute_url(
            reverse("accounts:organisation_manage", kwargs={"pk": withdrawal.organisation_id})
        ),
    }
    return send_templated_email("withdrawal-filed", _group_addresses() + representatives, context)


@shared_task(**RETRY)
def send_invitation(invitation_id: int) -> int:
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(pk=invitation_id)
    if invitation.accepted_at is not None:
        return 0
    context = {
        "invitation": invitation,
        "accept_url": absolute_url(
            reverse("accounts:invitation_accept", kwargs={"token": invitation.token})
        ),
    }
    return send_templated_email("invitation", [invitation.email], context)


# Asked at most once in this many days, however often the task runs.
CONFIRMATION_INTERVAL = datetime.timedelta(days=300)


@shared_task
def send_confirmation_requests() -> int:
    """Once a year, after the spring annual meetings: ask every connected organisation to confirm
    or update its details and contact person. Idempotent: an organisation asked within the last
    300 days is not asked again."""
    now = timezone.now()
    due = (
        Organisation.objects.connected()
        .exclude(confirmation_requested_at__gt=now - CONFIRMATION_INTERVAL)
        .prefetch_related(
            Prefetch("representations", queryset=Representation.objects.select_related("user"))
        )
    )
    sent = 0
    for organisation in due.iterator(chunk_size=200):
        # Mark first: if the worker dies after this, nobody gets the email twice.
        claimed = Organisation.objects.filter(pk=organisation.pk).exclude(
            confirmation_requested_at__gt=now - CONFIRMATION_INTERVAL
        ).update(confirmation_requested_at=now)
        if not claimed:
            continue
        addresses = [r.user.email for r in organisation.representations.all() if r.user.is_active]
        addresses.append(organisation.contact_email)
        context = {
            "organisation": organisation,
            "confirm_url": absolute_url(
                reverse("accounts:organisation_manage", kwargs={"pk": organisation.pk})
            ),
        }
        sent += send_templated_email("confirm-details", addresses, context)
    return sent
