"""``python manage.py bench_report [--scale large] [--year Y]``: how long the yearly follow-up report
takes, how many pages it has, how much memory and how many queries it needs, and how much of the
time WeasyPrint alone takes on the same HTML.

It uses the data in the database; with ``--scale large`` it first loads the large demo data set
(``load_demo --scale large``: 5,000 organisations, 2,000 initiatives, 3,000 commitments, ten years
of follow-up) unless it is there already. The report is built exactly as a worker builds it
(``followup_report_request`` + ``followup_report_make``), in this process; the version it adds is
removed afterwards unless ``--keep`` is given.
"""

import resource
import shutil
import time
import tracemalloc

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from demo.demo_large import is_loaded
from documents.models import FollowUpReport
from followup.models import FollowUpRound


class Command(BaseCommand):
    help = "Build the yearly follow-up report and print seconds, pages, peak memory, queries and WeasyPrint's share."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["existing", "normal", "large"], default="existing",
                            help="large: load the large demo data set first (if it is not there); normal: the "
                            "ordinary demo data if there is no round at all; existing (default): use what is there.")
        parser.add_argument("--year", type=int, help="The round's year (default: the latest closed round).")
        parser.add_argument("--keep", action="store_true", help="Keep the version made (default: remove it).")
        parser.add_argument("--output", help="Also copy the PDF to this path.")
        parser.add_argument("--no-tracemalloc", action="store_true",
                            help="Skip the second, traced build that measures the peak of Python's allocations.")

    def handle(self, *args, **options):
        self._load(options["scale"])
        followup_round = self._round(options["year"])
        self.stdout.write(f"Follow-up report {followup_round.year}: building …")
        from documents.services.pdf_jobs import (
            followup_report_make,
            followup_report_request,
        )

        # 1. The build as a worker does it, untraced: seconds, queries, pages, the process's peak memory.
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            report = followup_report_request(followup_round=followup_round, by=None, enqueue=False)
            result = followup_report_make(report_id=report.pk)
            seconds = time.perf_counter() - started
        max_rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        report.refresh_from_db()
        if result != "done":
            raise CommandError(f"The report could not be made: {report.error}")
        size = report.file.size
        made = [report]

        # 2. WeasyPrint alone on the same HTML.
        weasyprint_seconds, html_seconds, html_bytes = self._weasyprint_alone(followup_round, report)

        # 3. The build again with tracemalloc, for the peak of Python's own allocations (tracing
        # slows Python down, so its time is not the one reported above).
        traced_peak = None
        if not options["no_tracemalloc"]:
            tracemalloc.start()
            traced = followup_report_request(followup_round=followup_round, by=None, enqueue=False)
            followup_report_make(report_id=traced.pk)
            traced_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            traced.refresh_from_db()
            made.append(traced)

        if options["output"]:
            with default_storage.open(report.file.name, "rb") as source, open(options["output"], "wb") as target:
                shutil.copyfileobj(source, target)
        if not options["keep"]:
            for version in made:
                if version.file:
                    default_storage.delete(version.file.name)
                version.delete()

        lines = [
            ("year", str(followup_round.year)),
            ("seconds (whole report: data, HTML, layout, PDF, storage)", f"{seconds:.2f}"),
            ("pages", str(report.pages)),
            ("PDF size", f"{size / 1024:.0f} KiB"),
            ("queries", str(len(queries))),
            ("peak memory, Python allocations (tracemalloc)",
             f"{traced_peak / 1024 / 1024:.1f} MiB" if traced_peak is not None else "not traced"),
            ("peak memory, whole process (getrusage maxrss, untraced build)", f"{max_rss_kib / 1024:.1f} MiB"),
            ("seconds to build the context and render the HTML", f"{html_seconds:.2f} ({html_bytes / 1024:.0f} KiB of HTML)"),
            ("seconds WeasyPrint alone takes on that HTML (layout + PDF/UA)", f"{weasyprint_seconds:.2f}"),
        ]
        width = max(len(label) for label, _value in lines)
        for label, value in lines:
            self.stdout.write(f"  {label.ljust(width)}  {value}")

    def _load(self, scale: str) -> None:
        if scale == "large":
            if not is_loaded():
                self.stdout.write("The large data set is not there: loading it (load_demo --scale large) …")
                call_command("load_demo", scale="large", stdout=self.stdout)
        elif scale == "normal" and not FollowUpRound.objects.exists():
            call_command("load_demo", stdout=self.stdout)

    def _round(self, year: int | None) -> FollowUpRound:
        rounds = FollowUpRound.objects.all()
        if year is not None:
            followup_round = rounds.filter(year=year).first()
            if followup_round is None:
                raise CommandError(f"There is no follow-up round for {year}.")
            return followup_round
        followup_round = rounds.filter(closed_at__isnull=False).order_by("-year").first() or rounds.order_by("-year").first()
        if followup_round is None:
            raise CommandError("There is no follow-up round. Load demo data (--scale normal or large) first.")
        return followup_round

    def _weasyprint_alone(self, followup_round: FollowUpRound, report: FollowUpReport) -> tuple[float, float, int]:
        """Render the report's HTML once, then time only WeasyPrint on it, with the same safe
        fetcher and the same PDF variant as the real build."""
        import weasyprint
        from django.conf import settings
        from django.template.loader import render_to_string

        from documents.selectors.report import followup_report_context
        from documents.services.pdf_jobs import PDF_VARIANT
        from plumbing.pdf import StaticOnlyURLFetcher, pdf_base_url

        with translation.override(settings.LANGUAGE_CODE):
            started = time.perf_counter()
            html = render_to_string("pdf/followup_report.html", followup_report_context(followup_round, report=report))
            html_seconds = time.perf_counter() - started
            started = time.perf_counter()
            weasyprint.HTML(string=html, base_url=pdf_base_url(), url_fetcher=StaticOnlyURLFetcher()).write_pdf(
                pdf_variant=PDF_VARIANT
            )
            weasyprint_seconds = time.perf_counter() - started
        return weasyprint_seconds, html_seconds, len(html.encode())
