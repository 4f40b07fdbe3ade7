"""The base of the background jobs (plumbing.jobs): a job is claimed once, a job left by a lost
worker is taken again, stuck jobs are sent again, a failure is recorded, and a worker that lost its
claim cannot mark the job done."""

import datetime
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection, models
from django.utils import timezone

from plumbing import jobs
from plumbing.jobs import Job, JobStatus


class SampleJob(Job):
    """A job of no app: its table exists only while these tests run."""

    file_name = models.CharField(max_length=100, blank=True)

    class Meta:
        app_label = "plumbing_jobs_test"  # not an installed app: no migration, no app's model list


@pytest.fixture(scope="module", autouse=True)
def sample_table(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(SampleJob)
        yield
        with connection.schema_editor() as editor:
            editor.delete_model(SampleJob)


pytestmark = pytest.mark.django_db


def _ago(delta: datetime.timedelta) -> datetime.datetime:
    return timezone.now() - delta - datetime.timedelta(seconds=1)


def _row(job: SampleJob) -> SampleJob:
    return SampleJob.objects.get(pk=job.pk)


# --- Claimed once ----------------------------------------------------------------------------------


def test_a_waiting_job_is_claimed_by_one_worker_only():
    job = SampleJob.objects.create()
    first = jobs.job_claim(SampleJob, job.pk)
    second = jobs.job_claim(SampleJob, job.pk)
    assert first is not None and first.attempt == 1
    assert second is None
    row = _row(job)
    assert (row.status, row.attempts) == (JobStatus.RUNNING, 1)
    assert row.started_at is not None


def test_the_claim_sets_the_apps_fields_with_it():
    job = SampleJob.objects.create()
    jobs.job_claim(SampleJob, job.pk, file_name="collecting")
    assert _row(job).file_name == "collecting"


def test_a_done_failed_or_missing_job_is_not_claimed():
    done = SampleJob.objects.create(status=JobStatus.DONE)
    failed = SampleJob.objects.create(status=JobStatus.FAILED)
    assert jobs.job_claim(SampleJob, done.pk) is None
    assert jobs.job_claim(SampleJob, failed.pk) is None
    assert jobs.job_claim(SampleJob, 12345) is None
    assert _row(done).attempts == _row(failed).attempts == 0


def test_finishing_marks_the_job_done_once():
    job = SampleJob.objects.create()
    claim = jobs.job_claim(SampleJob, job.pk)
    assert jobs.job_finish(claim, file_name="a.pdf") is True
    row = _row(job)
    assert (row.status, row.file_name, row.error) == (JobStatus.DONE, "a.pdf", "")
    assert row.made_at is not None and row.is_done and not row.is_pending
    assert jobs.job_finish(claim, file_name="b.pdf") is False
    assert jobs.job_claim(SampleJob, job.pk) is None
    assert _row(job).file_name == "a.pdf"


# --- A job abandoned by its worker is taken again -----------------------------------------------


def test_a_live_running_job_is_left_to_its_worker():
    job = SampleJob.objects.create()
    jobs.job_claim(SampleJob, job.pk)
    assert jobs.job_claim(SampleJob, job.pk) is None
    assert _row(job).attempts == 1


def test_a_redelivered_task_takes_over_the_job_and_the_lost_worker_cannot_finish_it():
    job = SampleJob.objects.create()
    lost = jobs.job_claim(SampleJob, job.pk)
    taken_over = jobs.job_claim(SampleJob, job.pk, redelivered=True)
    assert taken_over is not None and taken_over.attempt == 2
    assert jobs.job_finish(lost, file_name="lost.pdf") is False
    assert jobs.job_release(lost) is False  # the new worker keeps it
    assert jobs.job_finish(taken_over, file_name="new.pdf") is True
    row = _row(job)
    assert (row.status, row.attempts, row.file_name) == (JobStatus.DONE, 2, "new.pdf")


def test_a_job_running_past_the_hard_limit_is_taken_again_without_redelivery():
    job = SampleJob.objects.create()
    jobs.job_claim(SampleJob, job.pk)
    SampleJob.objects.filter(pk=job.pk).update(started_at=_ago(jobs.RUNNING_STALE_AFTER))
    claim = jobs.job_claim(SampleJob, job.pk)
    assert claim is not None and claim.attempt == 2


def test_a_job_interrupted_too_often_is_given_up():
    job = SampleJob.objects.create(status=JobStatus.RUNNING, started_at=timezone.now(), attempts=jobs.MAX_ATTEMPTS)
    assert jobs.job_claim(SampleJob, job.pk, redelivered=True) is None
    row = _row(job)
    assert row.status == JobStatus.FAILED
    assert row.error.startswith(f"Interrupted {jobs.MAX_ATTEMPTS} times")


def test_the_running_windows_outlast_every_task():
    assert jobs.RUNNING_STALE_AFTER > datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    assert jobs.WAITING_STALE_AFTER > jobs.QUEUED_TASK_STALE_AFTER


# --- Asked for again while it is made -----------------------------------------------------------


def test_a_job_asked_for_again_while_it_is_made_is_made_again_by_the_newer_task():
    job = SampleJob.objects.create()
    old = jobs.job_claim(SampleJob, job.pk)
    assert jobs.job_ask_again(SampleJob.objects.filter(pk=job.pk), file_name="") == 1
    assert jobs.job_finish(old, file_name="old.pdf") is False  # the old worker throws its file away
    assert jobs.job_release(old) is False  # the request already put it back
    new = jobs.job_claim(SampleJob, job.pk)
    assert new is not None and jobs.job_finish(new, file_name="new.pdf")
    assert _row(job).file_name == "new.pdf"


def test_a_worker_whose_request_changed_gives_the_job_back_to_the_newer_task():
    job = SampleJob.objects.create()
    claim = jobs.job_claim(SampleJob, job.pk)
    SampleJob.objects.filter(pk=job.pk).update(requested_at=timezone.now() + datetime.timedelta(seconds=1))
    assert jobs.job_finish(claim, file_name="old.pdf") is False
    assert jobs.job_release(claim) is True
    row = _row(job)
    assert (row.status, row.file_name) == (JobStatus.WAITING, "")
    assert jobs.job_claim(SampleJob, job.pk) is not None


# --- Failures ---------------------------------------------------------------------------------------


def test_a_failure_is_recorded_with_its_error_and_the_job_can_be_asked_for_again():
    job = SampleJob.objects.create()
    claim = jobs.job_claim(SampleJob, job.pk)
    assert jobs.job_fail(claim, RuntimeError("Pango could not load a font")) is True
    row = _row(job)
    assert (row.status, row.error) == (JobStatus.FAILED, "RuntimeError: Pango could not load a font")
    assert row.is_failed and not row.is_stuck
    assert jobs.job_claim(SampleJob, job.pk) is None  # not made again by itself

    jobs.job_ask_again(SampleJob.objects.filter(pk=job.pk, status=JobStatus.FAILED))
    row = _row(job)
    assert (row.status, row.error, row.attempts, row.started_at) == (JobStatus.WAITING, "", 0, None)
    assert jobs.job_claim(SampleJob, job.pk).attempt == 1


def test_a_long_error_is_cut():
    job = SampleJob.objects.create()
    jobs.job_fail(jobs.job_claim(SampleJob, job.pk), "x" * 5000)
    assert len(_row(job).error) == jobs.ERROR_MAX_LENGTH


# --- Stuck jobs are sent again --------------------------------------------------------------------


def test_the_periodic_requeue_sends_only_the_stuck_jobs():
    fresh_waiting = SampleJob.objects.create()
    old_waiting = SampleJob.objects.create(requested_at=_ago(jobs.WAITING_STALE_AFTER))
    fresh_running = SampleJob.objects.create(status=JobStatus.RUNNING, started_at=timezone.now(), attempts=1)
    old_running = SampleJob.objects.create(
        status=JobStatus.RUNNING, started_at=_ago(jobs.RUNNING_STALE_AFTER), attempts=1
    )
    SampleJob.objects.create(status=JobStatus.DONE, requested_at=_ago(jobs.WAITING_STALE_AFTER))
    SampleJob.objects.create(status=JobStatus.FAILED, requested_at=_ago(jobs.WAITING_STALE_AFTER))
    sent: list[int] = []
    assert jobs.jobs_requeue_stuck(SampleJob, lambda pk: sent.append(pk) or True) == 2
    assert sent == [old_waiting.pk, old_running.pk]
    stuck = {job.pk for job in SampleJob.objects.all() if job.is_stuck}
    assert stuck == set(SampleJob.objects.filter(jobs.jobs_stuck()).values_list("pk", flat=True)) == set(sent)
    live = set(SampleJob.objects.filter(jobs.jobs_live()).values_list("pk", flat=True))
    assert live == {fresh_waiting.pk, fresh_running.pk}


def test_a_job_the_broker_did_not_take_is_not_counted_and_stays_stuck():
    job = SampleJob.objects.create(requested_at=_ago(jobs.WAITING_STALE_AFTER))
    assert jobs.jobs_requeue_stuck(SampleJob, lambda pk: False) == 0
    assert _row(job).is_stuck


def test_a_requeued_job_is_made_once_even_if_its_first_task_comes_too():
    job = SampleJob.objects.create(requested_at=_ago(jobs.WAITING_STALE_AFTER))
    claims = []
    jobs.jobs_requeue_stuck(SampleJob, lambda pk: claims.append(jobs.job_claim(SampleJob, pk)) or True)
    claims.append(jobs.job_claim(SampleJob, job.pk))  # the first message, late
    assert [claim is not None for claim in claims] == [True, False]


def test_a_redelivered_message_is_recognised():
    def task(delivery_info):
        return SimpleNamespace(request=SimpleNamespace(delivery_info=delivery_info))

    assert jobs.task_redelivered(task({"redelivered": True})) is True
    assert jobs.task_redelivered(task({})) is False
    assert jobs.task_redelivered(task(None)) is False
