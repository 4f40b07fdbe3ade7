"""The ledger of emails sent once (``models.Delivery``): the one way the portal sends an email "exactly
once" per address, whatever it is about (a follow-up round's invitations and reminders, a meeting's
invitation of each ``sequence`` and its cancellation, the reminder about missing minutes, the email
to a person appointed to a seat, a conference's invitations, registration emails and capacity
notices).

An email is one ``purpose`` ("followup.invitation") about one object (``object_key``: ``round:12``,
``meeting:7:seq2``) to one address. ``send_once`` claims the address before its email goes and
marks it sent once the mail server took it, so:

* a task run twice, or two runs side by side, send each address the email once (the unique
  constraint on purpose, object and address guards last);
* a failure releases the claim and is raised (the task retries; what was sent stays sent);
* a worker killed in the middle of an email leaves its claim unsent: once the claim is older than
  ``CLAIM_EXPIRES_AFTER`` the next run (the redelivered task) takes it and sends it, so no address
  is lost. (Only a kill in the instant between the mail server taking the email and ``sent_at``
  being written sends that one address twice.)

``deliveries_sent`` is the read for a page that shows what went out. The plumbing imports no app of
ours: the apps give the purpose, the object and the ``send`` function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from .emails import mail_connection
from .jobs import CLAIM_EXPIRES_AFTER
from .models import Delivery

__all__ = [
    "BATCH_SIZE",
    "CLAIM_EXPIRES_AFTER",
    "deliveries_sent",
    "delivery_claim",
    "delivery_mark_sent",
    "delivery_release",
    "normalise_address",
    "object_key",
    "send_once",
]

# Emails sent over one connection to the mail server.
BATCH_SIZE = 50
# ``CLAIM_EXPIRES_AFTER`` (how long the claim of a worker that died holds its address) is defined
# with every other window of the background work, in ``jobs``.


def object_key(obj: models.Model | str, *parts: object) -> str:
    """The stored name of what an email is about: ``<model name>:<id>``, then ``parts`` (what tells
    one sending about the object from another, e.g. a meeting's ``seq2``), joined by ``:``. A key
    given as a string is taken as it is (and ``parts`` added). The app label is left out on purpose:
    a model moved to another app keeps its deliveries."""
    if isinstance(obj, str):
        base = obj
    else:
        if obj.pk is None:
            raise ValueError("An unsaved object has no key in the ledger.")
        base = f"{obj._meta.model_name}:{obj.pk}"
    return ":".join([base, *(str(part) for part in parts)])


def normalise_address(address: str) -> str:
    """An email address as the ledger stores it: stripped, lower case (one person, one row)."""
    return (address or "").strip().lower()


def delivery_claim(*, purpose: str, obj: models.Model | str, address: str, now=None) -> Delivery | None:
    """Take ``address`` for this run: a new claim, or one left unsent by a dead run whose claim has
    expired. None when the email is sent, or being sent by another run now."""
    now = now or timezone.now()
    key = object_key(obj)
    address = normalise_address(address)
    try:
        with transaction.atomic():
            return Delivery.objects.create(purpose=purpose, object_key=key, address=address, claimed_at=now)
    except IntegrityError:
        pass
    expired = Delivery.objects.filter(
        purpose=purpose,
        object_key=key,
        address=address,
        sent_at__isnull=True,
        claimed_at__lt=now - CLAIM_EXPIRES_AFTER,
    )
    if expired.update(claimed_at=now):
        return Delivery.objects.get(purpose=purpose, object_key=key, address=address)
    return None


def delivery_mark_sent(*, delivery: Delivery, now=None) -> None:
    """The mail server took the email: it is never sent again."""
    delivery.sent_at = now or timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(sent_at=delivery.sent_at)


def delivery_release(*, delivery: Delivery) -> None:
    """The email did not go: give the address back, so the next run sends it. Only this run's claim
    is released (not one another run took over after this one's expired), never a sent one."""
    Delivery.objects.filter(pk=delivery.pk, claimed_at=delivery.claimed_at, sent_at__isnull=True).delete()


def send_once(
    purpose: str,
    obj: models.Model | str,
    recipients: Mapping[str, Any] | Iterable[str],
    send: Callable[[str, Any, Any], object],
    *,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Send the email ``purpose`` about ``obj`` to each address of ``recipients`` that has not had
    it: ``send(address, what, connection)`` sends one, where ``what`` is the address's value in
    ``recipients`` (a mapping address → what its email says) or None (an iterable of addresses).
    ``batch_size`` emails go over one mail connection. Each address is claimed before its email
    goes and marked sent after, so no address gets it twice, run twice or side by side; a failure
    releases the address and is raised (the addresses already sent stay sent); a claim of a dead
    worker is taken by the next run once it has expired. Returns the number sent by this run."""
    key = object_key(obj)
    items = recipients.items() if isinstance(recipients, Mapping) else ((address, None) for address in recipients)
    wanted: dict[str, Any] = {}
    for address, what in items:
        wanted.setdefault(normalise_address(address), (address, what))
    wanted.pop("", None)
    # One read skips what is sent or being sent; each claim below still decides for itself.
    taken = set(
        Delivery.objects.filter(purpose=purpose, object_key=key, address__in=list(wanted))
        .filter(Q(sent_at__isnull=False) | Q(claimed_at__gte=timezone.now() - CLAIM_EXPIRES_AFTER))
        .values_list("address", flat=True)
    )
    addresses = sorted(address for address in wanted if address not in taken)
    sent = 0
    for start in range(0, len(addresses), batch_size):
        batch = addresses[start : start + batch_size]
        with mail_connection() as connection:
            for address in batch:
                delivery = delivery_claim(purpose=purpose, obj=key, address=address)
                if delivery is None:
                    continue  # sent, or being sent by another run
                given, what = wanted[address]
                try:
                    send(given, what, connection)
                except Exception:
                    delivery_release(delivery=delivery)
                    raise
                delivery_mark_sent(delivery=delivery)
                sent += 1
    return sent


def deliveries_sent(purpose: str, *objects: models.Model | str) -> models.QuerySet[Delivery]:
    """What has been sent of ``purpose`` about ``objects`` (one or several: a meeting's invitation of
    every sequence), by address: for a page that shows it, or a later email to the same people."""
    keys = [object_key(obj) for obj in objects]
    return Delivery.objects.filter(purpose=purpose, object_key__in=keys, sent_at__isnull=False).order_by(
        "address", "object_key"
    )
