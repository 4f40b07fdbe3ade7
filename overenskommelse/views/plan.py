"""The yearly operational plan (verksamhetsplan) under the action plan: its public pages (an adopted
plan), the group's view of drafts, and the convener's pages to keep the plan and its activities."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from plumbing.forms import apply_service_errors

from ..forms.plan import ActivityForm, OperationalPlanForm
from ..models import Activity
from ..selectors import action_plan_current, operational_plan_of_year, operational_plans
from ..services import activity_save, operational_plan_save

STATUS_FILTER = {value for value, _label in Activity.Status.choices}


def _with_drafts(user) -> bool:
    return user.has_perm("overenskommelse.view_operational_plan_drafts")


class OperationalPlanListView(TemplateView):
    """Every year's operational plan: the adopted ones for everybody, drafts too for the group."""

    template_name = "overenskommelse/operationalplan_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plans"] = list(operational_plans(with_drafts=_with_drafts(self.request.user)))
        return context


class OperationalPlanDetailView(TemplateView):
    """A year's plan and its activities, filtered by status (``?status=``, from the overview's
    counts). A plan not adopted yet is the group's and the convener's only (404 for others)."""

    template_name = "overenskommelse/operationalplan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = operational_plan_of_year(self.kwargs["year"], with_drafts=_with_drafts(self.request.user))
        if plan is None:
            raise Http404
        status = self.request.GET.get("status", "")
        activities = list(plan.activities.all())
        shown = (
            [activity for activity in activities if activity.status == status]
            if status in STATUS_FILTER
            else activities
        )
        context.update(
            plan=plan,
            activities=shown,
            status=status if status in STATUS_FILTER else "",
            status_label=dict(Activity.Status.choices).get(status, ""),
            statuses=Activity.Status.choices,
        )
        return context


class _ConvenerFormView(PermissionRequiredMixin, TemplateView):
    permission_required = "overenskommelse.manage_operational_plan"

    def dispatch(self, request, *args, **kwargs):
        self.action_plan = action_plan_current()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.action_plan is None:
            raise Http404
        return self.render_to_response(self.get_context_data(form=self.get_form()))


class OperationalPlanCreateView(_ConvenerFormView):
    template_name = "overenskommelse/operationalplan_form.html"

    def get_form(self):
        return OperationalPlanForm(self.request.POST if self.request.method == "POST" else None)

    def post(self, request, *args, **kwargs):
        if self.action_plan is None:
            raise Http404
        form = self.get_form()
        if form.is_valid():
            try:
                plan = operational_plan_save(action_plan=self.action_plan, data=form.cleaned_data, by=request.user)
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(request, _("The operational plan has been saved."))
                return redirect("operational_plan_detail", year=plan.year)
        return self.render_to_response(self.get_context_data(form=form))


class OperationalPlanEditView(_ConvenerFormView):
    template_name = "overenskommelse/operationalplan_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.plan = operational_plan_of_year(kwargs["year"], with_drafts=True)
        if self.plan is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return OperationalPlanForm(data, instance=self.plan)

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                operational_plan_save(
                    action_plan=self.plan.action_plan, plan=self.plan, data=form.cleaned_data, by=request.user
                )
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(request, _("The operational plan has been saved."))
                return redirect("operational_plan_detail", year=form.cleaned_data["year"])
        return self.render_to_response(self.get_context_data(form=form))


class ActivityFormView(_ConvenerFormView):
    """Add an activity to a year's plan (``year`` in the address) or change one (``pk``)."""

    template_name = "overenskommelse/activity_form.html"

    def dispatch(self, request, *args, **kwargs):
        if "pk" in kwargs:
            self.activity = get_object_or_404(Activity.objects.select_related("plan__action_plan"), pk=kwargs["pk"])
            self.plan = self.activity.plan
        else:
            self.activity = None
            self.plan = operational_plan_of_year(kwargs["year"], with_drafts=True)
            if self.plan is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return ActivityForm(data, instance=self.activity, action_plan=self.plan.action_plan)

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, activity=self.activity, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                activity_save(plan=self.plan, activity=self.activity, data=form.cleaned_data, by=request.user)
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(request, _("The activity has been saved."))
                return redirect("operational_plan_detail", year=self.plan.year)
        return self.render_to_response(self.get_context_data(form=form))


urlpatterns = [
    path("handlingsplan/verksamhetsplan/", OperationalPlanListView.as_view(), name="operational_plan_list"),
    path("handlingsplan/verksamhetsplan/ny/", OperationalPlanCreateView.as_view(), name="operational_plan_create"),
    path(
        "handlingsplan/verksamhetsplan/<int:year>/", OperationalPlanDetailView.as_view(), name="operational_plan_detail"
    ),
    path(
        "handlingsplan/verksamhetsplan/<int:year>/andra/",
        OperationalPlanEditView.as_view(),
        name="operational_plan_edit",
    ),
    path(
        "handlingsplan/verksamhetsplan/<int:year>/aktivitet/ny/",
        ActivityFormView.as_view(),
        name="activity_create",
    ),
    path("handlingsplan/verksamhetsplan/aktivitet/<int:pk>/", ActivityFormView.as_view(), name="activity_edit"),
]
