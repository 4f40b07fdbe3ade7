"""The split of ``followup`` (issue 15) loses nothing: a database from before it keeps its rows, what
points to the moved models (audit entries, permissions) follows them, and work queued under the old
task names still runs."""

import pytest
from celery import current_app
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from plumbing.outbox import queued_tasks_requeue

# The plumbing's own move (issue 15, item 7) came after this split: before it, the plumbing's models
# were still ``overenskommelse``'s.
BEFORE_THE_SPLIT = [
    ("followup", "0004_input_limits"),
    ("collaboration", None),
    ("documents", None),
    ("overenskommelse", "0005_input_limits"),
    ("plumbing", None),
]

OLD_TASK_NAMES = {
    "followup.tasks_meetings.send_meeting_invitation": "collaboration.tasks.send_meeting_invitation",
    "followup.tasks_meetings.send_meeting_cancellation": "collaboration.tasks.send_meeting_cancellation",
    "followup.tasks_meetings.send_seat_assigned": "collaboration.tasks.send_seat_assigned",
    "followup.tasks_meetings.remind_missing_minutes": "collaboration.tasks.remind_missing_minutes",
    "followup.tasks_meetings.sync_group_membership": "collaboration.tasks.sync_group_membership",
    "followup.tasks_rounds.send_round_invitations": "followup.tasks.send_round_invitations",
    "followup.tasks_rounds.send_round_reminders": "followup.tasks.send_round_reminders",
    "followup.tasks_rounds.send_report_reopened": "followup.tasks.send_report_reopened",
    "followup.tasks_reports.make_followup_report": "documents.tasks.make_followup_report",
    "followup.tasks_reports.make_meeting_pack": "documents.tasks.make_meeting_pack",
    "followup.tasks_reports.requeue_pdf_jobs": "documents.tasks.requeue_pdf_jobs",
}


def _migrate(targets):
    """Migrate to ``targets`` and return the models as they stood there."""
    MigrationExecutor(connection).migrate(targets)
    # The state of what is applied now: going back also unapplied the later migrations of other
    # apps that depend on these (the ledger's copies, issue 15), so their leaves are not the state.
    loader = MigrationExecutor(connection).loader
    applied = [node for node in loader.applied_migrations if node in loader.graph.nodes]
    return loader.project_state(applied, at_end=True).apps


def test_the_split_apps_tasks_in_the_beat_schedule_are_registered():
    import collaboration.tasks  # noqa: F401
    import documents.tasks  # noqa: F401
    import followup.tasks  # noqa: F401

    names = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    names = [name for name in names if name.split(".")[0] in ("followup", "collaboration", "documents")]
    # the four of the split, and the daily storing of the year that ended (issue 16)
    assert len(names) == 5
    assert [name for name in names if name not in current_app.tasks] == []


def test_a_task_sent_under_its_old_name_runs_the_same_function():
    import collaboration.tasks  # noqa: F401
    import documents.tasks  # noqa: F401
    import followup.tasks  # noqa: F401

    for old, new in OLD_TASK_NAMES.items():
        assert old in current_app.tasks, old
        assert new in current_app.tasks, new
    # The functions of the unbound tasks are the very same; the PDF tasks' aliases call them.
    for old, new in OLD_TASK_NAMES.items():
        if "tasks_reports.make_" not in old:
            assert current_app.tasks[old].__wrapped__ is current_app.tasks[new].__wrapped__, old


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_split_keeps_its_rows_and_what_points_to_them():
    old_apps = _migrate(BEFORE_THE_SPLIT)
    ContentType = old_apps.get_model("contenttypes", "ContentType")
    Seat = old_apps.get_model("followup", "Seat")
    Meeting = old_apps.get_model("followup", "Meeting")
    AuditEntry = old_apps.get_model("overenskommelse", "AuditEntry")
    QueuedTask = old_apps.get_model("overenskommelse", "QueuedTask")
    Permission = old_apps.get_model("auth", "Permission")
    Group = old_apps.get_model("auth", "Group")

    seat_type, _ = ContentType.objects.get_or_create(app_label="followup", model="seat")
    ContentType.objects.filter(app_label="collaboration", model="seat").delete()
    seat = Seat.objects.create(position=1, sector="municipal", note="Plats 1")
    meeting = Meeting.objects.create(starts_at="2026-05-01T15:00:00+02:00", place="Stadshuset")
    entry = AuditEntry.objects.create(action="seat.changed", kind="seat", target_type=seat_type, target_id=str(seat.pk))
    permission, _ = Permission.objects.get_or_create(
        content_type=seat_type, codename="change_seat", defaults={"name": "Can change seat"}
    )
    group = Group.objects.create(name="Split check")
    group.permissions.add(permission)
    waiting = QueuedTask.objects.create(task="followup.tasks_meetings.send_meeting_invitation", args=[meeting.pk, 1])

    new_apps = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    NewSeat = new_apps.get_model("collaboration", "Seat")
    NewMeeting = new_apps.get_model("collaboration", "Meeting")
    assert list(NewSeat.objects.values_list("pk", "note")) == [(seat.pk, "Plats 1")]
    assert list(NewMeeting.objects.values_list("pk", "place")) == [(meeting.pk, "Stadshuset")]
    entry = new_apps.get_model("plumbing", "AuditEntry").objects.get(pk=entry.pk)
    assert (entry.target_type.app_label, entry.target_type.model) == ("collaboration", "seat")
    permission = new_apps.get_model("auth", "Permission").objects.get(pk=permission.pk)
    assert permission.content_type.app_label == "collaboration"
    assert list(new_apps.get_model("auth", "Group").objects.get(pk=group.pk).permissions.all()) == [permission]
    assert not new_apps.get_model("contenttypes", "ContentType").objects.filter(app_label="followup", model="seat").exists()
    waiting = new_apps.get_model("plumbing", "QueuedTask").objects.get(pk=waiting.pk)
    assert waiting.task == "collaboration.tasks.send_meeting_invitation"
    assert current_app.tasks.get(waiting.task) is not None


@pytest.mark.django_db
def test_the_outbox_sends_a_task_recorded_under_its_old_name(monkeypatch):
    """A row written before the deploy and not renamed (a second deploy step, a restored backup)
    still finds its task."""
    import collaboration.tasks  # noqa: F401
    from plumbing.models import QueuedTask

    sent = []
    monkeypatch.setattr("plumbing.outbox.publish", lambda task, args, force=False: sent.append(task.name) or True)
    QueuedTask.objects.create(task="followup.tasks_meetings.sync_group_membership", args=[], created_at="2020-01-01T00:00Z")

    assert queued_tasks_requeue() == 1
    assert sent == ["followup.tasks_meetings.sync_group_membership"]
