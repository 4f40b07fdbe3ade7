"""Celery tasks: the yearly follow-up report and the meeting pack, made in the background.

Each task takes an id, reads the row again and is safe to run twice (see ``services.pdf_jobs`` and
``plumbing.jobs``). ``acks_late`` with
``reject_on_worker_lost``: a worker killed in the middle does not lose the task, the broker hands
it out again, and the new run takes over the row the dead worker left running.
"""

from celery import shared_task
from django.conf import settings

from plumbing.jobs import task_redelivered

from .services.pdf_jobs import followup_report_make, meeting_pack_make, pdf_jobs_requeue_waiting

__all__ = ["make_followup_report", "make_meeting_pack", "requeue_pdf_jobs"]

# The hard limit stays below the broker's visibility timeout (settings: the limit + 240 s), so Redis
# never hands a task that is still running to a second worker. The soft limit lets the task record
# "failed" with the reason before the hard one kills it.
PDF_TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "soft_time_limit": settings.CELERY_TASK_SOFT_TIME_LIMIT,
    "time_limit": settings.CELERY_TASK_TIME_LIMIT,
    "bind": True,
}


@shared_task(**PDF_TASK_OPTIONS)
def make_followup_report(self, report_id: int) -> str:
    """Make and store one version of the yearly follow-up report."""
    return followup_report_make(report_id=report_id, redelivered=task_redelivered(self))


@shared_task(**PDF_TASK_OPTIONS)
def make_meeting_pack(self, pack_id: int) -> str:
    """Make and store one meeting pack."""
    return meeting_pack_make(pack_id=pack_id, redelivered=task_redelivered(self))


@shared_task
def requeue_pdf_jobs() -> int:
    """Periodic (beat): send again the reports and meeting packs that waited or ran too long."""
    return pdf_jobs_requeue_waiting()


# --- Names from before the split of followup (issue 15) ------------------------------------------
# A task already handed to the broker before the deploy carries its old name: the same function
# runs under it (with the alias's own request, so a redelivered message is still recognised). The
# jobs' rows are requeued by ``requeue_pdf_jobs`` in any case. Remove once no message can carry one.
@shared_task(name="followup.tasks_reports.make_followup_report", **PDF_TASK_OPTIONS)
def make_followup_report_before_split(self, report_id: int) -> str:
    return make_followup_report.run.__func__(self, report_id)


@shared_task(name="followup.tasks_reports.make_meeting_pack", **PDF_TASK_OPTIONS)
def make_meeting_pack_before_split(self, pack_id: int) -> str:
    return make_meeting_pack.run.__func__(self, pack_id)


shared_task(name="followup.tasks_reports.requeue_pdf_jobs")(requeue_pdf_jobs.__wrapped__)
