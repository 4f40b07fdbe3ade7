"""Demo data of the yearly follow-up report: last year's closed round gets its report, made and
published by the convener, so the public page of published reports has something to show.

The report is made the way a worker makes it — recorded by ``followup_report_request`` and built by
``followup_report_make`` — but here, at once (no broker), and stored in the media storage. Running
load_demo again leaves it as it is: a round that already has a published version gets no new one.
"""

from django.core.files.storage import default_storage

from accounts.models import User
from followup.models import FollowUpRound
from overenskommelse.demo_year import demo_year

from .models import FollowUpReport, PdfJobStatus
from .services.pdf_jobs import (
    followup_report_make,
    followup_report_publish,
    followup_report_request,
)

CONVENER = "sammankallande@demo.lund.se"


def _published(followup_round: FollowUpRound) -> FollowUpReport | None:
    report = FollowUpReport.objects.filter(
        followup_round=followup_round, status=PdfJobStatus.DONE, published_at__isnull=False
    ).first()
    if report is not None and report.file and default_storage.exists(report.file.name):
        return report
    return None


def load_demo(*, stdout, agreement: str = "lund") -> None:
    if agreement != "lund":  # the data below is Lund's
        return
    followup_round = FollowUpRound.objects.filter(year=demo_year() - 1, closed_at__isnull=False).first()
    convener = User.objects.filter(email=CONVENER).first()
    if followup_round is None or convener is None:
        stdout.write("  follow-up report: no closed round for last year, none made")
        return
    report = _published(followup_round)
    if report is None:
        report = followup_report_request(followup_round=followup_round, by=convener, enqueue=False)
        result = followup_report_make(report_id=report.pk)
        report.refresh_from_db()
        if result != "done":
            stdout.write(f"  follow-up report {followup_round.year}: could not be made ({report.error})")
            return
        followup_report_publish(report=report, by=convener)
    stdout.write(
        f"  follow-up report {followup_round.year}: version {report.version} published ({report.pages} pages)"
    )
