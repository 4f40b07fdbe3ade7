"""Issue 15: the email to a person appointed to a seat is sent once through the shared ledger
(``plumbing.Delivery``) instead of its own claim on the term (``SeatTerm.notified_at``). Every term
whose holder was told is copied into it as sent, so nobody is told again after the upgrade: purpose
``seat.assigned`` about ``seatterm:<id>``, to the holder's address (lower case).

The purpose and the key are those of ``collaboration.tasks`` (written out here: a migration does not
follow later code). Reversible: going back sets ``notified_at`` from the ledger's rows of the purpose
and removes them."""

import re

from django.db import migrations

PURPOSE = "seat.assigned"
KEY = re.compile(r"^seatterm:(?P<term>\d+)$")


def forwards(apps, schema_editor):
    SeatTerm = apps.get_model("collaboration", "SeatTerm")
    Delivery = apps.get_model("plumbing", "Delivery")
    rows = [
        Delivery(
            purpose=PURPOSE,
            object_key=f"seatterm:{pk}",
            address=(email or "").strip().lower(),
            claimed_at=notified_at,
            sent_at=notified_at,
        )
        for pk, email, notified_at in SeatTerm.objects.filter(notified_at__isnull=False)
        .order_by("pk")
        .values_list("pk", "holder__email", "notified_at")
        .iterator()
    ]
    Delivery.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


def backwards(apps, schema_editor):
    SeatTerm = apps.get_model("collaboration", "SeatTerm")
    Delivery = apps.get_model("plumbing", "Delivery")
    ours = Delivery.objects.filter(purpose=PURPOSE)
    for object_key, sent_at in ours.filter(sent_at__isnull=False).values_list("object_key", "sent_at").iterator():
        key = KEY.match(object_key)
        if key:
            SeatTerm.objects.filter(pk=int(key["term"]), notified_at__isnull=True).update(notified_at=sent_at)
    ours.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("collaboration", "0004_meeting_emails_in_the_ledger"),
        ("plumbing", "0003_delivery_ledger"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
