"""The collaboration group's dashboard: the figures of a year (default this one) against the year
before, as tables and charts, each linking to the list behind it. Only the group and the convener
see it (``followup.view_dashboard``).

The figures come cached from ``selectors.figures.year_figures``; the block that shows them
(``templates/followup/_dashboard_figures.html``) is the same in the meeting pack and the yearly PDF.
"""

from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from ..forms.dashboard import DashboardYearForm
from ..selectors.figures import dashboard_figures_context


class DashboardView(PermissionRequiredMixin, TemplateView):
    template_name = "followup/dashboard.html"
    permission_required = "followup.view_dashboard"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = DashboardYearForm(self.request.GET or None)
        year = form.chosen_year()
        if not form.is_bound:
            form = DashboardYearForm(initial={"year": str(year)})
        context.update(
            form=form,
            year=year,
            is_this_year=year == timezone.localdate().year,
            **dashboard_figures_context(year),
        )
        return context


urlpatterns = [
    path("samverkansgruppen/oversikt/", DashboardView.as_view(), name="dashboard"),
]
