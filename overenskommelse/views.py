"""Public pages about the agreement. Thin: each one reads through a selector and renders."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from plumbing.forms import apply_service_errors

from .agreement_forms import AgreementSettingsForm
from .process import STEPS
from .selectors import (
    action_plan_current_cached,
    agreement_current,
    agreement_current_cached,
)
from .services import agreement_settings_update


class AgreementPageView(TemplateView):
    """A public page that shows the current agreement and, where asked, its action plan."""

    with_action_plan = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Shown, never changed here: from the reference cache (invalidated when they are saved).
        context["agreement"] = agreement_current_cached()
        if self.with_action_plan:
            context["action_plan"] = action_plan_current_cached()
        return context


class HomeView(AgreementPageView):
    template_name = "overenskommelse/home.html"
    with_action_plan = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["steps"] = STEPS
        return context


class AgreementView(AgreementPageView):
    template_name = "overenskommelse/agreement_detail.html"


class PrinciplesView(AgreementPageView):
    template_name = "overenskommelse/principle_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = context["agreement"]
        context["principles"] = agreement.principles.all() if agreement else []
        return context


class ActionPlanView(AgreementPageView):
    template_name = "overenskommelse/actionplan_detail.html"
    with_action_plan = True


class PriorityAreaView(AgreementPageView):
    template_name = "overenskommelse/priorityarea_detail.html"
    with_action_plan = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = context["action_plan"]
        areas = list(plan.priority_areas.all()) if plan else []
        area = next((a for a in areas if a.slug == self.kwargs["slug"]), None)
        if area is None:
            raise Http404
        context["area"] = area
        return context


class ProcessView(TemplateView):
    template_name = "overenskommelse/process.html"
    extra_context = {"steps": STEPS}


class JoinView(AgreementPageView):
    template_name = "overenskommelse/join.html"


class ContactView(AgreementPageView):
    template_name = "overenskommelse/contact.html"


class AccessibilityView(AgreementPageView):
    template_name = "overenskommelse/accessibility.html"


class AgreementSettingsView(PermissionRequiredMixin, TemplateView):
    """/overenskommelsen/installningar/: the convener (or staff) sets what the agreement calls its
    group, its convener and its areas, and its rules (meetings, conference, follow-up, revision,
    mandate, who may join)."""

    permission_required = "overenskommelse.change_agreement_settings"
    template_name = "overenskommelse/agreement_settings.html"

    def dispatch(self, request, *args, **kwargs):
        # Read for changing: from the database, never from the reference cache.
        self.agreement = agreement_current()
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return AgreementSettingsForm(data, instance=self.agreement)

    def get(self, request, *args, **kwargs):
        if self.agreement is None:
            return self.render_to_response(self.get_context_data(form=None))
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        if self.agreement is None:
            raise Http404
        form = self.get_form()
        if form.is_valid():
            try:
                agreement_settings_update(agreement=self.agreement, data=form.cleaned_data, by=request.user)
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(request, _("The agreement's settings have been saved."))
                return redirect("agreement_settings")
        return self.render_to_response(self.get_context_data(form=form))


def csrf_failure(request, reason: str = ""):
    """``CSRF_FAILURE_VIEW``: a form whose security check failed (it was open too long, the person
    logged in or out in another tab, or the browser keeps no cookies) gets the portal's own page in
    the visitor's language, saying what happened and what to do, instead of Django's English one."""
    return render(
        request,
        "403_csrf.html",
        {"no_cookie": reason == REASON_NO_CSRF_COOKIE},
        status=403,
    )
