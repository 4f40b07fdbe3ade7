"""The job machinery of the PDFs (services.pdf_jobs): versions, enqueueing after the commit, the
broker being down, the idempotent claim, a worker lost in the middle, failures and retries."""

import datetime
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from kombu.exceptions import OperationalError

from documents import tasks as tasks_reports
from documents.models import FollowUpReport, MeetingPack
from documents.services import pdf_jobs
from followup.models import FollowUpRound
from plumbing import jobs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def followup_round(db) -> FollowUpRound:
    return FollowUpRound.objects.create(
        year=2025,
        deadline=datetime.date(2026, 2, 15),
        opened_at=timezone.now() - datetime.timedelta(days=60),
        closed_at=timezone.now() - datetime.timedelta(days=1),
    )


@pytest.fixture
def fast_render(monkeypatch):
    """Stand in for WeasyPrint where a test is about the job, not the PDF."""
    calls: list[str] = []

    def render(template_name, context):
        calls.append(template_name)
        return b"%PDF-1.7 test", 3

    monkeypatch.setattr(pdf_jobs, "render_job_pdf", render)
    return calls


def test_each_request_adds_a_version_and_keeps_the_old(followup_round, convener, fast_render, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = pdf_jobs.followup_report_request(followup_round=followup_round, by=convener)
    with django_capture_on_commit_callbacks(execute=True):
        second = pdf_jobs.followup_report_request(followup_round=followup_round, by=convener)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.status == second.status == "done"
    assert first.file.name != second.file.name
    assert default_storage.exists(first.file.name) and default_storage.exists(second.file.name)


def test_the_task_is_sent_only_after_the_commit(followup_round, convener, django_capture_on_commit_callbacks):
    with mock.patch.object(tasks_reports.make_followup_report, "apply_async") as send:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            report = pdf_jobs.followup_report_request(followup_round=followup_round, by=convener)
        assert send.call_count == 0  # nothing leaves before the commit
        for callback in callbacks:
            callback()
    assert send.call_args.kwargs["args"] == [report.pk]


def test_broker_down_at_the_commit_keeps_the_report_waiting_and_beat_sends_it_later(
    followup_round, convener, fast_render, django_capture_on_commit_callbacks
):
    with mock.patch.object(
        tasks_reports.make_followup_report, "apply_async", side_effect=OperationalError("Connection refused")
    ):
        with django_capture_on_commit_callbacks(execute=True):
            report = pdf_jobs.followup_report_request(followup_round=followup_round, by=convener)
    report.refresh_from_db()
    assert report.status == "waiting"  # the request succeeded, nothing is lost

    # Too early: the periodic task leaves a fresh request alone.
    with mock.patch.object(tasks_reports.make_followup_report, "apply_async") as send:
        assert pdf_jobs.pdf_jobs_requeue_waiting() == 0
    assert send.call_count == 0

    # The broker is back, and the request has waited long enough: beat sends it, a worker makes it.
    FollowUpReport.objects.filter(pk=report.pk).update(requested_at=timezone.now() - datetime.timedelta(minutes=6))
    assert tasks_reports.requeue_pdf_jobs.delay().get() == 1
    report.refresh_from_db()
    assert report.status == "done"
    assert report.file


def test_redis_connection_error_is_also_survived(followup_round, convener, django_capture_on_commit_callbacks):
    from redis.exceptions import ConnectionError as RedisConnectionError

    with mock.patch.object(
        tasks_reports.make_followup_report, "apply_async", side_effect=RedisConnectionError("Error 111 connecting")
    ):
        with django_capture_on_commit_callbacks(execute=True):
            report = pdf_jobs.followup_report_request(followup_round=followup_round, by=convener)
    assert FollowUpReport.objects.get(pk=report.pk).status == "waiting"


def test_running_the_task_twice_makes_the_version_once(followup_round, convener, fast_render):
    report = pdf_jobs.followup_report_request(followup_round=followup_round, by=convener)
    assert pdf_jobs.followup_report_make(report_id=report.pk) == "done"
    assert pdf_jobs.followup_report_make(report_id=report.pk).startswith("skipped")
    assert fast_render == ["pdf/followup_report.html"]
    report.refresh_from_db()
    assert report.attempts == 1
    assert report.pages == 3


def test_a_live_running_job_is_not_taken_by_a_second_worker(followup_round, convener, fast_render):
    report = pdf_jobs.followup_report_request(followup_round=followup_round, by=convener)
    FollowUpReport.objects.filter(pk=report.pk).update(status="running", started_at=timezone.now(), attempts=1)
    assert pdf_jobs.followup_report_make(report_id=report.pk).startswith("skipped")
    assert fast_render == []


def test_a_job_left_running_by_a_lost_worker_is_made_by_the_redelivered_task(followup_round, convener, fast_render):
    report = pdf_jobs.followup_report_request(followup_round=followup_round, by=convener)
    FollowUpReport.objects.filter(pk=report.pk).update(status="running", started_at=timezone.now(), attempts=1)
    assert pdf_jobs.followup_report_make(report_id=report.pk, redelivered=True) == "done"
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("done", 2)


def test_a_job_running_past_the_hard_limit_is_sent_again_and_taken_over(followup_round, convener, fast_render):
    report = pdf_jobs.followup_report_request(followup_round=followup_round, by=convener)
    long_ago = timezone.now() - jobs.RUNNING_STALE_AFTER - datetime.timedelta(seconds=1)
    FollowUpReport.objects.filter(pk=report.pk).update(status="running", started_at=long_ago, attempts=1)
    assert pdf_jobs.pdf_jobs_requeue_waiting() == 1  # eager here: sent and made at once
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("done", 2)


def test_the_worker_that_lost_its_claim_throws_its_file_away(followup_round, convener, monkeypatch):
    """Two workers on one version: the first is overtaken (its claim is taken over) while it lays
    out the pages; only the second's file is kept and the version is done once."""
    report = pdf_jobs.followup_report_request(followup_round=followup_round, by=convener)
    saved: list[str] = []
    original_save = default_storage.save

    def save(name, content, **kwargs):
        stored = original_save(name, content, **kwargs)
        saved.append(stored)
        return stored

    monkeypatch.setattr(default_storage, "save", save)
    inner_result: list[str] = []
    renders: list[int] = []

    def render(template_name, context):
        renders.append(1)
        if len(renders) == 1:  # the first worker: another takes over (a redelivery) meanwhile
            inner_result.append(pdf_jobs.followup_report_make(report_id=report.pk, redelivered=True))
        return b"%PDF-1.7 test", 2

    monkeypatch.setattr(pdf_jobs, "render_job_pdf", render)
    assert pdf_jobs.followup_report_make(report_id=report.pk) == "superseded"
    assert inner_result == ["done"]
    report.refresh_from_db()
    assert report.status == "done" and report.attempts == 2
    assert len(saved) == 2
    kept, thrown = saved[0], saved[1]  # the inner (second) worker saved first
    assert report.file.name == kept
    assert default_storage.exists(kept) and not default_storage.exists(thrown)


def test_a_failure_is_recorded_with_its_error_and_can_be_made_again(followup_round, convener, monkeypatch):
    report = pdf_jobs.followup_report_request(followup_round=followup_round, by=convener)

    def broken(template_name, context):
        raise RuntimeError("Pango could not load a font")

    monkeypatch.setattr(pdf_jobs, "render_job_pdf", broken)
    assert pdf_jobs.followup_report_make(report_id=report.pk) == "failed"
    report.refresh_from_db()
    assert report.status == "failed"
    assert report.error == "RuntimeError: Pango could not load a font"
    assert not report.file

    monkeypatch.setattr(pdf_jobs, "render_job_pdf", lambda template_name, context: (b"%PDF-1.7", 1))
    pdf_jobs.followup_report_retry(report=report, by=convener)
    report.refresh_from_db()
    assert report.status == "waiting" and report.error == "" and report.version == 1
    assert pdf_jobs.followup_report_make(report_id=report.pk) == "done"


def test_only_a_failed_version_can_be_retried(followup_round, convener, fast_render):
    from django.core.exceptions import ValidationError

    report = pdf_jobs.followup_report_request(followup_round=followup_round, by=convener)
    pdf_jobs.followup_report_make(report_id=report.pk)
    with pytest.raises(ValidationError):
        pdf_jobs.followup_report_retry(report=report, by=convener)


def test_a_job_that_keeps_killing_its_worker_is_given_up(followup_round, convener, fast_render):
    report = pdf_jobs.followup_report_request(followup_round=followup_round, by=convener)
    FollowUpReport.objects.filter(pk=report.pk).update(
        status="running", started_at=timezone.now(), attempts=jobs.MAX_ATTEMPTS
    )
    assert pdf_jobs.followup_report_make(report_id=report.pk, redelivered=True).startswith("skipped")
    report.refresh_from_db()
    assert report.status == "failed"
    assert "Interrupted" in report.error
    assert fast_render == []


def test_publishing_a_version_takes_the_earlier_one_off_the_public_page(followup_round, convener, fast_render):
    first = pdf_jobs.followup_report_request(followup_round=followup_round, by=convener)
    second = pdf_jobs.followup_report_request(followup_round=followup_round, by=convener)
    for report in (first, second):
        pdf_jobs.followup_report_make(report_id=report.pk)
    pdf_jobs.followup_report_publish(report=first, by=convener)
    pdf_jobs.followup_report_publish(report=second, by=convener)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.published_at is None
    assert second.published_at is not None and second.published_by == convener


def test_an_unfinished_version_cannot_be_published(followup_round, convener):
    from django.core.exceptions import ValidationError

    report = pdf_jobs.followup_report_request(followup_round=followup_round, by=convener)
    with pytest.raises(ValidationError):
        pdf_jobs.followup_report_publish(report=report, by=convener)


def test_the_tasks_survive_a_lost_worker():
    for task in (tasks_reports.make_followup_report, tasks_reports.make_meeting_pack):
        assert task.acks_late is True
        assert task.reject_on_worker_lost is True
        assert 0 < task.soft_time_limit < task.time_limit


def test_the_hard_limit_is_below_the_brokers_visibility_timeout(settings):
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert tasks_reports.make_followup_report.time_limit < visibility


def test_beat_sends_the_waiting_jobs_again(settings):
    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "documents.tasks.requeue_pdf_jobs" in entries


def test_a_double_click_makes_one_meeting_pack(convener, fast_render, django_capture_on_commit_callbacks):
    from collaboration.models import Meeting

    meeting = Meeting.objects.create(starts_at=timezone.now() + datetime.timedelta(days=3), place="Stadshuset")
    with mock.patch.object(tasks_reports.make_meeting_pack, "apply_async"):
        first = pdf_jobs.meeting_pack_request(meeting=meeting, by=convener)
        second = pdf_jobs.meeting_pack_request(meeting=meeting, by=convener)
    assert first.pk == second.pk
    assert MeetingPack.objects.count() == 1
