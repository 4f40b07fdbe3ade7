"""The group's meetings: the list by year, planning a meeting, the meeting page (agenda built from
what is waiting, attendance, decisions, deciding applications, the invitation, the minutes), the
public minutes and the public iCalendar feed.

Thin views: forms validate, ``services.meetings`` changes state, ``selectors.meetings`` reads,
``rules`` decide. The group and the convener see the meetings; the convener prepares and records
them; published minutes are public.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.models import Accession
from overenskommelse.selectors import meetings_per_year, worded
from plumbing.forms import apply_service_errors
from plumbing.ids import parse_id
from plumbing.lists import page_range

from ..forms.meeting import (
    AddWaitingForm,
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    MeetingCancelForm,
    MeetingDecideForm,
    MeetingForm,
    MinutesForm,
)
from ..models import AgendaItem, Decision, Meeting
from ..selectors.meetings import (
    agenda_items,
    invitation_state,
    meeting_attendance,
    meeting_decisions,
    meeting_for_page,
    meeting_years,
    meetings_feed,
    meetings_in_year,
    members_present,
    minutes_visible_to,
    waiting_items,
)
from ..services import meetings as services

__all__ = ["MeetingDetailView", "MeetingListView", "meeting_feed", "urlpatterns"]


def _already_decided_message(accession: Accession) -> str:
    accession.refresh_from_db(fields=["status", "decided_at", "decided_by", "decision_meeting_on"])
    who = accession.decided_by.get_full_name() if accession.decided_by else _("someone else")
    when = formats.date_format(timezone.localtime(accession.decided_at), "DATETIME_FORMAT") if accession.decided_at else ""
    return _(
        "The application from %(name)s had already been decided by %(who)s on %(when)s (%(status)s). "
        "Nothing was recorded at this meeting."
    ) % {"name": accession.name, "who": who, "when": when, "status": accession.get_status_display().lower()}


class MeetingMixin:
    """One meeting, looked up once (404 when unknown)."""

    def get_meeting(self) -> Meeting:
        if not hasattr(self, "_meeting"):
            try:
                self._meeting = meeting_for_page(self.kwargs["pk"])
            except Meeting.DoesNotExist as error:
                raise Http404 from error
        return self._meeting

    def meeting_url(self, anchor: str = "") -> str:
        return reverse("collaboration:meeting_detail", kwargs={"pk": self.kwargs["pk"]}) + anchor


# --- The list and one meeting --------------------------------------------------------------------


class MeetingListView(PermissionRequiredMixin, TemplateView):
    """/samverkansgruppen/moten/: the meetings of a year (``?ar=2026``; default this year)."""

    permission_required = "collaboration.view_meeting"
    template_name = "collaboration/meeting_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        this_year = timezone.localdate().year
        year = parse_id(self.request.GET.get("ar", this_year))
        if year is None or not 1900 < year < 3000:
            year = this_year
        meetings = list(meetings_in_year(year))
        planned = [meeting for meeting in meetings if meeting.cancelled_at is None]
        context.update(
            year=year,
            years=meeting_years(),
            meetings=meetings,
            now=timezone.now(),
            too_few=year >= this_year and len(planned) < meetings_per_year(),
            may_manage=self.request.user.has_perm("collaboration.manage_meeting"),
        )
        return context


class MeetingDetailView(PermissionRequiredMixin, MeetingMixin, TemplateView):
    """The meeting page: time and place, the invitation, the agenda (with what is waiting for the
    convener), deciding applications, attendance, decisions and the minutes."""

    permission_required = "collaboration.view_meeting"
    template_name = "collaboration/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.get_meeting()
        user = self.request.user
        agenda = agenda_items(meeting)
        may_manage = user.has_perm("collaboration.manage_meeting")
        may_decide = user.has_perm("collaboration.decide_at_meeting")
        decide_forms = {}
        if may_decide:
            for item in agenda.items:
                if item.accession_id and item.accession.is_open:
                    decide_forms[item.pk] = kwargs.get("decide_forms", {}).get(
                        item.pk, MeetingDecideForm(prefix=f"decide-{item.pk}")
                    )
        for item in agenda.items:
            item.decide_form = decide_forms.get(item.pk)
        attendance = meeting_attendance(meeting)
        context.update(
            meeting=meeting,
            agenda=agenda,
            decisions=meeting_decisions(meeting),
            attendance=attendance,
            present_count=members_present(attendance)[0],
            adjuncts_present=members_present(attendance)[1],
            invitation=invitation_state(meeting, agenda.items),
            waiting=waiting_items(meeting) if may_manage else [],
            item_form=AgendaItemForm(prefix="item", initial={"duration_minutes": 10}) if may_manage else None,
            may_manage=may_manage,
            may_decide=may_decide,
        )
        return context


# --- Planning a meeting --------------------------------------------------------------------------


class MeetingFormView(PermissionRequiredMixin, TemplateView):
    permission_required = "collaboration.manage_meeting"
    template_name = "collaboration/meeting_form.html"

    def get_instance(self) -> Meeting:
        return Meeting()

    def render(self, form, meeting):
        return self.render_to_response(self.get_context_data(form=form, meeting=meeting))

    def get(self, request, *args, **kwargs):
        meeting = self.get_instance()
        return self.render(MeetingForm(instance=meeting), meeting)

    def post(self, request, *args, **kwargs):
        meeting = self.get_instance()
        form = MeetingForm(request.POST, instance=meeting)
        if form.is_valid():
            try:
                saved = services.meeting_save(
                    meeting=meeting if meeting.pk else None, data=form.cleaned_data, by=request.user
                )
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(request, self.success_message)
                return redirect(saved.get_absolute_url())
        return self.render(form, meeting)


class MeetingCreateView(MeetingFormView):
    success_message = gettext_lazy("The meeting has been planned. Build the agenda, then send the invitation.")


class MeetingEditView(MeetingMixin, MeetingFormView):
    success_message = gettext_lazy("The meeting has been saved.")

    def get_instance(self) -> Meeting:
        return get_object_or_404(Meeting, pk=self.kwargs["pk"])


# --- The agenda ----------------------------------------------------------------------------------


class ConvenerMeetingAction(PermissionRequiredMixin, MeetingMixin, View):
    """A POST of the convener on the meeting page, answered with a redirect back to it."""

    permission_required = "collaboration.manage_meeting"
    http_method_names = ("post",)

    def get_item(self) -> AgendaItem:
        return get_object_or_404(AgendaItem, pk=self.kwargs["item_pk"], meeting_id=self.kwargs["pk"])


class AgendaAddWaitingView(ConvenerMeetingAction):
    def post(self, request, *args, **kwargs):
        form = AddWaitingForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose something that is waiting."))
            return redirect(self.meeting_url("#waiting-heading"))
        try:
            item = services.agenda_item_add_waiting(
                meeting=self.get_meeting(),
                kind=form.cleaned_data["kind"],
                object_id=form.cleaned_data["object_id"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("“%(title)s” has been added to the agenda.") % {"title": item.title})
        return redirect(self.meeting_url("#agenda-heading"))


class AgendaItemFormView(PermissionRequiredMixin, MeetingMixin, TemplateView):
    """Add an item by hand, or change one (title, description, estimated minutes)."""

    permission_required = "collaboration.manage_meeting"
    template_name = "collaboration/meeting_item_form.html"

    def get_item(self) -> AgendaItem | None:
        if "item_pk" not in self.kwargs:
            return None
        return get_object_or_404(AgendaItem, pk=self.kwargs["item_pk"], meeting_id=self.kwargs["pk"])

    def render(self, form, item):
        return self.render_to_response(self.get_context_data(form=form, item=item, meeting=self.get_meeting()))

    def get(self, request, *args, **kwargs):
        item = self.get_item()
        return self.render(AgendaItemForm(prefix="item", instance=item), item)

    def post(self, request, *args, **kwargs):
        item = self.get_item()
        form = AgendaItemForm(request.POST, prefix="item", instance=item)
        if form.is_valid():
            try:
                if item is None:
                    services.agenda_item_add(meeting=self.get_meeting(), data=form.cleaned_data, by=request.user)
                else:
                    services.agenda_item_update(item=item, data=form.cleaned_data, by=request.user)
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(request, _("The agenda has been saved."))
                return redirect(self.meeting_url("#agenda-heading"))
        return self.render(form, item)


class AgendaItemMoveView(ConvenerMeetingAction):
    def post(self, request, *args, **kwargs):
        direction = request.POST.get("direction")
        if direction in ("up", "down"):  # anything else is no button of ours: nothing moves
            services.agenda_item_move(item=self.get_item(), up=direction == "up", by=request.user)
        return redirect(self.meeting_url("#agenda-heading"))


class AgendaItemDeleteView(ConvenerMeetingAction):
    def post(self, request, *args, **kwargs):
        item = self.get_item()
        services.agenda_item_delete(item=item, by=request.user)
        messages.success(request, _("“%(title)s” has been taken off the agenda.") % {"title": item.title})
        return redirect(self.meeting_url("#agenda-heading"))


# --- The invitation ------------------------------------------------------------------------------


class InvitationSendView(ConvenerMeetingAction):
    def post(self, request, *args, **kwargs):
        try:
            sent = services.meeting_invitation_send(meeting=self.get_meeting(), by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if sent:
                messages.success(
                    request,
                    worded(_("The invitation is being sent to everyone holding a seat and to %(convener)s, with a calendar file.")),
                )
            else:
                messages.info(request, _("Nothing has changed since the invitation was sent, so it was not sent again."))
        return redirect(self.meeting_url())


# --- Attendance, decisions, deciding applications ------------------------------------------------


class AttendanceView(PermissionRequiredMixin, MeetingMixin, TemplateView):
    """The convener ticks who of the seat holders was at the meeting."""

    permission_required = "collaboration.manage_meeting"
    template_name = "collaboration/meeting_attendance.html"

    def render(self, form):
        return self.render_to_response(self.get_context_data(form=form, meeting=self.get_meeting()))

    def get(self, request, *args, **kwargs):
        return self.render(AttendanceForm(rows=meeting_attendance(self.get_meeting())))

    def post(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        form = AttendanceForm(request.POST, rows=meeting_attendance(meeting))
        if form.is_valid():
            count = services.meeting_attendance_record(meeting=meeting, present_ids=form.present_ids(), by=request.user)
            messages.success(request, _("Attendance saved: %(count)s present.") % {"count": count})
            return redirect(self.meeting_url("#attendance-heading"))
        return self.render(form)


class DecisionCreateView(PermissionRequiredMixin, MeetingMixin, TemplateView):
    """The convener records a decision of the meeting (free text, optionally under an item)."""

    permission_required = "collaboration.manage_meeting"
    template_name = "collaboration/meeting_decision_form.html"

    def render(self, form):
        return self.render_to_response(self.get_context_data(form=form, meeting=self.get_meeting()))

    def get(self, request, *args, **kwargs):
        initial = {}
        item_pk = parse_id(request.GET.get("punkt"))
        if item_pk is not None:
            initial["agenda_item"] = item_pk
        return self.render(DecisionForm(meeting=self.get_meeting(), initial=initial))

    def post(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        form = DecisionForm(request.POST, meeting=meeting)
        if form.is_valid():
            try:
                services.decision_record(meeting=meeting, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(request, _("The decision has been recorded."))
                return redirect(self.meeting_url("#decisions-heading"))
        return self.render(form)


class DecisionDeleteView(ConvenerMeetingAction):
    def post(self, request, *args, **kwargs):
        decision = get_object_or_404(Decision, pk=self.kwargs["decision_pk"], meeting_id=self.kwargs["pk"])
        try:
            services.decision_delete(decision=decision, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The decision has been removed."))
        return redirect(self.meeting_url("#decisions-heading"))


class MeetingDecideView(MeetingDetailView):
    """POST from the meeting page: approve or reject an application on the agenda. The decision is
    recorded with the application (with the meeting's date) and with the meeting; a form with
    errors is shown again on the meeting page."""

    permission_required = "collaboration.decide_at_meeting"
    http_method_names = ("post",)

    def post(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        item = get_object_or_404(
            AgendaItem.objects.select_related("accession"),
            pk=self.kwargs["item_pk"],
            meeting=meeting,
            accession__isnull=False,
        )
        accession = item.accession
        back = self.meeting_url(f"#item-{item.pk}")
        if not accession.is_open:
            messages.error(request, _already_decided_message(accession))
            return redirect(back)
        form = MeetingDecideForm(request.POST, prefix=f"decide-{item.pk}")
        if form.is_valid():
            try:
                services.meeting_decide_application(
                    meeting=meeting,
                    accession=accession,
                    approve=form.approve,
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except services.AlreadyDecided:
                messages.error(request, _already_decided_message(accession))
                return redirect(back)
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                if form.approve:
                    message = _(
                        "Approved: %(name)s is now connected to the agreement. The decision is recorded "
                        "with the meeting."
                    )
                else:
                    message = _(
                        "Rejected: the application from %(name)s. The applicant is told by email; the "
                        "decision is recorded with the meeting."
                    )
                messages.success(request, message % {"name": accession.name})
                return redirect(back)
        return self.render_to_response(self.get_context_data(decide_forms={item.pk: form}))


# --- Minutes -------------------------------------------------------------------------------------


class MinutesEditView(PermissionRequiredMixin, MeetingMixin, TemplateView):
    permission_required = "collaboration.manage_meeting"
    template_name = "collaboration/minutes_form.html"

    def render(self, form):
        meeting = self.get_meeting()
        return self.render_to_response(
            self.get_context_data(form=form, meeting=meeting, decisions=meeting_decisions(meeting))
        )

    def get(self, request, *args, **kwargs):
        return self.render(MinutesForm(initial={"minutes": self.get_meeting().minutes}))

    def post(self, request, *args, **kwargs):
        form = MinutesForm(request.POST)
        if form.is_valid():
            meeting = services.minutes_save(meeting=self.get_meeting(), minutes=form.cleaned_data["minutes"], by=request.user)
            if meeting.minutes_published_at:
                messages.success(request, _("The minutes have been saved. They are published: the change is public."))
            else:
                messages.success(request, _("The minutes have been saved. Publish them when they are approved."))
            return redirect(self.meeting_url("#minutes-heading"))
        return self.render(form)


class MinutesPublishView(ConvenerMeetingAction):
    def post(self, request, *args, **kwargs):
        if request.POST.get("publish") not in ("0", "1"):  # no button of ours: nothing changes
            return redirect(self.meeting_url("#minutes-heading"))
        publish = request.POST.get("publish") == "1"
        try:
            services.minutes_publish(meeting=self.get_meeting(), publish=publish, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if publish:
                messages.success(request, _("The minutes are published and public."))
            else:
                messages.success(request, _("The minutes are no longer public."))
        return redirect(self.meeting_url("#minutes-heading"))


class MeetingCancelView(PermissionRequiredMixin, MeetingMixin, TemplateView):
    """The convener cancels a meeting still to come, with a reason the invited are told."""

    permission_required = "collaboration.manage_meeting"
    template_name = "collaboration/meeting_cancel.html"

    def render(self, form):
        return self.render_to_response(self.get_context_data(form=form, meeting=self.get_meeting()))

    def get(self, request, *args, **kwargs):
        return self.render(MeetingCancelForm())

    def post(self, request, *args, **kwargs):
        form = MeetingCancelForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        meeting = self.get_meeting()
        try:
            meeting = services.meeting_cancel(meeting=meeting, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.meeting_url())
        if meeting.invitation_digest:
            messages.success(request, _("The meeting is cancelled. Everyone who had the invitation is told by email."))
        else:
            messages.success(request, _("The meeting is cancelled. No invitation had been sent, so no one is emailed."))
        return redirect(self.meeting_url())


class MinutesListView(TemplateView):
    """/samverkansgruppen/protokoll/: published minutes for everyone (and those not yet published
    for the group and the convener)."""

    template_name = "collaboration/minutes_list.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(minutes_visible_to(self.request.user), self.paginate_by)
        page = paginator.get_page(self.request.GET.get("sida"))
        context.update(
            meetings=page.object_list,
            page_obj=page,
            page_range=page_range(page),
            may_see_meetings=self.request.user.has_perm("collaboration.view_meeting"),
        )
        return context


class MinutesDetailView(TemplateView):
    """The minutes of one meeting, with its agenda and decisions: public once published."""

    template_name = "collaboration/minutes_detail.html"

    def dispatch(self, request, *args, **kwargs):
        self.meeting = get_object_or_404(Meeting.objects.exclude(minutes=""), pk=kwargs["pk"])
        if not request.user.has_perm("collaboration.view_minutes", self.meeting):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.meeting
        may_see_members = self.request.user.has_perm("collaboration.view_group_members")
        attendance = meeting_attendance(meeting)
        context.update(
            meeting=meeting,
            agenda=agenda_items(meeting),
            decisions=meeting_decisions(meeting),
            attendance=attendance if may_see_members else [],
            present_count=members_present(attendance)[0],
            adjuncts_present=members_present(attendance)[1],
            may_see_members=may_see_members,
            may_see_meeting=self.request.user.has_perm("collaboration.view_meeting"),
        )
        return context


# --- The public calendar -------------------------------------------------------------------------


def meeting_feed(request):
    """Every meeting of the group as an iCalendar feed: date, time and place, nothing more."""
    response = HttpResponse(meetings_feed(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="samverkansgruppen.ics"'
    return response


urlpatterns = [
    path("samverkansgruppen/moten/", MeetingListView.as_view(), name="meeting_list"),
    path("samverkansgruppen/moten.ics", meeting_feed, name="meeting_feed"),
    path("samverkansgruppen/moten/nytt/", MeetingCreateView.as_view(), name="meeting_create"),
    path("samverkansgruppen/moten/<int:pk>/", MeetingDetailView.as_view(), name="meeting_detail"),
    path("samverkansgruppen/moten/<int:pk>/redigera/", MeetingEditView.as_view(), name="meeting_edit"),
    path("samverkansgruppen/moten/<int:pk>/kallelse/", InvitationSendView.as_view(), name="meeting_invite"),
    path("samverkansgruppen/moten/<int:pk>/stall-in/", MeetingCancelView.as_view(), name="meeting_cancel"),
    path("samverkansgruppen/moten/<int:pk>/dagordning/ny/", AgendaItemFormView.as_view(), name="agenda_item_create"),
    path(
        "samverkansgruppen/moten/<int:pk>/dagordning/fran-vantande/",
        AgendaAddWaitingView.as_view(),
        name="agenda_item_add_waiting",
    ),
    path(
        "samverkansgruppen/moten/<int:pk>/dagordning/<int:item_pk>/",
        AgendaItemFormView.as_view(),
        name="agenda_item_edit",
    ),
    path(
        "samverkansgruppen/moten/<int:pk>/dagordning/<int:item_pk>/flytta/",
        AgendaItemMoveView.as_view(),
        name="agenda_item_move",
    ),
    path(
        "samverkansgruppen/moten/<int:pk>/dagordning/<int:item_pk>/ta-bort/",
        AgendaItemDeleteView.as_view(),
        name="agenda_item_delete",
    ),
    path(
        "samverkansgruppen/moten/<int:pk>/dagordning/<int:item_pk>/beslut/",
        MeetingDecideView.as_view(),
        name="meeting_decide",
    ),
    path("samverkansgruppen/moten/<int:pk>/narvaro/", AttendanceView.as_view(), name="meeting_attendance"),
    path("samverkansgruppen/moten/<int:pk>/beslut/nytt/", DecisionCreateView.as_view(), name="decision_create"),
    path(
        "samverkansgruppen/moten/<int:pk>/beslut/<int:decision_pk>/ta-bort/",
        DecisionDeleteView.as_view(),
        name="decision_delete",
    ),
    path("samverkansgruppen/moten/<int:pk>/protokoll/", MinutesEditView.as_view(), name="minutes_edit"),
    path(
        "samverkansgruppen/moten/<int:pk>/protokoll/publicera/",
        MinutesPublishView.as_view(),
        name="minutes_publish",
    ),
    path("samverkansgruppen/protokoll/", MinutesListView.as_view(), name="minutes_list"),
    path("samverkansgruppen/protokoll/<int:pk>/", MinutesDetailView.as_view(), name="minutes_detail"),
]
