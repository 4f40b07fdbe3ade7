"""After the plumbing left ``overenskommelse`` (issue 15, item 7): the moved models' content types get
their new app, so what points to them (permissions, the audit log's ``target_type``) follows
without a change. The tasks' names did not change (``overenskommelse.tasks.*`` stay registered), so
nothing waiting in the outbox is renamed.

A content type the new app already has (made by an earlier run's ``post_migrate``) takes over what
pointed to the old one, which is then removed. Reversible."""

from django.db import migrations

MOVED = ["auditentry", "queuedtask", "keptupload"]


def _move_content_types(apps, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    AuditEntry = apps.get_model("plumbing", "AuditEntry")
    for model in MOVED:
        old = ContentType.objects.filter(app_label=old_label, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=new_label, model=model).first()
        if new is None:
            old.app_label = new_label
            old.save(update_fields=["app_label"])
            continue
        AuditEntry.objects.filter(target_type=old).update(target_type=new)
        taken = set(Permission.objects.filter(content_type=new).values_list("codename", flat=True))
        Permission.objects.filter(content_type=old).exclude(codename__in=taken).update(content_type=new)
        old.delete()


def forwards(apps, schema_editor):
    _move_content_types(apps, "overenskommelse", "plumbing")


def backwards(apps, schema_editor):
    _move_content_types(apps, "plumbing", "overenskommelse")


class Migration(migrations.Migration):
    dependencies = [
        ("plumbing", "0001_initial"),
        ("overenskommelse", "0007_moved_to_plumbing"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
