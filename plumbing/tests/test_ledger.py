"""The ledger of emails sent once (``plumbing.ledger``): an address gets an email once, run twice or
side by side; a failure gives the address back; a claim left by a dead worker is taken by the next
run once it has expired."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone

from plumbing.ledger import (
    CLAIM_EXPIRES_AFTER,
    deliveries_sent,
    delivery_claim,
    delivery_mark_sent,
    delivery_release,
    object_key,
    send_once,
)
from plumbing.models import Delivery

pytestmark = pytest.mark.django_db

PURPOSE = "test.invitation"


class Outbox:
    """A ``send`` that records what it sent, and fails at the address given."""

    def __init__(self, fail_at: str | None = None):
        self.sent: list[tuple[str, object]] = []
        self.connections: list = []  # kept, so no two share an id
        self.fail_at = fail_at

    def __call__(self, address, what, connection):
        if address == self.fail_at:
            raise OSError("the mail server stopped answering")
        if all(connection is not seen for seen in self.connections):
            self.connections.append(connection)
        self.sent.append((address, what))


def test_the_key_names_the_model_and_its_id_without_the_app():
    group = Group.objects.create(name="Ledger")
    assert object_key(group) == f"group:{group.pk}"
    assert object_key(group, "seq2") == f"group:{group.pk}:seq2"
    assert object_key("round:12", "seq0") == "round:12:seq0"
    with pytest.raises(ValueError):
        object_key(Group(name="unsaved"))


def test_a_second_claim_of_the_same_email_is_refused():
    first = delivery_claim(purpose=PURPOSE, obj="round:1", address="Anna@Example.org ")
    assert first is not None and first.address == "anna@example.org"
    assert delivery_claim(purpose=PURPOSE, obj="round:1", address="anna@example.org") is None
    delivery_mark_sent(delivery=first)
    assert delivery_claim(purpose=PURPOSE, obj="round:1", address="anna@example.org") is None
    # Another purpose, another object: another email.
    assert delivery_claim(purpose="test.reminder", obj="round:1", address="anna@example.org") is not None
    assert delivery_claim(purpose=PURPOSE, obj="round:2", address="anna@example.org") is not None


def test_an_expired_claim_is_taken_by_the_next_run_but_a_sent_one_never():
    dead = delivery_claim(purpose=PURPOSE, obj="round:1", address="anna@example.org")
    sent = delivery_claim(purpose=PURPOSE, obj="round:1", address="bo@example.org")
    delivery_mark_sent(delivery=sent)
    later = timezone.now() + CLAIM_EXPIRES_AFTER + datetime.timedelta(seconds=1)
    assert delivery_claim(purpose=PURPOSE, obj="round:1", address="anna@example.org", now=later - CLAIM_EXPIRES_AFTER) is None
    taken = delivery_claim(purpose=PURPOSE, obj="round:1", address="anna@example.org", now=later)
    assert taken is not None and taken.pk == dead.pk and taken.claimed_at == later
    assert delivery_claim(purpose=PURPOSE, obj="round:1", address="bo@example.org", now=later) is None


def test_a_release_gives_back_only_this_runs_claim():
    dead = delivery_claim(purpose=PURPOSE, obj="round:1", address="anna@example.org")
    later = timezone.now() + CLAIM_EXPIRES_AFTER + datetime.timedelta(seconds=1)
    delivery_claim(purpose=PURPOSE, obj="round:1", address="anna@example.org", now=later)
    delivery_release(delivery=dead)  # the dead run's claim was taken over: the new one stays
    assert Delivery.objects.filter(address="anna@example.org").exists()


def test_the_database_refuses_a_second_row_for_the_same_purpose_object_and_address():
    Delivery.objects.create(purpose=PURPOSE, object_key="round:1", address="anna@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(purpose=PURPOSE, object_key="round:1", address="anna@example.org")
    Delivery.objects.create(purpose=PURPOSE, object_key="round:2", address="anna@example.org")
    Delivery.objects.create(purpose="test.reminder", object_key="round:1", address="anna@example.org")
    assert Delivery.objects.count() == 3


def test_send_once_sends_each_address_once_when_run_twice():
    outbox = Outbox()
    recipients = {"anna@example.org": {"name": "Anna"}, "Bo@Example.org": {"name": "Bo"}}
    assert send_once(PURPOSE, "round:1", recipients, outbox) == 2
    assert send_once(PURPOSE, "round:1", recipients, outbox) == 0
    assert sorted(outbox.sent) == [("Bo@Example.org", {"name": "Bo"}), ("anna@example.org", {"name": "Anna"})]
    assert set(deliveries_sent(PURPOSE, "round:1").values_list("address", flat=True)) == {
        "anna@example.org",
        "bo@example.org",
    }


def test_send_once_takes_a_list_of_addresses_and_sends_one_address_once():
    outbox = Outbox()
    assert send_once(PURPOSE, "round:1", ["anna@example.org", "ANNA@example.org", ""], outbox) == 1
    assert outbox.sent == [("anna@example.org", None)]


def test_send_once_uses_one_connection_per_batch():
    outbox = Outbox()
    addresses = [f"person{i}@example.org" for i in range(5)]
    assert send_once(PURPOSE, "round:1", addresses, outbox, batch_size=2) == 5
    assert len(outbox.connections) == 3


def test_a_failure_releases_the_address_and_is_raised_and_the_next_run_sends_it():
    addresses = ["anna@example.org", "bo@example.org", "cecilia@example.org"]
    failing = Outbox(fail_at="bo@example.org")
    with pytest.raises(OSError):
        send_once(PURPOSE, "round:1", addresses, failing)
    assert failing.sent == [("anna@example.org", None)]
    assert list(Delivery.objects.values_list("address", flat=True)) == ["anna@example.org"]

    retry = Outbox()
    assert send_once(PURPOSE, "round:1", addresses, retry) == 2
    assert retry.sent == [("bo@example.org", None), ("cecilia@example.org", None)]


def test_an_address_claimed_by_a_live_run_is_left_to_it_and_a_dead_runs_claim_is_sent_after_it_expires():
    delivery_claim(purpose=PURPOSE, obj="round:1", address="bo@example.org")  # another run, sending now
    outbox = Outbox()
    assert send_once(PURPOSE, "round:1", ["anna@example.org", "bo@example.org"], outbox) == 1
    assert outbox.sent == [("anna@example.org", None)]

    # That run's worker died: once its claim has expired, the next run sends the email.
    Delivery.objects.filter(address="bo@example.org").update(
        claimed_at=timezone.now() - CLAIM_EXPIRES_AFTER - datetime.timedelta(seconds=1)
    )
    assert send_once(PURPOSE, "round:1", ["anna@example.org", "bo@example.org"], outbox) == 1
    assert outbox.sent == [("anna@example.org", None), ("bo@example.org", None)]
    assert deliveries_sent(PURPOSE, "round:1").count() == 2


def test_what_was_sent_about_several_objects_is_read_at_once():
    send_once(PURPOSE, "meeting:1:seq0", ["anna@example.org"], Outbox())
    send_once(PURPOSE, "meeting:1:seq1", ["anna@example.org", "bo@example.org"], Outbox())
    send_once(PURPOSE, "meeting:2:seq0", ["cecilia@example.org"], Outbox())
    delivery_claim(purpose=PURPOSE, obj="meeting:1:seq1", address="dag@example.org")  # not sent
    sent = deliveries_sent(PURPOSE, "meeting:1:seq0", "meeting:1:seq1")
    assert list(sent.values_list("address", "object_key")) == [
        ("anna@example.org", "meeting:1:seq0"),
        ("anna@example.org", "meeting:1:seq1"),
        ("bo@example.org", "meeting:1:seq1"),
    ]
