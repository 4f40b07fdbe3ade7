"""Issue 15: a round's emails are sent once through the shared ledger (``plumbing.Delivery``). Every
``FollowUpEmail`` is copied into it, sent or still claimed, with its times, so nothing already sent
goes again after the upgrade and a claim left by a dead worker still expires:

* ``invitation`` → purpose ``followup.invitation`` about ``followupround:<round>``;
* ``reminder_<kind>`` → ``followup.reminder_<kind>`` about the round;
* ``reopened-<report>-<timestamp>`` → ``followup.reopened`` about ``departmentreport:<report>:<timestamp>``.

The keys and purposes are those of ``followup.tasks`` (written out here: a migration does not follow
later code). Reversible: going back copies the ledger's rows of these purposes into
``FollowUpEmail`` again (the table is emptied by ``0008`` and made again by its reverse)."""

import re

from django.db import migrations
from django.db.models import F

REOPENED = re.compile(r"^reopened-(?P<report>\d+)-(?P<at>\d+)$")


def ledger_row(email) -> dict:
    """Purpose and key of one ``FollowUpEmail`` in the ledger."""
    reopened = REOPENED.match(email.kind)
    if reopened:
        return {
            "purpose": "followup.reopened",
            "object_key": f"departmentreport:{reopened['report']}:{reopened['at']}",
        }
    return {"purpose": f"followup.{email.kind}", "object_key": f"followupround:{email.followup_round_id}"}


def forwards(apps, schema_editor):
    FollowUpEmail = apps.get_model("followup", "FollowUpEmail")
    Delivery = apps.get_model("plumbing", "Delivery")
    rows = [
        Delivery(
            **ledger_row(email),
            address=email.email.strip().lower(),
            claimed_at=email.claimed_at,
            sent_at=email.sent_at,
        )
        for email in FollowUpEmail.objects.order_by(F("sent_at").asc(nulls_last=True), "pk").iterator()
    ]
    # Two rows of one address in different case are one person: the first (a sent one) is kept.
    Delivery.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


def backwards(apps, schema_editor):
    FollowUpEmail = apps.get_model("followup", "FollowUpEmail")
    FollowUpRound = apps.get_model("followup", "FollowUpRound")
    DepartmentReport = apps.get_model("followup", "DepartmentReport")
    Delivery = apps.get_model("plumbing", "Delivery")
    rounds = set(FollowUpRound.objects.values_list("pk", flat=True))
    report_rounds = dict(DepartmentReport.objects.values_list("pk", "followup_round_id"))
    rows = []
    for delivery in Delivery.objects.filter(purpose__startswith="followup.").order_by("pk").iterator():
        kind = delivery.purpose.removeprefix("followup.")
        model, _, rest = delivery.object_key.partition(":")
        if kind == "reopened" and model == "departmentreport":
            report, _, at = rest.partition(":")
            round_id = report_rounds.get(int(report))
            kind = f"reopened-{report}-{at}"
        elif model == "followupround":
            round_id = int(rest)
        else:
            continue
        if round_id in rounds:
            rows.append(
                FollowUpEmail(
                    followup_round_id=round_id,
                    kind=kind,
                    email=delivery.address,
                    claimed_at=delivery.claimed_at,
                    sent_at=delivery.sent_at,
                )
            )
    FollowUpEmail.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    Delivery.objects.filter(purpose__startswith="followup.").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0006_followup_table"),
        ("plumbing", "0003_delivery_ledger"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
