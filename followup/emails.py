"""The emails of a follow-up round, each sent once per address: ``followup_emails_send`` claims every
address in ``FollowUpEmail`` before its email goes, so a task run twice, or retried after a crash,
never sends one address the same email twice. The tasks in ``tasks`` say what each email says.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from plumbing.emails import mail_connection

from .models import FollowUpEmail, FollowUpRound

__all__ = ["EMAIL_BATCH_SIZE", "EMAIL_CLAIM_EXPIRES_AFTER", "email_claim", "followup_emails_send"]

EMAIL_BATCH_SIZE = 50
# A claimed email still not sent after this long was being sent by a worker that died: the next run
# sends it. (No email takes this long; a redelivered task comes back after 10 minutes.)
EMAIL_CLAIM_EXPIRES_AFTER = datetime.timedelta(minutes=5)


def email_claim(followup_round: FollowUpRound, kind: str, address: str, now) -> FollowUpEmail | None:
    """Take ``address`` for this run: a new claim, or one a dead run left unsent that has expired.
    None when it is sent, or being sent by another run."""
    try:
        with transaction.atomic():
            return FollowUpEmail.objects.create(followup_round=followup_round, kind=kind, email=address, claimed_at=now)
    except IntegrityError:
        pass
    expired = FollowUpEmail.objects.filter(
        followup_round=followup_round,
        kind=kind,
        email=address,
        sent_at__isnull=True,
        claimed_at__lt=now - EMAIL_CLAIM_EXPIRES_AFTER,
    )
    if expired.update(claimed_at=now):
        return FollowUpEmail.objects.get(followup_round=followup_round, kind=kind, email=address)
    return None


def followup_emails_send(
    *,
    followup_round: FollowUpRound,
    kind: str,
    recipients: dict[str, dict],
    send: Callable[[str, dict, object], int],
    batch_size: int = EMAIL_BATCH_SIZE,
) -> int:
    """Send one email of ``kind`` to each address of ``recipients`` (address → what its email
    says), ``batch_size`` over one mail connection, each address claimed in ``FollowUpEmail``
    before its email goes and marked sent once the mail server took it: run twice, or side by side,
    no address gets it twice. A worker killed in the middle of an email leaves its claim unsent;
    once it has expired the next run (the redelivered task) sends it, so no address is lost. A
    failure unclaims the address and is raised (the task retries; the addresses already sent stay
    sent). Returns the number sent by this run."""

    addresses = sorted(recipients)
    now = timezone.now()
    taken = set(
        FollowUpEmail.objects.filter(followup_round=followup_round, kind=kind)
        .filter(Q(sent_at__isnull=False) | Q(claimed_at__gte=now - EMAIL_CLAIM_EXPIRES_AFTER))
        .values_list("email", flat=True)
    )
    addresses = [address for address in addresses if address not in taken]
    sent = 0
    for start in range(0, len(addresses), batch_size):
        batch = addresses[start : start + batch_size]
        with mail_connection() as connection:
            for address in batch:
                claim = email_claim(followup_round, kind, address, timezone.now())
                if claim is None:
                    continue  # sent, or being sent by another run
                try:
                    send(address, recipients[address], connection)
                except Exception:
                    claim.delete()
                    raise
                FollowUpEmail.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
                sent += 1
    return sent
