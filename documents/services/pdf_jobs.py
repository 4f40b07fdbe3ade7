"""The PDFs made in the background: the yearly follow-up report (one version per request, every
version kept, one published per round) and the meeting pack.

Each is a background job of ``plumbing.jobs`` (its docstring says what is promised: recorded first
and sent after the commit, claimed with a conditional UPDATE, done exactly once, stuck jobs sent
again, failures shown; the stale windows are there too). What is the documents' own:

* **Sent after the commit, never failing the request.** If the broker is down at the commit the
  row stays ``waiting`` and ``pdf_jobs_requeue_waiting`` (Celery beat) sends it later.
* **The file first, then the row.** The PDF is written to the storage completely, and only then is
  the job finished; a worker that lost its claim meanwhile deletes its file instead.
* **Progress.** The row carries a progress a page shows while the PDF is made.
* **Made again.** ``*_retry`` puts a failed job back to ``waiting`` and sends it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from collaboration.models import Meeting
from followup.models import FollowUpRound
from plumbing import outbox
from plumbing.audit import audit_record
from plumbing.jobs import (
    job_ask_again,
    job_claim,
    job_fail,
    job_finish,
    job_release,
    jobs_live,
    jobs_requeue_stuck,
)
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
    "PDF_VARIANT",
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
DONE = PdfJobStatus.DONE
FAILED = PdfJobStatus.FAILED

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
    updated = job_ask_again(model.objects.filter(pk=job.pk, status=FAILED), progress=0, progress_text="waiting")
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
    pending = meeting.packs.filter(jobs_live()).first()
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


def _make(
    model: type[PdfJob],
    job_id: int,
    document: Callable[[PdfJob], tuple[str, dict]],
    *,
    redelivered: bool,
) -> str:
    claim = job_claim(model, job_id, redelivered=redelivered, progress=5, progress_text="collecting")
    if claim is None:
        status = model.objects.filter(pk=job_id).values_list("status", flat=True).first()
        return f"skipped ({status or 'missing'})"

    def progress(percent: int, text: str) -> None:
        claim.rows().update(progress=percent, progress_text=text)

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
        if not job_fail(claim, error, progress=0, progress_text=""):
            job_release(claim)
        return "failed"
    # The file is whole; only now is the job finished, and only if this worker still holds it.
    if not job_finish(claim, file=stored, pages=pages, progress=100, progress_text=""):
        default_storage.delete(stored)
        job_release(claim)
        logger.warning("%s %s: another worker took it over; this worker's file was thrown away", model.__name__, job_id)
        return "superseded"
    logger.info("%s %s made: %s pages", model.__name__, job_id, pages)
    return "done"


def pdf_jobs_requeue_waiting() -> int:
    """Send again every report and meeting pack that has waited too long (the broker was probably
    down when it was asked for) or has been running for longer than the hard time limit allows (its
    worker was lost): ``plumbing.jobs.jobs_requeue_stuck``. Run by Celery beat; the tasks are
    idempotent. Returns how many were sent."""
    sent = 0
    for model in (FollowUpReport, MeetingPack):
        sent += jobs_requeue_stuck(model, lambda job_id, model=model: _send(model, job_id))
    if sent:
        logger.info("%s PDF jobs sent to the queue again", sent)
    return sent
