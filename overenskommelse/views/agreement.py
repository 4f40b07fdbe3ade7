"""Public pages about the agreement. Thin: each one reads through a selector and renders."""

from django.http import Http404
from django.urls import path
from django.views.generic import TemplateView

from ..process import STEPS
from ..selectors import action_plan_current_cached, agreement_current_cached


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


urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("overenskommelsen/", AgreementView.as_view(), name="agreement"),
    path("principer/", PrinciplesView.as_view(), name="principles"),
    path("handlingsplan/", ActionPlanView.as_view(), name="action_plan"),
    # After the operational plan's paths (``handlingsplan/verksamhetsplan/``, in ``plan``): a slug
    # would match them too.
    path("handlingsplan/<slug:slug>/", PriorityAreaView.as_view(), name="priority_area"),
    path("samverkansprocessen/", ProcessView.as_view(), name="process"),
    path("anslut/", JoinView.as_view(), name="join"),
    path("kontakt/", ContactView.as_view(), name="contact"),
    path("tillganglighet/", AccessibilityView.as_view(), name="accessibility"),
]
