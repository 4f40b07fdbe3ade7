"""Issue 15: a conference's invitations are sent once through the shared ledger (``plumbing.Delivery``).
Every invitation sent, or claimed by a sending now, is copied into it with its times, so nothing
already sent goes again after the upgrade and a claim left by a dead worker still expires: purpose
``conference.invitation`` about ``conference:<conference>``, by address (lower case).
``Invitation.sent_at`` stays (the list and the figures count by it); ``claimed_at`` goes in ``0005``.

The key and purpose are those of ``conferences.services.registration`` (written out here: a migration
does not follow later code). Reversible: going back gives the unsent claims back to ``claimed_at``
and removes the ledger's rows of this purpose."""

from django.db import migrations
from django.db.models import F, Q

PURPOSE = "conference.invitation"


def forwards(apps, schema_editor):
    Invitation = apps.get_model("conferences", "Invitation")
    Delivery = apps.get_model("plumbing", "Delivery")
    taken = Invitation.objects.filter(Q(sent_at__isnull=False) | Q(claimed_at__isnull=False))
    rows = [
        Delivery(
            purpose=PURPOSE,
            object_key=f"conference:{invitation.conference_id}",
            address=invitation.email.strip().lower(),
            claimed_at=invitation.claimed_at or invitation.sent_at,
            sent_at=invitation.sent_at,
        )
        for invitation in taken.order_by(F("sent_at").asc(nulls_last=True), "pk").iterator()
    ]
    # Two invitations of one address in different case are one person: a sent one is kept.
    Delivery.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


def backwards(apps, schema_editor):
    Invitation = apps.get_model("conferences", "Invitation")
    Delivery = apps.get_model("plumbing", "Delivery")
    ours = Delivery.objects.filter(purpose=PURPOSE)
    for delivery in ours.filter(sent_at__isnull=True).iterator():
        conference_id = int(delivery.object_key.removeprefix("conference:"))
        Invitation.objects.filter(
            conference_id=conference_id, email__iexact=delivery.address, sent_at__isnull=True
        ).update(claimed_at=delivery.claimed_at)
    ours.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0004_certificate_job"),
        ("plumbing", "0003_delivery_ledger"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
