"""Issue 15: a meeting's emails are sent once through the shared ledger (``plumbing.Delivery``). Every
``MeetingEmail`` (written just before its email went; it had no claim of its own) is copied into it
as sent, so nothing already sent goes again after the upgrade: kind ``invitation`` or
``cancellation`` → purpose ``meeting.<kind>`` about ``meeting:<meeting>:seq<sequence>``.

The keys and purposes are those of ``collaboration.tasks`` (written out here: a migration does not
follow later code). The minutes reminder needs no row: a meeting reminded about has
``minutes_reminder_sent_at`` and is never due again. Reversible: going back copies the ledger's rows
of these purposes into ``MeetingEmail`` again."""

import re

from django.db import migrations

KEY = re.compile(r"^meeting:(?P<meeting>\d+):seq(?P<sequence>\d+)$")
KINDS = ("invitation", "cancellation")


def forwards(apps, schema_editor):
    MeetingEmail = apps.get_model("collaboration", "MeetingEmail")
    Delivery = apps.get_model("plumbing", "Delivery")
    rows = [
        Delivery(
            purpose=f"meeting.{email.kind}",
            object_key=f"meeting:{email.meeting_id}:seq{email.sequence}",
            address=email.email.strip().lower(),
            claimed_at=email.sent_at,
            sent_at=email.sent_at,
        )
        for email in MeetingEmail.objects.order_by("pk").iterator()
    ]
    # Two rows of one address in different case are one person, sent once.
    Delivery.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


def backwards(apps, schema_editor):
    MeetingEmail = apps.get_model("collaboration", "MeetingEmail")
    Meeting = apps.get_model("collaboration", "Meeting")
    Delivery = apps.get_model("plumbing", "Delivery")
    meetings = set(Meeting.objects.values_list("pk", flat=True))
    ours = Delivery.objects.filter(purpose__in=[f"meeting.{kind}" for kind in KINDS])
    rows = []
    for delivery in ours.filter(sent_at__isnull=False).order_by("pk").iterator():
        key = KEY.match(delivery.object_key)
        if key and int(key["meeting"]) in meetings:
            rows.append(
                MeetingEmail(
                    meeting_id=int(key["meeting"]),
                    kind=delivery.purpose.removeprefix("meeting."),
                    sequence=int(key["sequence"]),
                    email=delivery.address,
                    sent_at=delivery.sent_at,
                )
            )
    MeetingEmail.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    ours.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("collaboration", "0002_seat_kind"),
        ("plumbing", "0003_delivery_ledger"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
