"""The certificate of attendance becomes a background job of ``plumbing.jobs`` (issue 15, item 2).

The table keeps every column and row. Added: ``attempts`` and ``started_at`` (the claim of a
worker). The status ``queued`` is now ``waiting``: a queued certificate is picked up as it was
(by the task already in the broker, or else by the periodic requeue); a done or failed one stays as
it is, so nothing is made again. Backwards, waiting and running are queued again.
"""

from django.db import migrations, models


def queued_to_waiting(apps, schema_editor):
    Certificate = apps.get_model("conferences", "Certificate")
    Certificate.objects.filter(status="queued").update(status="waiting", attempts=0, started_at=None)


def waiting_to_queued(apps, schema_editor):
    Certificate = apps.get_model("conferences", "Certificate")
    Certificate.objects.filter(status__in=["waiting", "running"]).update(status="queued")


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0003_input_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="certificate",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="status",
            field=models.CharField(
                choices=[
                    ("waiting", "Waiting to be made"),
                    ("running", "Being made"),
                    ("done", "Ready"),
                    ("failed", "Failed"),
                ],
                default="waiting",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(queued_to_waiting, waiting_to_queued),
    ]
