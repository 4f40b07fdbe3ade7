"""The conference pages: the list (upcoming first, past below, with the reminder when a conference
is due), one conference, the convener's forms to set it up, the programme (public, for phones and
paper) with its sessions, and the iCalendar file.

Thin views: forms validate, ``services`` change state, ``selectors`` read, ``rules`` decide.
A draft is unknown (404) to everyone but the group and the convener.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from overenskommelse.selectors import worded
from plumbing.forms import apply_service_errors
from plumbing.lists import page_range

from .. import services
from ..forms.conference import ConferenceForm, SessionForm
from ..models import Conference, Session
from ..selectors import (
    conference_by_pk,
    conference_icalendar,
    conference_missing_for_due_year,
    conference_place_counts,
    conferences_visible_to,
    programme_days,
    registration_state,
)

__all__ = [
    "ConferenceCreateView",
    "ConferenceDetailView",
    "ConferenceEditView",
    "ConferenceListView",
    "ProgrammeView",
    "SessionCreateView",
    "SessionDeleteView",
    "SessionEditView",
    "conference_ical",
]


def visible_conference(request, pk: int) -> Conference:
    """The conference if the user may know it exists (published, or the group and the convener),
    else 404."""
    # Read by a query compiled once (``selectors.programme``, issue 16).
    conference = conference_by_pk(pk)
    if conference is None or not request.user.has_perm("conferences.view_conference", conference):
        raise Http404
    return conference


class ConferenceObjectMixin:
    """One conference, looked up once: 404 when unknown or a draft the user may not see."""

    def get_object(self) -> Conference:
        if not hasattr(self, "_conference"):
            self._conference = visible_conference(self.request, self.kwargs["pk"])
        return self._conference


# --- The list and one conference -----------------------------------------------------------------


class ConferenceListView(TemplateView):
    """/konferens/: upcoming conferences first (soonest first), past ones below (latest first,
    25 a page)."""

    template_name = "conferences/conference_list.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        conferences = conferences_visible_to(user)
        upcoming = list(conferences.filter(ends_on__gte=today).order_by("starts_on", "pk"))
        past = Paginator(conferences.filter(ends_on__lt=today).order_by("-starts_on", "-pk"), self.paginate_by)
        page = past.get_page(self.request.GET.get("page"))
        context.update(
            upcoming=upcoming,
            past=page.object_list,
            page_obj=page,
            page_range=page_range(page),
            missing_year=conference_missing_for_due_year(today)
            if user.has_perm("conferences.plan_conferences")
            else None,
        )
        return context


class ConferenceDetailView(ConferenceObjectMixin, TemplateView):
    template_name = "conferences/conference_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = self.get_object()
        context.update(
            conference=conference,
            counts=conference_place_counts(conference),
            state=registration_state(conference),
            session_count=conference.sessions.count(),
            documents=conference.documents.select_related("session").order_by("uploaded_at", "pk"),
        )
        return context


# --- Setting a conference up ---------------------------------------------------------------------


class ConferenceFormMixin:
    template_name = "conferences/conference_form.html"

    def render(self, form, conference):
        return self.render_to_response({"form": form, "conference": conference, "view": self})

    def get(self, request, *args, **kwargs):
        conference = self.get_conference()
        return self.render(ConferenceForm(instance=conference), conference)

    def post(self, request, *args, **kwargs):
        conference = self.get_conference()
        form = ConferenceForm(request.POST, instance=conference)
        if form.is_valid():
            try:
                saved = self.save(form.cleaned_data, conference)
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(request, self.success_message(saved))
                return redirect(saved.get_absolute_url())
        return self.render(form, conference)


class ConferenceCreateView(PermissionRequiredMixin, ConferenceFormMixin, TemplateView):
    """/konferens/ny/: the convener sets up a conference (a draft until published)."""

    permission_required = "conferences.manage_conference"

    def get_conference(self) -> Conference:
        return Conference()

    def save(self, data, conference) -> Conference:
        return services.conference_create(by=self.request.user, data=data)

    def success_message(self, conference) -> str:
        if conference.is_published:
            return _("The conference has been created and published.")
        return worded(_("The conference has been saved as a draft. Only %(group)s and you can see it."))


class ConferenceEditView(PermissionRequiredMixin, ConferenceObjectMixin, ConferenceFormMixin, TemplateView):
    permission_required = "conferences.manage_conference"

    def get_conference(self) -> Conference:
        return self.get_object()

    def save(self, data, conference) -> Conference:
        return services.conference_update(conference=conference, by=self.request.user, data=data)

    def success_message(self, conference) -> str:
        return _("The changes to the conference have been saved.")


# --- The programme -------------------------------------------------------------------------------


class ProgrammeView(ConferenceObjectMixin, TemplateView):
    """The programme grouped by day, for phones and for printing."""

    template_name = "conferences/programme.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = self.get_object()
        context.update(conference=conference, days=programme_days(conference))
        return context


class SessionFormMixin(PermissionRequiredMixin, ConferenceObjectMixin):
    permission_required = "conferences.manage_conference"
    template_name = "conferences/session_form.html"

    def get_session(self) -> Session:
        return get_object_or_404(Session, pk=self.kwargs["session_pk"], conference=self.get_object())

    def programme_url(self) -> str:
        return reverse("conferences:programme", kwargs={"pk": self.get_object().pk})

    def render(self, form, session):
        return self.render_to_response(
            {"form": form, "session": session, "conference": self.get_object(), "view": self}
        )


class SessionCreateView(SessionFormMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        return self.render(SessionForm(instance=Session(conference=self.get_object())), None)

    def post(self, request, *args, **kwargs):
        conference = self.get_object()
        form = SessionForm(request.POST, instance=Session(conference=conference))
        if form.is_valid():
            try:
                services.session_create(conference=conference, by=request.user, data=form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(request, _("The session has been added to the programme."))
                return redirect(self.programme_url())
        return self.render(form, None)


class SessionEditView(SessionFormMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        session = self.get_session()
        return self.render(SessionForm(instance=session), session)

    def post(self, request, *args, **kwargs):
        session = self.get_session()
        form = SessionForm(request.POST, instance=session)
        if form.is_valid():
            try:
                services.session_update(session=session, by=request.user, data=form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(request, _("The changes to the session have been saved."))
                return redirect(self.programme_url())
        return self.render(form, session)


class SessionDeleteView(SessionFormMixin, TemplateView):
    template_name = "conferences/session_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.get_session()
        context.update(
            conference=self.get_object(),
            session=session,
            registration_count=session.registrations.count(),
        )
        return context

    def post(self, request, *args, **kwargs):
        session = self.get_session()
        services.session_delete(session=session, by=request.user)
        messages.success(request, _("The session has been removed from the programme."))
        return redirect(self.programme_url())


def conference_ical(request, pk: int) -> HttpResponse:
    """The conference and its programme as an iCalendar file, for calendar programs."""
    conference = visible_conference(request, pk)
    response = HttpResponse(conference_icalendar(conference), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="konferens-{conference.pk}.ics"'
    return response
