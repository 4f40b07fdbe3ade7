"""Background jobs that make a file and must be done exactly once: one base for their record.

The yearly follow-up report and the meeting pack (``documents``) and the certificate of attendance
(``conferences``) are such jobs. Each is a row of a model built on ``Job`` (status, attempts,
requested_at, started_at, made_at, error) and a Celery task that takes the row's id. The app writes
the row, hands the task to the broker after the commit (``plumbing.outbox``) and, in its task, makes
the file between ``job_claim`` and ``job_finish``. What this module promises (issue 6, "Rules and
failures"; issue 15):

* **A job goes** ``waiting → running → done`` (or ``failed``). Asking again for a job puts it back
  to ``waiting`` with a new ``requested_at`` (``job_ask_again``).
* **Claimed with a conditional UPDATE.** A worker takes a job by moving it ``waiting → running`` and
  raising ``attempts`` in one compare-and-set on what it read (``job_claim``): of two workers (a task
  sent twice, a requeue), only one wins. A job left ``running`` by a worker that died (the broker
  redelivered the message, or the row has run longer than a task may run) is claimed again, with
  ``attempts + 1``; one interrupted ``MAX_ATTEMPTS`` times is marked failed instead.
* **Done exactly once.** The app stores the file completely, and only then ``job_finish`` moves the
  row ``running → done``, conditionally on the claim this worker holds (its attempt, the time it
  started, and the request it read). A worker that lost its claim meanwhile (another took the job
  over, or the job was asked for again) gets False and deletes its file; a row marked done always
  points at a whole file.
* **Stuck jobs are sent again.** ``jobs_requeue_stuck`` (Celery beat) sends again every job that
  waited or ran too long (see the windows below); the tasks are idempotent, the claim makes the
  job once.
* **Failures are shown.** ``job_fail`` records ``failed`` with the error's text; the app offers to
  ask again.

The module only keeps the record: it does not talk to the broker (``plumbing.outbox`` does, and it
reads its own stale window from here).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "CLAIM_EXPIRES_AFTER",
    "MAX_ATTEMPTS",
    "QUEUED_TASK_STALE_AFTER",
    "RUNNING_STALE_AFTER",
    "WAITING_STALE_AFTER",
    "Claim",
    "Job",
    "JobStatus",
    "job_ask_again",
    "job_claim",
    "job_fail",
    "job_finish",
    "job_release",
    "jobs_live",
    "jobs_requeue_stuck",
    "jobs_stuck",
    "task_redelivered",
]

# --- The stale windows: how long background work may wait or run before it is sent again --------
# Every window of the background work is here, each with why it is as long as it is.

# A task recorded in the outbox (``plumbing.outbox``) is handed to the broker at its own commit,
# within a second, and marked sent at once: still unsent a minute later, it was not handed over (the
# broker was down). Short, because emails wait for it, and sending again is cheap.
QUEUED_TASK_STALE_AFTER = datetime.timedelta(minutes=1)
# A job still waiting after this long was probably never handed to a worker (the broker was down at
# the commit). Longer than the outbox's minute because a waiting job may also be in the broker's
# queue behind other jobs (one PDF at a time per worker, each up to minutes): sending it again then
# is harmless (the claim makes it once) but only adds messages, so it is done when a wait that long
# is no longer usual.
WAITING_STALE_AFTER = datetime.timedelta(minutes=5)
# A job running longer than the hard time limit of its task has certainly lost its worker (Celery
# kills a task at the hard limit). ``CELERY_TASK_TIME_LIMIT`` is the longest limit of every job's
# task (the certificate's is shorter); a minute more for the clocks of the database and the worker
# to differ. Shorter would take a job from a worker that is still making it.
RUNNING_STALE_AFTER = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
# An email claimed in the ledger (``plumbing.ledger``) and still not sent after this long was being
# sent by a worker that died: the next run takes it and sends the email. Longer than any one email
# takes; shorter than the broker's visibility timeout (10 minutes, CELERY_BROKER_TRANSPORT_OPTIONS),
# so the redelivered task finds the claim expired.
CLAIM_EXPIRES_AFTER = datetime.timedelta(minutes=5)
# A job claimed this many times without finishing is given up (marked failed), so a job that always
# kills its worker does not loop for ever; asking again starts it afresh.
MAX_ATTEMPTS = 3

ERROR_MAX_LENGTH = 2000


class JobStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting to be made")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


WAITING = JobStatus.WAITING
RUNNING = JobStatus.RUNNING
DONE = JobStatus.DONE
FAILED = JobStatus.FAILED


class Job(models.Model):
    """The record of a background job that makes a file: its state, for a page to show while it is
    made, and what went wrong. The file itself, and what the job is of, are the app's fields."""

    Status = JobStatus

    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.WAITING)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    made_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_done(self) -> bool:
        return self.status == JobStatus.DONE

    @property
    def is_pending(self) -> bool:
        """Waiting or being made."""
        return self.status in (JobStatus.WAITING, JobStatus.RUNNING)

    @property
    def is_failed(self) -> bool:
        return self.status == JobStatus.FAILED

    @property
    def is_stuck(self) -> bool:
        """Waiting or running for longer than the windows allow: its task was lost; the periodic
        requeue sends it again, and asking again makes it anew."""
        now = timezone.now()
        if self.status == JobStatus.WAITING:
            return self.requested_at < now - WAITING_STALE_AFTER
        if self.status == JobStatus.RUNNING:
            return self.started_at is None or self.started_at < now - RUNNING_STALE_AFTER
        return False


def jobs_stuck(now: datetime.datetime | None = None) -> Q:
    """The jobs whose task was lost (``Job.is_stuck``), as a filter."""
    now = now or timezone.now()
    return (
        Q(status=WAITING, requested_at__lt=now - WAITING_STALE_AFTER)
        | Q(status=RUNNING, started_at__lt=now - RUNNING_STALE_AFTER)
        | Q(status=RUNNING, started_at__isnull=True)
    )


def jobs_live(now: datetime.datetime | None = None) -> Q:
    """The jobs waiting or being made that are not stuck: asking again for one of them is a double
    click, not a new job."""
    now = now or timezone.now()
    return Q(status=WAITING, requested_at__gte=now - WAITING_STALE_AFTER) | Q(
        status=RUNNING, started_at__gte=now - RUNNING_STALE_AFTER
    )


def error_text(error: BaseException | str) -> str:
    text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    return text[:ERROR_MAX_LENGTH]


# --- A worker's claim ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """What a worker holds while it makes a job: the attempt it won, when it started, and the
    request it read. Its updates reach the row only while nobody has taken the job over or asked for
    it again."""

    model: type[Job]
    pk: int
    attempt: int
    started_at: datetime.datetime
    requested_at: datetime.datetime

    def rows(self) -> models.QuerySet:
        """The job's row, while this claim still holds it (for the app's own updates: progress)."""
        return self._mine().filter(requested_at=self.requested_at)

    def _mine(self) -> models.QuerySet:
        return self.model.objects.filter(
            pk=self.pk, status=RUNNING, attempts=self.attempt, started_at=self.started_at
        )


def job_claim(model: type[Job], pk: int, *, redelivered: bool = False, **fields) -> Claim | None:
    """Take the job for this worker: its claim, or None when it is not to be made now (done,
    failed, being made by a live worker, or gone). ``redelivered`` says the broker handed the task
    out again because its worker was lost, so a row left running may be taken over at once.
    ``fields`` are set with the claim (a page's progress)."""
    now = timezone.now()
    row = model.objects.filter(pk=pk).values("status", "attempts", "started_at", "requested_at").first()
    if row is None:
        return None
    status, attempts, started_at, requested_at = (
        row["status"],
        row["attempts"],
        row["started_at"],
        row["requested_at"],
    )
    read = model.objects.filter(pk=pk, status=status, attempts=attempts, requested_at=requested_at)
    if status == RUNNING:
        abandoned = redelivered or started_at is None or started_at < now - RUNNING_STALE_AFTER
        if not abandoned:
            return None
        if attempts >= MAX_ATTEMPTS:
            read.update(
                status=FAILED,
                error=f"Interrupted {attempts} times (the time limit was reached or the worker stopped).",
            )
            return None
    elif status != WAITING:
        return None
    # Compare-and-set on what was read above: of two workers, one wins this attempt.
    won = read.update(status=RUNNING, attempts=F("attempts") + 1, started_at=now, error="", **fields)
    if not won:
        return None
    return Claim(model=model, pk=pk, attempt=attempts + 1, started_at=now, requested_at=requested_at)


def job_finish(claim: Claim, **fields) -> bool:
    """The file is whole: mark the job done (with ``fields``: the file), if this worker still holds
    it. False: it lost its claim, and must delete its file."""
    return bool(claim.rows().update(status=DONE, made_at=timezone.now(), error="", **fields))


def job_fail(claim: Claim, error: BaseException | str, **fields) -> bool:
    """Record that the job failed, with the error's text, if this worker still holds it."""
    return bool(claim.rows().update(status=FAILED, error=error_text(error), **fields))


def job_release(claim: Claim) -> bool:
    """Give the job back (``waiting``) when it was asked for again while this worker made it and is
    still marked as this worker's: the task of the newer request makes it. Nothing happens when
    another worker has claimed it since, or the request already put it back."""
    return bool(claim._mine().update(status=WAITING, started_at=None))


def job_ask_again(rows: models.QuerySet, **fields) -> int:
    """Put the jobs of ``rows`` back to waiting, as if asked for now (a retry after a failure, a
    certificate with a corrected name), with ``fields``. A worker still making one of them loses its
    claim (the request changed). The caller sends the task after the commit. Returns the rows
    changed."""
    return rows.update(
        status=WAITING, attempts=0, error="", requested_at=timezone.now(), started_at=None, **fields
    )


# --- The periodic requeue ------------------------------------------------------------------------


def jobs_requeue_stuck(model: type[Job], send: Callable[[int], bool]) -> int:
    """Send again every job of ``model`` that waited or ran too long (``jobs_stuck``), oldest first,
    through ``send(pk)`` (the app's way to the broker, True when handed over). Run by Celery beat;
    the tasks are idempotent. Returns how many were sent."""
    ids = model.objects.filter(jobs_stuck()).order_by("pk").values_list("pk", flat=True)
    return sum(1 for pk in ids if send(pk))


def task_redelivered(task) -> bool:
    """The broker handed this (bound) task's message out again: its worker was lost before
    acknowledging it (``acks_late`` with ``reject_on_worker_lost``)."""
    info = getattr(task.request, "delivery_info", None) or {}
    return bool(info.get("redelivered"))
