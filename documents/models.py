"""The documents made in the background: the meeting pack and the yearly follow-up report (PDF).

The tables keep their names from before the split of ``followup`` (issue 15); the files keep their
``followup/`` folder in the storage.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from collaboration.models import Meeting
from followup.models import FollowUpRound
from plumbing.jobs import Job, JobStatus

# --- PDFs made in the background -----------------------------------------------------------------


# The states of a PDF job are those of every background job (``plumbing.jobs``).
PdfJobStatus = JobStatus


def report_upload_to(instance, filename: str) -> str:
    return f"followup/{uuid.uuid4().hex}.pdf"


class PdfJob(Job):
    """What the meeting pack and the yearly report share: a background job (``plumbing.jobs``: its
    status, attempts, times and error) with a progress a page can show while the PDF is made, and
    the stored file."""

    progress = models.PositiveSmallIntegerField(_("progress (percent)"), default=0)
    progress_text = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to=report_upload_to, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        abstract = True


class MeetingPack(PdfJob):
    """The meeting's PDF: agenda, the dashboard as it stands, the applications to decide."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="packs")

    class Meta:
        # The table keeps its name from before the split (issue 15): moved without copying.
        db_table = "followup_meetingpack"
        verbose_name = _("meeting pack")
        verbose_name_plural = _("meeting packs")
        ordering = ["-requested_at", "-pk"]


class FollowUpReport(PdfJob):
    """One version of a round's yearly follow-up report. Making it again adds a version; every
    version is kept. A published version is public on the site."""

    followup_round = models.ForeignKey(FollowUpRound, on_delete=models.PROTECT, related_name="reports")
    version = models.PositiveSmallIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        # The table keeps its name from before the split (issue 15): moved without copying.
        db_table = "followup_followupreport"
        verbose_name = _("yearly follow-up report")
        verbose_name_plural = _("yearly follow-up reports")
        ordering = ["-followup_round__year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["followup_round", "version"], name="followupreport_unique_version")
        ]

    @property
    def is_preliminary(self) -> bool:
        """Made before its round was closed: its PDF says "Preliminär" on the cover and on every
        page, and publishing it asks the convener to confirm that."""
        closed_at = self.followup_round.closed_at
        made_at = self.made_at or self.started_at or self.requested_at
        return closed_at is None or (made_at is not None and made_at < closed_at)

    def __str__(self) -> str:
        return _("Follow-up report %(year)s, version %(version)s") % {
            "year": self.followup_round.year,
            "version": self.version,
        }
