"""On the day and afterwards: the check-in page for the helpers at the door (search, mark attended,
per session, walk-ins), the participant list as CSV and Excel and the name badges as PDF, the
documentation, certificates of attendance and the attendance figures.

Thin views: forms validate, ``services`` change state, ``selectors`` read, ``rules`` say who may do
what (anonymous → log in; logged in without the right → 403; unknown conference → 404).
"""

import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView, View
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from rules.contrib.views import PermissionRequiredMixin

from plumbing.files import pdf_response
from plumbing.forms import apply_service_errors
from plumbing.lists import filter_query, page_range
from plumbing.opendata import csv_cell, csv_response
from plumbing.pdf import render_pdf

from .. import selectors, services
from ..forms.attendance import (
    CertificateNameForm,
    CheckInSearchForm,
    CheckInToggleForm,
    DocumentForm,
    WalkInForm,
)
from ..models import Certificate, Conference, Document, Registration

__all__ = [
    "AttendanceFiguresView",
    "CertificateView",
    "CheckInToggleView",
    "CheckInView",
    "DocumentCreateView",
    "WalkInView",
    "badges_pdf",
    "certificate_file",
    "document_file",
    "participants_csv",
    "participants_xlsx",
]

PAGE_SIZE = 25


class ConferenceMixin(PermissionRequiredMixin):
    """One conference from the URL, looked up once (404 when unknown), as the permission object."""

    def get_object(self) -> Conference:
        if not hasattr(self, "_conference"):
            self._conference = get_object_or_404(Conference, pk=self.kwargs["pk"])
        return self._conference

    @property
    def conference(self) -> Conference:
        return self.get_object()


def _conference_or_deny(request, pk: int, permission: str):
    """For the function views: the conference, or the response/exception the rules call for."""
    conference = get_object_or_404(Conference, pk=pk)
    if not request.user.has_perm(permission, conference):
        if not request.user.is_authenticated:
            return None, redirect_to_login(request.get_full_path())
        raise PermissionDenied
    return conference, None


def _private(response):
    """Personal data: never kept by a shared cache or the browser's history."""
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Check-in ------------------------------------------------------------------------------------


def _checkin_url(conference: Conference, *, q: str = "", session=None, page: int | None = None) -> str:
    params = {"q": q, "session": session.pk if session else "", "page": page if page and page > 1 else ""}
    query = urlencode({key: value for key, value in params.items() if value})
    url = reverse("conferences:check_in", kwargs={"pk": conference.pk})
    return f"{url}?{query}" if query else url


class CheckInView(ConferenceMixin, TemplateView):
    """/konferens/<pk>/incheckning/: the helpers' list on a phone — search a name, mark attended."""

    permission_required = "conferences.check_in"
    template_name = "conferences/checkin.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = self.conference
        form = CheckInSearchForm(self.request.GET or None, conference=conference)
        query, session = form.values()
        registrations = selectors.checkin_registrations(conference, query=query, session=session)
        page_obj = Paginator(registrations, PAGE_SIZE).get_page(self.request.GET.get("page"))
        filters = filter_query({"q": query, "session": session.pk if session else ""})
        context.update(
            conference=conference,
            form=form,
            query=query,
            session=session,
            counts=selectors.checkin_counts(conference, session=session),
            page_obj=page_obj,
            registrations=page_obj.object_list,
            page_range=page_range(page_obj, on_each_side=1),
            filter_query=filters,
            may_export=self.request.user.has_perm("conferences.view_registrations", conference),
            is_today=conference.starts_on <= timezone.localdate() <= conference.ends_on,
        )
        return context


class CheckInToggleView(ConferenceMixin, View):
    """POST: mark one confirmed registration as attended (or undo), at the conference or in a session."""

    permission_required = "conferences.check_in"
    http_method_names = ("post",)

    def post(self, request, *args, **kwargs):
        conference = self.conference
        registration = get_object_or_404(
            Registration, pk=self.kwargs["registration_pk"], conference=conference, status=Registration.Status.CONFIRMED
        )
        form = CheckInToggleForm(request.POST, conference=conference)
        if not form.is_valid():
            messages.error(request, _("That did not work. Try again."))
            return redirect(_checkin_url(conference))
        attended = form.cleaned_data["attended"]
        session = form.cleaned_data["session"]
        try:
            if session is None:
                services.registration_check_in(registration=registration, by=request.user, attended=attended)
            else:
                services.session_attendance_set(
                    registration=registration, session=session, by=request.user, attended=attended
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if session is None:
                text = _("%(name)s is checked in.") if attended else _("%(name)s is no longer checked in.")
            else:
                text = _("%(name)s is checked in to %(session)s.") if attended else _("%(name)s is no longer checked in to %(session)s.")
            messages.success(request, text % {"name": registration.name, "session": session.title if session else ""})
        return redirect(
            _checkin_url(conference, q=form.cleaned_data["q"] or "", session=session, page=form.cleaned_data["page"])
        )


class WalkInView(ConferenceMixin, TemplateView):
    """/konferens/<pk>/incheckning/spontan/: add someone who did not register, checked in at once."""

    permission_required = "conferences.check_in"
    template_name = "conferences/checkin_walk_in.html"

    def render(self, form):
        return self.render_to_response(
            {
                "conference": self.conference,
                "form": form,
                "organisation_names": selectors.organisation_names(),
                "view": self,
            }
        )

    def get(self, request, *args, **kwargs):
        return self.render(WalkInForm())

    def post(self, request, *args, **kwargs):
        form = WalkInForm(request.POST)
        if form.is_valid():
            try:
                registration = services.registration_walk_in(
                    conference=self.conference,
                    by=request.user,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    organisation_name=form.cleaned_data["organisation"],
                )
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(request, _("%(name)s was added as a walk-in and is checked in.") % {"name": registration.name})
                return redirect(_checkin_url(self.conference))
        return self.render(form)


# --- Participant list and name badges -----------------------------------------------------------


def _export_filename(conference: Conference, stem: str, extension: str) -> str:
    return f"{stem}-{conference.starts_on.isoformat()}-{conference.pk}.{extension}"


@require_GET
def participants_csv(request, pk: int):
    """The participant list as CSV (UTF-8 with BOM, semicolons, formula cells neutralised)."""
    conference, denied = _conference_or_deny(request, pk, "conferences.view_registrations")
    if denied:
        return denied
    export = selectors.participant_export(
        conference, with_needs=request.user.has_perm("conferences.view_registrations", conference)
    )
    response = csv_response(
        filename=_export_filename(conference, "deltagare", "csv"), header=export.header, rows=export.rows
    )
    del response["Access-Control-Allow-Origin"]  # personal data, not open data
    return _private(response)


def _xlsx_cell(value) -> str:

    return ILLEGAL_CHARACTERS_RE.sub("", csv_cell(value))


@require_GET
def participants_xlsx(request, pk: int):
    """The participant list as an Excel workbook; every cell is text, formulas neutralised as in
    the CSV."""

    conference, denied = _conference_or_deny(request, pk, "conferences.view_registrations")
    if denied:
        return denied
    export = selectors.participant_export(
        conference, with_needs=request.user.has_perm("conferences.view_registrations", conference)
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Participants")[:31]
    sheet.append([_xlsx_cell(label) for label in export.header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in export.rows:
        sheet.append([_xlsx_cell(value) for value in row])
    for cell in sheet.iter_rows(min_row=2):
        for item in cell:
            item.data_type = "s"  # text, never a formula
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJ", [28, 30, 32, 18, 10, 40, 18, 14, 30, 30], strict=False):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_filename(conference, "deltagare", "xlsx")}"'
    return _private(response)


@require_GET
def badges_pdf(request, pk: int):
    """Name badges for every confirmed participant, eight to an A4 page (name and organisation)."""
    conference, denied = _conference_or_deny(request, pk, "conferences.view_registrations")
    if denied:
        return denied
    pdf = render_pdf("pdf/badges.html", {"conference": conference, "pages": selectors.badge_pages(conference)})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_export_filename(conference, "namnbrickor", "pdf")}"'
    return _private(response)


# --- Documentation -------------------------------------------------------------------------------


class DocumentCreateView(ConferenceMixin, TemplateView):
    """/konferens/<pk>/dokumentation/: the convener publishes presentations (PDF) and notes."""

    permission_required = "conferences.manage_conference"
    template_name = "conferences/document_create.html"

    def render(self, form):
        conference = self.conference
        return self.render_to_response(
            {
                "conference": conference,
                "form": form,
                "documents": selectors.conference_documents(conference),
                "view": self,
            }
        )

    def get(self, request, *args, **kwargs):
        return self.render(DocumentForm(conference=self.conference))

    def post(self, request, *args, **kwargs):
        conference = self.conference
        form = DocumentForm(request.POST, request.FILES, conference=conference)
        if form.is_valid():
            try:
                services.document_create(
                    conference=conference,
                    by=request.user,
                    title=form.cleaned_data["title"],
                    file=form.cleaned_data["file"],
                    notes=form.cleaned_data["notes"],
                    session=form.cleaned_data["session"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The documentation is published on the conference page."))
                return redirect(reverse("conferences:document_create", kwargs={"pk": conference.pk}))
        return self.render(form)


@require_GET
def document_file(request, pk: int, document_pk: int):
    """A document's PDF, shown in the browser: public once the conference is published; before that
    only for those who may see the draft (others are told nothing exists)."""
    conference = get_object_or_404(Conference, pk=pk)
    if not request.user.has_perm("conferences.view_conference", conference):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    document = get_object_or_404(Document, pk=document_pk, conference=conference)
    return pdf_response(
        document.file,
        filename=f"{slugify(document.title) or 'dokument'}.pdf",
        as_attachment=False,
        private=not conference.is_published,
    )


# --- Certificates of attendance -------------------------------------------------------------------


def _certificate_registration(token: str) -> Registration:
    registration = selectors.certificate_registration(token)
    if registration is None:
        raise Http404
    return registration


def _certificate_of(registration: Registration) -> Certificate | None:
    try:
        return registration.certificate
    except Certificate.DoesNotExist:
        return None


class CertificateView(TemplateView):
    """/konferens/intyg/<token>/: the participant's certificate of attendance through their personal
    link — its state, a button to have it made (again), progress while it is made, the download."""

    template_name = "conferences/certificate.html"
    fragment_template_name = "conferences/certificate_status.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request") == "true":
            return [self.fragment_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = _certificate_registration(self.kwargs["token"])
        certificate = _certificate_of(registration)
        attendances = list(selectors.training_attendances(registration))
        status = certificate.status if certificate else None
        name_form = kwargs.get("name_form") or CertificateNameForm(initial={"name": registration.name})
        context.update(
            name_form=name_form,
            registration=registration,
            conference=registration.conference,
            certificate=certificate,
            attendances=attendances,
            eligible=bool(attendances),
            is_waiting=bool(certificate and certificate.is_pending),
            is_ready=status == Certificate.Status.DONE and bool(certificate.file),
            has_failed=status == Certificate.Status.FAILED,
            is_stale=bool(certificate and certificate.is_pending and certificate.is_stuck),
            needs_reissue=services.certificate_needs_reissue(certificate, registration),
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["HX-Request"])
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
        return response

    def post(self, request, *args, **kwargs):
        registration = _certificate_registration(self.kwargs["token"])
        if request.POST.get("action") == "correct_name":
            return self.correct_name(request, registration)
        try:
            certificate = services.certificate_request(registration=registration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if certificate.is_pending:
                messages.info(request, _("Your certificate is being made. This usually takes a few seconds."))
        return redirect(reverse("conferences:certificate", kwargs={"token": registration.token}))

    def correct_name(self, request, registration):
        form = CertificateNameForm(request.POST)
        if form.is_valid():
            try:
                services.certificate_correct_name(registration=registration, name=form.cleaned_data["name"])
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(request, _("Your name has been corrected."))
                return redirect(reverse("conferences:certificate", kwargs={"token": registration.token}))
        return self.render_to_response(self.get_context_data(name_form=form))


@require_GET
def certificate_file(request, token: str):
    """The certificate's PDF, for whoever holds the personal link."""
    registration = _certificate_registration(token)
    certificate = _certificate_of(registration)
    if certificate is None or certificate.status != Certificate.Status.DONE:
        raise Http404
    response = pdf_response(
        certificate.file,
        filename=f"intyg-{slugify(certificate.name_on_certificate) or registration.pk}.pdf",
    )
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Attendance figures --------------------------------------------------------------------------


class AttendanceFiguresView(ConferenceMixin, TemplateView):
    """/konferens/<pk>/narvaro/: who registered and who came — by sector, kind of organisation,
    connected or not, and the share of the invited organisations that came."""

    permission_required = "conferences.view_attendance_figures"
    template_name = "conferences/attendance_figures.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = self.conference
        context.update(
            conference=conference,
            figures=selectors.attendance_figures(conference),
            may_export=self.request.user.has_perm("conferences.view_registrations", conference),
            may_check_in=self.request.user.has_perm("conferences.check_in", conference),
        )
        return context
