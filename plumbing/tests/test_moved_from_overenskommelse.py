"""The plumbing's move out of ``overenskommelse`` (issue 15, item 7) loses nothing: a database from
before it keeps the rows of the audit log, the outbox and the kept uploads, what points to them
(permissions, audit entries) follows them, and the beat tasks keep the names messages carry."""

import pytest
from celery import current_app
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_THE_MOVE = [("overenskommelse", "0005_input_limits"), ("plumbing", None)]

OLD_TASK_NAMES = ["overenskommelse.tasks.requeue_queued_tasks", "overenskommelse.tasks.clean_kept_uploads"]


def _migrate(targets):
    """Migrate to ``targets`` and return the models as they stood there."""
    MigrationExecutor(connection).migrate(targets)
    # The state of what is applied now: going back also unapplied the later migrations of other
    # apps that depend on these (the ledger's copies, issue 15), so their leaves are not the state.
    loader = MigrationExecutor(connection).loader
    applied = [node for node in loader.applied_migrations if node in loader.graph.nodes]
    return loader.project_state(applied, at_end=True).apps


def test_the_beat_tasks_keep_their_names_and_run_the_plumbings_functions():
    import plumbing.tasks

    names = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert [name for name in OLD_TASK_NAMES if name not in names] == []
    # The registered tasks run the very functions of plumbing/tasks.py.
    assert current_app.tasks[OLD_TASK_NAMES[0]].__wrapped__ is plumbing.tasks.requeue_queued_tasks.__wrapped__
    assert current_app.tasks[OLD_TASK_NAMES[1]].__wrapped__ is plumbing.tasks.clean_kept_uploads.__wrapped__


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_its_rows_and_what_points_to_them():
    import plumbing.tasks  # noqa: F401  (a worker imports every app's tasks at its start)

    old_apps = _migrate(BEFORE_THE_MOVE)
    ContentType = old_apps.get_model("contenttypes", "ContentType")
    AuditEntry = old_apps.get_model("overenskommelse", "AuditEntry")
    QueuedTask = old_apps.get_model("overenskommelse", "QueuedTask")
    KeptUpload = old_apps.get_model("overenskommelse", "KeptUpload")
    Permission = old_apps.get_model("auth", "Permission")
    Group = old_apps.get_model("auth", "Group")

    queued_type, _ = ContentType.objects.get_or_create(app_label="overenskommelse", model="queuedtask")
    ContentType.objects.filter(app_label="plumbing").delete()
    waiting = QueuedTask.objects.create(task="overenskommelse.tasks.clean_kept_uploads", args=[])
    kept = KeptUpload.objects.create(path="kept/protokoll.pdf")
    entry = AuditEntry.objects.create(
        action="queuedtask.checked", kind="queuedtask", target_type=queued_type, target_id=str(waiting.pk)
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=queued_type, codename="view_queuedtask", defaults={"name": "Can view queued task"}
    )
    group = Group.objects.create(name="Move check")
    group.permissions.add(permission)

    new_apps = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    NewQueuedTask = new_apps.get_model("plumbing", "QueuedTask")
    assert list(NewQueuedTask.objects.values_list("pk", "task")) == [
        (waiting.pk, "overenskommelse.tasks.clean_kept_uploads")
    ]
    assert list(new_apps.get_model("plumbing", "KeptUpload").objects.values_list("pk", "path")) == [
        (kept.pk, "kept/protokoll.pdf")
    ]
    entry = new_apps.get_model("plumbing", "AuditEntry").objects.get(pk=entry.pk)
    assert (entry.target_type.app_label, entry.target_type.model) == ("plumbing", "queuedtask")
    permission = new_apps.get_model("auth", "Permission").objects.get(pk=permission.pk)
    assert permission.content_type.app_label == "plumbing"
    assert list(new_apps.get_model("auth", "Group").objects.get(pk=group.pk).permissions.all()) == [permission]
    assert not new_apps.get_model("contenttypes", "ContentType").objects.filter(app_label="overenskommelse", model="queuedtask").exists()
    assert current_app.tasks.get(NewQueuedTask.objects.get().task) is not None
