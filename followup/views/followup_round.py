"""The yearly follow-up round: the convener makes, prepares, opens and closes the round and sees who
has reported; a förvaltning's officer fills in, saves and submits its report (the convener can
reopen it); a connected organisation's representative answers the survey; the group and the
convener read the survey's totals.

Thin views: forms validate, ``services.rounds`` changes state, ``selectors.rounds`` reads, the
permissions live in ``followup/rules.py``. A round still being prepared is unknown (404) to everyone
but the convener; a report is 403 to an officer of another förvaltning.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from plumbing.forms import apply_service_errors

from ..forms.rounds import (
    DepartmentReportForm,
    ReopenForm,
    RoundForm,
    SurveyForm,
    question_changes,
    question_formset,
)
from ..models import DepartmentReport, FollowUpRound, Question
from ..selectors.rounds import (
    SURVEY_MINIMUM,
    administrations_of_officer,
    department_report_lines,
    department_report_queryset,
    organisations_for_survey,
    round_list,
    round_progress,
    round_questions,
    round_recipients,
    rounds_for_officer,
    survey_questions,
    survey_results,
)
from ..services import rounds as services

__all__ = [
    "DepartmentReportReopenView",
    "DepartmentReportStartView",
    "DepartmentReportSubmitView",
    "DepartmentReportView",
    "RoundCloseView",
    "RoundCreateView",
    "RoundDetailView",
    "RoundEditView",
    "RoundListView",
    "RoundOpenView",
    "RoundQuestionsView",
    "SurveyAnswerView",
    "SurveyResultsView",
    "SurveyView",
    "urlpatterns",
]


def _message_of(error: ValidationError) -> str:
    return " ".join(error.messages)


class RoundMixin:
    """The round of the URL's year, looked up once: 404 when unknown, or still being prepared and
    the user is not the convener."""

    def get_round(self) -> FollowUpRound:
        if not hasattr(self, "_round"):
            followup_round = get_object_or_404(FollowUpRound, year=self.kwargs["year"])
            if followup_round.opened_at is None and not self.request.user.has_perm("followup.manage_round"):
                raise Http404
            self._round = followup_round
        return self._round


# --- The rounds ----------------------------------------------------------------------------------


class RoundListView(PermissionRequiredMixin, TemplateView):
    """/uppfoljning/: what each person has to do in the follow-up. The group and the convener see
    every round with how many have reported; an officer the report of each of their förvaltningar;
    a representative the survey."""

    permission_required = "followup.view_rounds"
    template_name = "followup/round_list.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.has_perm("followup.view_round_progress"):
            page = Paginator(round_list(user), self.paginate_by).get_page(self.request.GET.get("page"))
            context.update(rounds=page.object_list, page_obj=page)
        context["officer_rounds"] = rounds_for_officer(user)
        survey_rounds = []
        if user.has_perm("followup.take_survey"):
            for followup_round in FollowUpRound.objects.open().order_by("-year"):
                organisations = organisations_for_survey(user, followup_round)
                if organisations:
                    survey_rounds.append((followup_round, organisations))
        context["survey_rounds"] = survey_rounds
        return context


class RoundFormMixin:
    template_name = "followup/round_form.html"

    def render(self, form):
        return self.render_to_response({"form": form, "followup_round": getattr(self, "_round", None), "view": self})


class RoundCreateView(PermissionRequiredMixin, RoundFormMixin, TemplateView):
    """/uppfoljning/ny/: the convener makes the year's round, with the default questions."""

    permission_required = "followup.manage_round"

    def get(self, request, *args, **kwargs):
        return self.render(RoundForm())

    def post(self, request, *args, **kwargs):
        form = RoundForm(request.POST)
        if form.is_valid():
            try:
                followup_round = services.round_create(
                    year=form.cleaned_data["year"],
                    deadline=form.cleaned_data["deadline"],
                    introduction=form.cleaned_data["introduction"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(
                    request,
                    _("The follow-up has been made. Go through the questions, then open it."),
                )
                return redirect(followup_round.get_absolute_url())
        return self.render(form)


class RoundEditView(PermissionRequiredMixin, RoundMixin, RoundFormMixin, TemplateView):
    """/uppfoljning/<year>/andra/: the deadline and the message (until the round is closed)."""

    permission_required = "followup.manage_round"

    def get(self, request, *args, **kwargs):
        return self.render(RoundForm(followup_round=self.get_round()))

    def post(self, request, *args, **kwargs):
        followup_round = self.get_round()
        form = RoundForm(request.POST, followup_round=followup_round)
        if form.is_valid():
            try:
                services.round_update(
                    followup_round=followup_round,
                    deadline=form.cleaned_data["deadline"],
                    introduction=form.cleaned_data["introduction"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(request, _("The follow-up has been saved."))
                return redirect(followup_round.get_absolute_url())
        return self.render(form)


class RoundDetailView(PermissionRequiredMixin, RoundMixin, TemplateView):
    """/uppfoljning/<year>/: the round for the group and the convener: its questions, which
    förvaltningar have reported and which not, and the number of survey answers."""

    permission_required = "followup.view_round_progress"
    template_name = "followup/round_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        followup_round = self.get_round()
        questions = round_questions(followup_round)
        context.update(
            followup_round=followup_round,
            progress=round_progress(followup_round),
            administration_questions=[q for q in questions if q.audience == Question.Audience.ADMINISTRATION],
            survey_questions=[q for q in questions if q.audience == Question.Audience.ASSOCIATION],
            survey_minimum=SURVEY_MINIMUM,
        )
        return context


class RoundQuestionsView(PermissionRequiredMixin, RoundMixin, TemplateView):
    """/uppfoljning/<year>/fragor/: edit, add and remove the round's questions before opening."""

    permission_required = "followup.manage_round"
    template_name = "followup/round_questions.html"

    def _check(self):
        followup_round = self.get_round()
        if followup_round.opened_at is not None:
            messages.info(self.request, _("The questions cannot be changed once the follow-up is open."))
            return redirect(followup_round.get_absolute_url())
        return None

    def render(self, formset):
        return self.render_to_response({"formset": formset, "followup_round": self.get_round(), "view": self})

    def get(self, request, *args, **kwargs):
        return self._check() or self.render(question_formset(self.get_round()))

    def post(self, request, *args, **kwargs):
        refused = self._check()
        if refused:
            return refused
        followup_round = self.get_round()
        formset = question_formset(followup_round, request.POST)
        if formset.is_valid():
            try:
                services.round_questions_update(
                    followup_round=followup_round, questions=question_changes(formset), by=request.user
                )
            except ValidationError as error:
                messages.error(request, _message_of(error))
            else:
                messages.success(request, _("The questions have been saved."))
                return redirect(followup_round.get_absolute_url())
        return self.render(formset)


class RoundConfirmMixin(PermissionRequiredMixin, RoundMixin):
    """A page that asks before a change of the whole round (open, close), and the POST that makes it."""

    permission_required = "followup.manage_round"
    template_name = "followup/round_confirm.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(followup_round=self.get_round(), action=self.action)
        return context

    def post(self, request, *args, **kwargs):
        followup_round = self.get_round()
        try:
            self.change(followup_round)
        except ValidationError as error:
            messages.error(request, _message_of(error))
        else:
            messages.success(request, self.success_message)
        return redirect(followup_round.get_absolute_url())


class RoundOpenView(RoundConfirmMixin, TemplateView):
    """/uppfoljning/<year>/oppna/: open the round; the invitations go by email in the background."""

    action = "open"

    @property
    def success_message(self) -> str:
        return _("The follow-up is open. The invitations are being sent by email.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recipients = round_recipients(self.get_round())
        context.update(
            officer_count=sum(1 for entry in recipients.values() if entry["administrations"]),
            representative_count=sum(1 for entry in recipients.values() if entry["organisations"]),
            recipient_count=len(recipients),
        )
        return context

    def change(self, followup_round):
        services.round_open(followup_round=followup_round, by=self.request.user)


class RoundCloseView(RoundConfirmMixin, TemplateView):
    """/uppfoljning/<year>/stang/: close the round (reports and survey can no longer be changed)."""

    action = "close"

    @property
    def success_message(self) -> str:
        return _("The follow-up is closed.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["progress"] = round_progress(self.get_round())
        return context

    def change(self, followup_round):
        services.round_close(followup_round=followup_round, by=self.request.user)


# --- A förvaltning's report ----------------------------------------------------------------------


class DepartmentReportStartView(PermissionRequiredMixin, RoundMixin, TemplateView):
    """/uppfoljning/<year>/forvaltning/<id>/: the link of the email and the round list. Opens the
    förvaltning's report of the round, made on the first visit from the register. 404 for a
    förvaltning the user is not an officer of."""

    permission_required = "followup.report_for_administration"

    def get(self, request, *args, **kwargs):
        followup_round = self.get_round()
        administration = get_object_or_404(administrations_of_officer(request.user), pk=self.kwargs["administration"])
        try:
            report = services.department_report_start(
                followup_round=followup_round, administration=administration, by=request.user
            )
        except ValidationError as error:
            messages.error(request, _message_of(error))
            return redirect("followup:round_list")
        return redirect(report.get_absolute_url())


class ReportMixin(PermissionRequiredMixin):
    """The report of the URL, looked up once (404 when unknown); the permission is checked on it."""

    permission_required = "followup.view_department_report"

    def get_report(self) -> DepartmentReport:
        if not hasattr(self, "_report"):
            self._report = get_object_or_404(department_report_queryset(), pk=self.kwargs["pk"])
        return self._report

    def get_permission_object(self):
        return self.get_report()


def _answers_of(report: DepartmentReport) -> dict[int, str]:
    return dict(report.answers.values_list("question", "text"))


class DepartmentReportView(ReportMixin, TemplateView):
    """/uppfoljning/rapport/<id>/: the förvaltning's report. A draft in an open round is a form for
    its officers (brought up to date with the register at each visit); otherwise it is read-only."""

    template_name = "followup/department_report.html"

    def build(self, data=None):
        report = self.get_report()
        may_change = self.request.user.has_perm("followup.change_department_report", report)
        if may_change and data is None:
            services.department_report_refresh(report=report)
        lines = department_report_lines(report)
        questions = round_questions(report.followup_round, Question.Audience.ADMINISTRATION)
        answers = _answers_of(report)
        form = None
        if may_change:
            form = DepartmentReportForm(data, report=report, lines=lines, questions=questions, answers=answers)
        return form, lines, questions, answers

    def render(self, form, lines, questions, answers):
        report = self.get_report()
        add_url = reverse("initiatives:partnership_create") + "?next=" + report.get_absolute_url()
        return self.render_to_response(
            {
                "report": report,
                "followup_round": report.followup_round,
                "form": form,
                "lines": lines,
                "answered_questions": [(question, answers.get(question.pk, "")) for question in questions],
                "add_commitment_url": add_url,
                "view": self,
            }
        )

    def get(self, request, *args, **kwargs):
        return self.render(*self.build())

    def post(self, request, *args, **kwargs):
        report = self.get_report()
        if not request.user.has_perm("followup.change_department_report", report):
            raise PermissionDenied
        form, lines, questions, answers = self.build(request.POST)
        if form.is_valid():
            try:
                services.department_report_save(
                    report=report,
                    by=request.user,
                    lines=form.line_changes(),
                    answers=form.answer_changes(),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                if "submit" in request.POST:
                    return redirect("followup:department_report_submit", pk=report.pk)
                messages.success(request, _("The draft has been saved. It is not submitted yet."))
                return redirect(report.get_absolute_url())
        return self.render(form, lines, questions, answers)


class DepartmentReportSubmitView(ReportMixin, TemplateView):
    """/uppfoljning/rapport/<id>/skicka/: the report as it will be submitted, and the button."""

    permission_required = "followup.change_department_report"
    template_name = "followup/department_report_submit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.get_report()
        answers = _answers_of(report)
        questions = round_questions(report.followup_round, Question.Audience.ADMINISTRATION)
        context.update(
            report=report,
            followup_round=report.followup_round,
            lines=department_report_lines(report),
            answered_questions=[(question, answers.get(question.pk, "")) for question in questions],
            unanswered=[question for question in questions if not answers.get(question.pk, "").strip()],
        )
        return context

    def post(self, request, *args, **kwargs):
        report = self.get_report()
        try:
            services.department_report_submit(report=report, by=request.user)
        except ValidationError as error:
            messages.error(request, _message_of(error))
            return redirect(report.get_absolute_url())
        messages.success(request, _("The report has been submitted. Thank you!"))
        return redirect(report.get_absolute_url())


class DepartmentReportReopenView(ReportMixin, TemplateView):
    """/uppfoljning/rapport/<id>/oppna-igen/: the convener reopens a submitted report, with a reason."""

    permission_required = "followup.reopen_department_report"
    template_name = "followup/department_report_reopen.html"

    def render(self, form):
        report = self.get_report()
        return self.render_to_response({"form": form, "report": report, "followup_round": report.followup_round})

    def get(self, request, *args, **kwargs):
        return self.render(ReopenForm())

    def post(self, request, *args, **kwargs):
        report = self.get_report()
        form = ReopenForm(request.POST)
        if form.is_valid():
            try:
                services.department_report_reopen(report=report, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(
                    request, _("The report has been reopened. The förvaltning's officers are told by email.")
                )
                return redirect(report.get_absolute_url())
        return self.render(form)


# --- The survey ----------------------------------------------------------------------------------


class SurveyMixin(PermissionRequiredMixin, RoundMixin):
    permission_required = "followup.take_survey"

    def survey_form(self, organisation, data=None) -> SurveyForm:
        return SurveyForm(data, questions=survey_questions(self.get_round(), organisation))


class SurveyView(SurveyMixin, TemplateView):
    """/uppfoljning/<year>/enkat/: the survey for a representative. With one organisation the form
    is here; with several, they choose which to answer for (those that answered are marked)."""

    template_name = "followup/survey.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        followup_round = self.get_round()
        organisations = organisations_for_survey(self.request.user, followup_round)
        waiting = [organisation for organisation in organisations if organisation.answered_at is None]
        form_for = waiting[0] if len(organisations) == 1 and waiting and followup_round.is_open else None
        context.update(
            followup_round=followup_round,
            organisations=organisations,
            form_for=form_for,
            form=self.survey_form(form_for) if form_for else None,
            survey_minimum=SURVEY_MINIMUM,
        )
        return context


class SurveyAnswerView(SurveyMixin, TemplateView):
    """/uppfoljning/<year>/enkat/<organisation>/: one organisation's answer (once per round)."""

    template_name = "followup/survey.html"

    def get_organisation(self):
        organisations = organisations_for_survey(self.request.user, self.get_round())
        for organisation in organisations:
            if organisation.pk == self.kwargs["organisation"]:
                return organisation, organisations
        raise Http404

    def render(self, form, organisation, organisations):
        return self.render_to_response(
            {
                "followup_round": self.get_round(),
                "organisations": organisations,
                "form_for": organisation,
                "form": form,
                "survey_minimum": SURVEY_MINIMUM,
                "view": self,
            }
        )

    def _refused(self, organisation):
        followup_round = self.get_round()
        if not followup_round.is_open:
            messages.info(self.request, _("The survey is closed."))
            return redirect("followup:survey", year=followup_round.year)
        if organisation.answered_at is not None:
            messages.info(
                self.request, _("%(name)s has already answered the survey.") % {"name": organisation.name}
            )
            return redirect("followup:survey", year=followup_round.year)
        return None

    def get(self, request, *args, **kwargs):
        organisation, organisations = self.get_organisation()
        return self._refused(organisation) or self.render(self.survey_form(organisation), organisation, organisations)

    def post(self, request, *args, **kwargs):
        organisation, organisations = self.get_organisation()
        refused = self._refused(organisation)
        if refused:
            return refused
        form = self.survey_form(organisation, request.POST)
        if form.is_valid():
            try:
                services.survey_response_create(
                    followup_round=self.get_round(), organisation=organisation, by=request.user, answers=form.answers()
                )
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(
                    request,
                    _("Thank you! The answer of %(name)s has been received.") % {"name": organisation.name},
                )
                return redirect("followup:survey", year=self.get_round().year)
        return self.render(form, organisation, organisations)


class SurveyResultsView(PermissionRequiredMixin, RoundMixin, TemplateView):
    """/uppfoljning/<year>/enkat/resultat/: the survey's totals for the group and the convener."""

    permission_required = "followup.view_survey_results"
    template_name = "followup/survey_results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        followup_round = self.get_round()
        context.update(followup_round=followup_round, results=survey_results(followup_round))
        return context


urlpatterns = [
    path("uppfoljning/", RoundListView.as_view(), name="round_list"),
    path("uppfoljning/ny/", RoundCreateView.as_view(), name="round_create"),
    path("uppfoljning/<int:year>/", RoundDetailView.as_view(), name="round_detail"),
    path("uppfoljning/<int:year>/andra/", RoundEditView.as_view(), name="round_edit"),
    path("uppfoljning/<int:year>/fragor/", RoundQuestionsView.as_view(), name="round_questions"),
    path("uppfoljning/<int:year>/oppna/", RoundOpenView.as_view(), name="round_open"),
    path("uppfoljning/<int:year>/stang/", RoundCloseView.as_view(), name="round_close"),
    path(
        "uppfoljning/<int:year>/forvaltning/<int:administration>/",
        DepartmentReportStartView.as_view(),
        name="department_report_start",
    ),
    path("uppfoljning/rapport/<int:pk>/", DepartmentReportView.as_view(), name="department_report"),
    path("uppfoljning/rapport/<int:pk>/skicka/", DepartmentReportSubmitView.as_view(), name="department_report_submit"),
    path(
        "uppfoljning/rapport/<int:pk>/oppna-igen/",
        DepartmentReportReopenView.as_view(),
        name="department_report_reopen",
    ),
    path("uppfoljning/<int:year>/enkat/", SurveyView.as_view(), name="survey"),
    path("uppfoljning/<int:year>/enkat/resultat/", SurveyResultsView.as_view(), name="survey_results"),
    path("uppfoljning/<int:year>/enkat/<int:organisation>/", SurveyAnswerView.as_view(), name="survey_answer"),
]
