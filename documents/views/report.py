"""The yearly follow-up report and the meeting pack: asking for a PDF, watching it being made
(htmx polls a small status block; without JavaScript a reload shows the same), trying again after a
failure, downloading, and publishing a version (the convener).

Thin views: ``services.pdf_jobs`` changes state, ``selectors.report`` reads, ``rules`` say who may
do what (anonymous → log in; logged in without the right → 403, or 404 for a report or pack they
may not know exists).
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from collaboration.models import Meeting
from followup.models import FollowUpRound
from plumbing.files import pdf_response

from ..models import FollowUpReport, MeetingPack, PdfJobStatus
from ..selectors.report import published_reports, report_versions
from ..services import pdf_jobs

__all__ = [
    "MeetingPackCreateView",
    "MeetingPackStatusView",
    "PublishedReportListView",
    "ReportCreateView",
    "ReportListView",
    "ReportPublishView",
    "ReportRetryView",
    "ReportStatusView",
    "meeting_pack_download",
    "report_download",
]


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _no_store(response):
    patch_vary_headers(response, ["HX-Request"])
    response["Cache-Control"] = "private, no-store"
    return response


def _deny(request):
    """Anonymous: log in first. Logged in without the right: nothing to see here."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def _report_filename(report: FollowUpReport) -> str:
    return f"uppfoljningsrapport-{report.followup_round.year}-version-{report.version}.pdf"


# --- The yearly follow-up report -------------------------------------------------------------------


class RoundMixin(PermissionRequiredMixin):
    """The round of the year in the URL (404 when unknown), as the permission object."""

    permission_required = "documents.make_followup_report"

    def get_permission_object(self) -> FollowUpRound:
        return self.followup_round

    @property
    def followup_round(self) -> FollowUpRound:
        if not hasattr(self, "_round"):
            self._round = get_object_or_404(FollowUpRound, year=self.kwargs["year"])
        return self._round

    def list_url(self) -> str:
        return reverse("documents:report_list", kwargs={"year": self.followup_round.year})


class ReportListView(RoundMixin, TemplateView):
    """/uppfoljning/<year>/rapport/: every version of the round's report with its state, the button
    that makes a new one, and (for the convener) publishing."""

    template_name = "documents/report_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(followup_round=self.followup_round, reports=report_versions(self.followup_round))
        return context

    def render_to_response(self, context, **response_kwargs):
        return _no_store(super().render_to_response(context, **response_kwargs))


class ReportCreateView(RoundMixin, View):
    """POST: ask for a new version (made in the background); back to the list, which shows it."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        report = pdf_jobs.followup_report_request(followup_round=self.followup_round, by=request.user)
        report.refresh_from_db()
        if report.status == PdfJobStatus.DONE:  # made at once (no separate worker)
            messages.success(request, _("Version %(version)s of the report is ready.") % {"version": report.version})
        else:
            messages.info(
                request,
                _("Version %(version)s of the report is being made. This page shows when it is ready.")
                % {"version": report.version},
            )
        return redirect(f"{self.list_url()}#version-{report.version}")


class ReportMixin(PermissionRequiredMixin):
    """One version from the URL (404 when unknown), as the permission object."""

    permission_required = "documents.make_followup_report"

    def get_permission_object(self) -> FollowUpReport:
        return self.report

    @property
    def report(self) -> FollowUpReport:
        if not hasattr(self, "_report"):
            self._report = get_object_or_404(
                FollowUpReport.objects.select_related("followup_round", "requested_by", "published_by"),
                pk=self.kwargs["pk"],
            )
        return self._report

    def list_url(self) -> str:
        return reverse("documents:report_list", kwargs={"year": self.report.followup_round.year})


class ReportStatusView(ReportMixin, TemplateView):
    """The state of one version: the small block htmx polls while it is made. Without htmx, the
    round's list (which shows the same)."""

    template_name = "documents/report_version.html"

    def get(self, request, *args, **kwargs):
        if not _is_htmx(request):
            return redirect(f"{self.list_url()}#version-{self.report.version}")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(report=self.report, followup_round=self.report.followup_round, is_htmx=True)
        return context

    def render_to_response(self, context, **response_kwargs):
        return _no_store(super().render_to_response(context, **response_kwargs))


class ReportRetryView(ReportMixin, View):
    """POST: make a failed version again."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            report = pdf_jobs.followup_report_retry(report=self.report, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            report.refresh_from_db()
            if report.status != PdfJobStatus.DONE:
                messages.info(request, _("Version %(version)s is being made again.") % {"version": report.version})
        return redirect(f"{self.list_url()}#version-{self.report.version}")


class ReportPublishView(ReportMixin, View):
    """POST (the convener): publish a finished version, or take it off the public page."""

    permission_required = "documents.publish_followup_report"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        report = self.report
        if request.POST.get("action") == "unpublish":
            pdf_jobs.followup_report_unpublish(report=report, by=request.user)
            messages.success(request, _("Version %(version)s is no longer public.") % {"version": report.version})
        elif report.is_preliminary and request.POST.get("confirm_preliminary") != "yes":
            # A version made while its round is open is preliminary: publishing it needs the box
            # that says so ticked; without it nothing is published.
            messages.error(
                request,
                _(
                    "Version %(version)s was made while the round was open, so it is preliminary. Tick the box "
                    "to confirm that you want to publish a preliminary report."
                )
                % {"version": report.version},
            )
        else:
            try:
                pdf_jobs.followup_report_publish(report=report, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("Version %(version)s is published. Everyone can download it from the page of published reports.")
                    % {"version": report.version},
                )
        return redirect(f"{self.list_url()}#version-{report.version}")


def report_download(request, pk: int):
    """A finished version's PDF: anyone when it is published, otherwise the group and the convener."""
    report = get_object_or_404(FollowUpReport.objects.select_related("followup_round"), pk=pk)
    if not request.user.has_perm("documents.view_followup_report", report):
        return _deny(request)
    if report.status != PdfJobStatus.DONE:
        raise Http404
    return pdf_response(report.file, filename=_report_filename(report), private=report.published_at is None)


class PublishedReportListView(ListView):
    """/uppfoljning/rapporter/: the published follow-up reports, for everyone."""

    template_name = "documents/report_published.html"
    context_object_name = "reports"
    paginate_by = 20

    def get_queryset(self):
        return published_reports()


# --- The meeting pack ----------------------------------------------------------------------------


class MeetingPackMixin(PermissionRequiredMixin):
    permission_required = "documents.make_meeting_pack"

    def get_permission_object(self) -> Meeting:
        return self.meeting

    @property
    def meeting(self) -> Meeting:
        if not hasattr(self, "_meeting"):
            self._meeting = get_object_or_404(Meeting, pk=self.kwargs["pk"])
        return self._meeting

    def meeting_url(self) -> str:
        return reverse("collaboration:meeting_detail", kwargs={"pk": self.meeting.pk}) + "#motespaket"


class MeetingPackCreateView(MeetingPackMixin, View):
    """POST: make the meeting's pack (again); back to the meeting page, which shows its progress."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        pack = pdf_jobs.meeting_pack_request(meeting=self.meeting, by=request.user)
        pack.refresh_from_db()
        if pack.status == PdfJobStatus.DONE:
            messages.success(request, _("The meeting pack is ready."))
        else:
            messages.info(request, _("The meeting pack is being made. The meeting page shows when it is ready."))
        return redirect(self.meeting_url())


class MeetingPackStatusView(MeetingPackMixin, TemplateView):
    """The meeting pack's block, polled by htmx while the pack is made; without htmx, the meeting."""

    template_name = "documents/_meeting_pack.html"

    def get(self, request, *args, **kwargs):
        if not _is_htmx(request):
            return redirect(self.meeting_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(meeting=self.meeting, is_htmx=True)
        return context

    def render_to_response(self, context, **response_kwargs):
        return _no_store(super().render_to_response(context, **response_kwargs))


def meeting_pack_download(request, pk: int, pack_pk: int):
    """A finished meeting pack, for the group and the convener."""
    pack = get_object_or_404(MeetingPack.objects.select_related("meeting"), pk=pack_pk, meeting_id=pk)
    if not request.user.has_perm("documents.make_meeting_pack", pack.meeting):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    if pack.status != PdfJobStatus.DONE:
        raise Http404
    day = timezone.localtime(pack.meeting.starts_at).date()
    return pdf_response(pack.file, filename=f"motespaket-{day:%Y-%m-%d}.pdf")


urlpatterns = [
    path("uppfoljning/rapporter/", PublishedReportListView.as_view(), name="published_reports"),
    path("uppfoljning/<int:year>/rapport/", ReportListView.as_view(), name="report_list"),
    path("uppfoljning/<int:year>/rapport/skapa/", ReportCreateView.as_view(), name="report_create"),
    path("uppfoljning/uppfoljningsrapport/<int:pk>/status/", ReportStatusView.as_view(), name="report_status"),
    path("uppfoljning/uppfoljningsrapport/<int:pk>/forsok-igen/", ReportRetryView.as_view(), name="report_retry"),
    path("uppfoljning/uppfoljningsrapport/<int:pk>/publicera/", ReportPublishView.as_view(), name="report_publish"),
    path("uppfoljning/uppfoljningsrapport/<int:pk>/ladda-ner/", report_download, name="report_download"),
    path("samverkansgruppen/moten/<int:pk>/motespaket/", MeetingPackCreateView.as_view(), name="meeting_pack_create"),
    path(
        "samverkansgruppen/moten/<int:pk>/motespaket/status/",
        MeetingPackStatusView.as_view(),
        name="meeting_pack_status",
    ),
    path(
        "samverkansgruppen/moten/<int:pk>/motespaket/<int:pack_pk>/ladda-ner/",
        meeting_pack_download,
        name="meeting_pack_download",
    ),
]
