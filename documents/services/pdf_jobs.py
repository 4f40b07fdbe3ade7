"""The PDFs made in the background: the yearly follow-up report (one version per request, every
version kept, one published per round) and the meeting pack.

How a job is kept safe (issue 6, "Rules and failures"):

* **Recorded first, sent after the commit.** A request writes a row with status ``waiting`` and
  hands the task to the broker in ``transaction.on_commit``. If the broker is down at that moment
  the request still succeeds; the row stays ``waiting`` and ``pdf_jobs_requeue_waiting`` (Celery
  beat) sends it again later. Nothing is lost.
* **Claimed with a conditional UPDATE.** A worker takes a job by moving it ``waiting → running``
  and raising ``attempts`` in one compare-and-set on the attempts it read; only one worker can win
  a given attempt. A job left ``running`` by a worker that died (a redelivered message after the
  worker was killed, or a row running for longer than the hard time limit allows) may be claimed
  again, with ``attempts + 1``.
* **Done exactly once.** The PDF is written to the storage backend completely, and only then is the
  row moved ``running → done`` — conditionally on the attempt this worker owns. A worker that lost
  its claim meanwhile deletes its file instead. So a row marked done always points at a whole file,
  and a version is done once even if two workers made it.
* **Failures are shown.** An exception records ``failed`` with the error text; ``*_retry`` puts a
  failed job back to ``waiting`` and sends it again.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from collaboration.models import Meeting
from followup.models import FollowUpRound
from plumbing import outbox
from plumbing.audit import audit_record
from plumbing.pdf import render_document
from plumbing.tasks import TaskNamed

from ..models import (
    FollowUpReport,
    MeetingPack,
    PdfJob,
    PdfJobStatus,
    report_upload_to,
)
from ..selectors.report import followup_report_context, meeting_pack_context

logger = logging.getLogger(__name__)

__all__ = [
    "MAX_ATTEMPTS",
    "PDF_VARIANT",
    "RUNNING_STALE_AFTER",
    "WAITING_STALE_AFTER",
    "followup_report_make",
    "followup_report_publish",
    "followup_report_request",
    "followup_report_retry",
    "followup_report_unpublish",
    "meeting_pack_make",
    "meeting_pack_request",
    "meeting_pack_retry",
    "pdf_jobs_requeue_waiting",
    "render_job_pdf",
]

WAITING = PdfJobStatus.WAITING
RUNNING = PdfJobStatus.RUNNING
DONE = PdfJobStatus.DONE
FAILED = PdfJobStatus.FAILED

# A job still waiting after this long was probably never handed to a worker (the broker was down
# at the commit): the periodic task sends it again (the task is idempotent, a duplicate is harmless).
WAITING_STALE_AFTER = datetime.timedelta(minutes=5)
# A job running longer than the task's hard time limit has certainly lost its worker (Celery kills a
# task at the hard limit); a minute more for the clock of the database and the worker to differ.
RUNNING_STALE_AFTER = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
# A job that has been claimed this many times without finishing is given up (marked failed), so a
# report that always kills its worker does not loop for ever; "Försök igen" starts it afresh.
MAX_ATTEMPTS = 3
# WeasyPrint's PDF/UA-1 variant: tagged PDF, language and title in the metadata (screen readers).
PDF_VARIANT = "pdf/ua-1"

# --- Sending to the queue ------------------------------------------------------------------------


# The tasks that make the PDFs (``documents.tasks`` imports the services, not the other way; the
# tasks are sent by their registered names).
MAKE_FOLLOWUP_REPORT = TaskNamed("documents.tasks.make_followup_report")
MAKE_MEETING_PACK = TaskNamed("documents.tasks.make_meeting_pack")


def _task_for(model: type[PdfJob]):
    return MAKE_FOLLOWUP_REPORT if model is FollowUpReport else MAKE_MEETING_PACK


def _send(model: type[PdfJob], job_id: int) -> bool:
    """Hand the job to the broker now; False (logged) when the broker cannot be reached."""
    # outbox.publish never subscribes to the result (with a subscription a Redis that is down held
    # the request ~20 s and then failed it) and leaves a broker that just failed alone for a while.
    if outbox.publish(_task_for(model), [job_id]):
        return True
    logger.warning("%s %s: the broker could not be reached; it stays waiting and is sent again later", model.__name__, job_id)
    outbox.note_delayed()
    return False


def _send_on_commit(model: type[PdfJob], job_id: int) -> None:
    transaction.on_commit(lambda: _send(model, job_id))


# --- The yearly follow-up report -----------------------------------------------------------------


@transaction.atomic
def followup_report_request(
    *, followup_round: FollowUpRound, by: User | None, enqueue: bool = True
) -> FollowUpReport:
    """Ask for a new version of the round's yearly follow-up report, made in the background.

    The version is the highest so far plus one, chosen while the round's row is locked (so two
    requests at once get two numbers; a database constraint guards last). Every earlier version is
    kept. The report is recorded as waiting and sent to the queue after the commit; if the broker
    is down then, the request still succeeds and the periodic task sends it later. ``enqueue=False``
    (the demo data, the benchmark) leaves it to the caller to run ``followup_report_make``."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                FollowUpRound.objects.select_for_update().get(pk=followup_round.pk)
                latest = FollowUpReport.objects.filter(followup_round=followup_round).aggregate(v=Max("version"))["v"]
                report = FollowUpReport.objects.create(
                    followup_round=followup_round,
                    version=(latest or 0) + 1,
                    status=WAITING,
                    requested_by=by,
                    requested_at=timezone.now(),
                    progress_text="waiting",
                )
        except IntegrityError:  # SQLite has no row locks: another request took the number first
            continue
        break
    else:
        raise ValidationError(_("Several reports were asked for at the same time. Try again."), code="busy")
    logger.info("Follow-up report %s (round %s, version %s) asked for", report.pk, followup_round.year, report.version)
    if enqueue:
        _send_on_commit(FollowUpReport, report.pk)
    return report


def _retry(model: type[PdfJob], job: PdfJob) -> PdfJob:
    updated = model.objects.filter(pk=job.pk, status=FAILED).update(
        status=WAITING,
        attempts=0,
        progress=0,
        progress_text="waiting",
        error="",
        requested_at=timezone.now(),
        started_at=None,
    )
    if not updated:
        raise ValidationError(_("Only a PDF that failed can be made again."), code="not_failed")
    _send_on_commit(model, job.pk)
    job.refresh_from_db()
    return job


@transaction.atomic
def followup_report_retry(*, report: FollowUpReport, by: User | None) -> FollowUpReport:
    """Make a failed version again (the same version number): back to waiting, sent after the commit."""
    logger.info("Follow-up report %s made again by user %s", report.pk, getattr(by, "pk", None))
    return _retry(FollowUpReport, report)


@transaction.atomic
def followup_report_publish(*, report: FollowUpReport, by: User) -> FollowUpReport:
    """Publish a finished version: it becomes public on the site. One version per round is
    published at a time, so publishing a newer version takes the earlier one off the public page
    (it is kept, and the group can still download it)."""
    FollowUpRound.objects.select_for_update().get(pk=report.followup_round_id)
    report = FollowUpReport.objects.select_for_update().get(pk=report.pk)
    if report.status != DONE or not report.file:
        raise ValidationError(_("Only a finished report can be published."), code="not_done")
    if report.published_at is None:
        now = timezone.now()
        FollowUpReport.objects.filter(followup_round_id=report.followup_round_id, published_at__isnull=False).exclude(
            pk=report.pk
        ).update(published_at=None, published_by=None)
        report.published_at = now
        report.published_by = by
        report.save(update_fields=["published_at", "published_by"])
        audit_record(actor=by, action="report.published", target=report)
        logger.info("Follow-up report %s published by user %s", report.pk, by.pk)
    return report


@transaction.atomic
def followup_report_unpublish(*, report: FollowUpReport, by: User) -> FollowUpReport:
    """Take a published version off the public page (it is kept for the group)."""
    unpublished = FollowUpReport.objects.filter(pk=report.pk, published_at__isnull=False).update(
        published_at=None, published_by=None
    )
    logger.info("Follow-up report %s unpublished by user %s", report.pk, by.pk)
    report.refresh_from_db()
    if unpublished:
        audit_record(actor=by, action="report.unpublished", target=report)
    return report


def _report_document(report: FollowUpReport) -> tuple[str, dict]:
    return "pdf/followup_report.html", followup_report_context(report.followup_round, report=report)


def followup_report_make(*, report_id: int, redelivered: bool = False) -> str:
    """Make one version's PDF and store it; see the module's docstring for what is promised.
    ``redelivered`` says the broker handed the task out again because its worker was lost, so a
    row left running by that worker may be taken over. Returns what happened."""
    return _make(FollowUpReport, report_id, _report_document, redelivered=redelivered)


# --- The meeting pack ----------------------------------------------------------------------------


@transaction.atomic
def meeting_pack_request(*, meeting: Meeting, by: User | None) -> MeetingPack:
    """Ask for the meeting's PDF (agenda, the dashboard as it stands, the applications to decide),
    made in the background. A pack already being made (and not stuck) is returned as it is, so a
    double click makes one; otherwise a new pack is recorded (the old ones are kept) and sent to the
    queue after the commit."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    pending = meeting.packs.filter(
        Q(status=WAITING, requested_at__gte=timezone.now() - WAITING_STALE_AFTER)
        | Q(status=RUNNING, started_at__gte=timezone.now() - RUNNING_STALE_AFTER)
    ).first()
    if pending is not None:
        return pending
    pack = MeetingPack.objects.create(
        meeting=meeting,
        status=WAITING,
        requested_by=by,
        requested_at=timezone.now(),
        progress_text="waiting",
    )
    logger.info("Meeting pack %s (meeting %s) asked for", pack.pk, meeting.pk)
    _send_on_commit(MeetingPack, pack.pk)
    return pack


@transaction.atomic
def meeting_pack_retry(*, pack: MeetingPack, by: User | None) -> MeetingPack:
    """Make a failed meeting pack again."""
    return _retry(MeetingPack, pack)


def _pack_document(pack: MeetingPack) -> tuple[str, dict]:
    return "pdf/meeting_pack.html", meeting_pack_context(pack.meeting)


def meeting_pack_make(*, pack_id: int, redelivered: bool = False) -> str:
    """Make a meeting pack's PDF and store it (same promises as ``followup_report_make``)."""
    return _make(MeetingPack, pack_id, _pack_document, redelivered=redelivered)


# --- What both share -----------------------------------------------------------------------------


def render_job_pdf(template_name: str, context: dict) -> tuple[bytes, int]:
    """The PDF (bytes) and its number of pages, in Swedish, through the safe fetcher of
    ``plumbing.pdf``, as PDF/UA-1 (tagged, with language and title)."""
    with translation.override(settings.LANGUAGE_CODE):
        document = render_document(template_name, context)
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf, len(document.pages)


def _claim(model: type[PdfJob], job_id: int, *, redelivered: bool) -> int | None:
    """Take the job for this worker: the attempt number it now owns, or None when it is not to be
    made (already done or failed, being made by a live worker, or gone)."""
    now = timezone.now()
    row = model.objects.filter(pk=job_id).values("status", "attempts", "started_at").first()
    if row is None:
        return None
    status, attempts, started_at = row["status"], row["attempts"], row["started_at"]
    if status == RUNNING:
        abandoned = redelivered or started_at is None or started_at < now - RUNNING_STALE_AFTER
        if not abandoned:
            return None
        if attempts >= MAX_ATTEMPTS:
            model.objects.filter(pk=job_id, status=RUNNING, attempts=attempts).update(
                status=FAILED,
                error=f"Interrupted {attempts} times (the time limit was reached or the worker stopped).",
            )
            return None
    elif status != WAITING:
        return None
    # Compare-and-set on the attempts read above: of two workers, one wins this attempt.
    won = model.objects.filter(pk=job_id, status=status, attempts=attempts).update(
        status=RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        progress=5,
        progress_text="collecting",
        error="",
    )
    return attempts + 1 if won else None


def _make(
    model: type[PdfJob],
    job_id: int,
    document: Callable[[PdfJob], tuple[str, dict]],
    *,
    redelivered: bool,
) -> str:
    attempt = _claim(model, job_id, redelivered=redelivered)
    if attempt is None:
        status = model.objects.filter(pk=job_id).values_list("status", flat=True).first()
        return f"skipped ({status or 'missing'})"
    mine = model.objects.filter(pk=job_id, status=RUNNING, attempts=attempt)

    def progress(percent: int, text: str) -> None:
        mine.update(progress=percent, progress_text=text)

    stored = None
    try:
        job = model.objects.get(pk=job_id)
        with translation.override(settings.LANGUAGE_CODE):
            template_name, context = document(job)
        progress(40, "layout")
        pdf, pages = render_job_pdf(template_name, context)
        progress(90, "saving")
        stored = default_storage.save(report_upload_to(job, "rapport.pdf"), ContentFile(pdf))
    except Exception as error:
        logger.exception("%s %s could not be made", model.__name__, job_id)
        if stored:
            default_storage.delete(stored)
        mine.update(status=FAILED, error=f"{type(error).__name__}: {error}"[:2000], progress=0, progress_text="")
        return "failed"
    # The file is whole; only now is the row marked done, and only if this worker still owns it.
    updated = mine.update(
        status=DONE, file=stored, pages=pages, made_at=timezone.now(), progress=100, progress_text="", error=""
    )
    if not updated:
        default_storage.delete(stored)
        logger.warning("%s %s: another worker took it over; this worker's file was thrown away", model.__name__, job_id)
        return "superseded"
    logger.info("%s %s made: %s pages", model.__name__, job_id, pages)
    return "done"


def pdf_jobs_requeue_waiting() -> int:
    """Send again every report and meeting pack that has waited too long (the broker was probably
    down when it was asked for) or has been running for longer than the hard time limit allows (its
    worker was lost). Run by Celery beat; the tasks are idempotent. Returns how many were sent."""
    now = timezone.now()
    stuck = Q(status=WAITING, requested_at__lt=now - WAITING_STALE_AFTER) | Q(
        status=RUNNING, started_at__lt=now - RUNNING_STALE_AFTER
    )
    sent = 0
    for model in (FollowUpReport, MeetingPack):
        for job_id in model.objects.filter(stuck).order_by("pk").values_list("pk", flat=True):
            sent += _send(model, job_id)
    if sent:
        logger.info("%s PDF jobs sent to the queue again", sent)
    return sent
