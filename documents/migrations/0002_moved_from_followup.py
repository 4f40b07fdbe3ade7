"""After the split of ``followup`` (issue 15): the moved models' content types get their new app, so
what points to them (permissions, the audit log's ``target_type``) follows without a change; and
tasks recorded in the outbox under their old names (``QueuedTask.task``) get the new names.

A content type the new app already has (made by an earlier run's ``post_migrate``) takes over what
pointed to the old one, which is then removed. Reversible."""

from django.db import migrations

MOVED = {
    "collaboration": [
        "seat",
        "seatterm",
        "groupoffice",
        "meeting",
        "agendaitem",
        "meetingattendance",
        "meetingemail",
        "decision",
    ],
    "documents": ["meetingpack", "followupreport"],
}

TASK_MODULES = {
    "followup.tasks_meetings.": "collaboration.tasks.",
    "followup.tasks_reports.": "documents.tasks.",
    "followup.tasks_rounds.": "followup.tasks.",
}


def _move_content_types(apps, old_label_of, new_label_of):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    AuditEntry = apps.get_model("overenskommelse", "AuditEntry")
    for app_label, models in MOVED.items():
        for model in models:
            old_label, new_label = old_label_of(app_label), new_label_of(app_label)
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


def _rename_tasks(apps, modules):
    QueuedTask = apps.get_model("overenskommelse", "QueuedTask")
    for old_prefix, new_prefix in modules.items():
        for queued in QueuedTask.objects.filter(task__startswith=old_prefix).only("pk", "task"):
            QueuedTask.objects.filter(pk=queued.pk).update(task=new_prefix + queued.task[len(old_prefix):])


def forwards(apps, schema_editor):
    _move_content_types(apps, lambda app_label: "followup", lambda app_label: app_label)
    _rename_tasks(apps, TASK_MODULES)


def backwards(apps, schema_editor):
    _move_content_types(apps, lambda app_label: app_label, lambda app_label: "followup")
    _rename_tasks(apps, {new: old for old, new in TASK_MODULES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("collaboration", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("overenskommelse", "0005_input_limits"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
