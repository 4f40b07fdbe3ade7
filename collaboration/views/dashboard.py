"""The collaboration group's dashboard: the figures of a year (default this one) against the year
before, as tables and charts, each linking to the list behind it. Only the group and the convener
see it (``collaboration.view_dashboard``).

The figures come from ``selectors.figures.year_figures`` (cached); the block that shows them
(``templates/collaboration/_dashboard_figures.html``) is the same in the meeting pack and the yearly
PDF. Here the page's whole content (the rendered block, the year's choice and the operational
plan's counts) is cached too, per year, day and language, under the same version as the figures
(``collaboration.cache.page_key``), so a change to the data drops both at once: a cached page reads
no figure, no plan and renders nothing but the base template around its content.
"""

from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from overenskommelse.selectors import operational_plan_status_counts

from .. import cache as figures_cache
from ..forms.dashboard import DashboardYearForm
from ..charts import dashboard_charts
from ..selectors.figures import YearFigures, dashboard_figures_context, year_figures


def dashboard_figures_html(year: int, figures: YearFigures | None = None) -> str:
    """The figures block of the dashboard page for ``year``, rendered (cached with the page's
    content, ``DashboardView``); ``figures`` when the caller has them already
    (``year_figures(year)``)."""
    if figures is None:
        context = dashboard_figures_context(year)
    else:
        context = {"figures": figures, "charts": dashboard_charts(figures)}
    return mark_safe(render_to_string("collaboration/dashboard_body.html", context))  # our template escapes


class DashboardView(PermissionRequiredMixin, TemplateView):
    template_name = "collaboration/dashboard.html"
    content_template_name = "collaboration/_dashboard_content.html"
    permission_required = "collaboration.view_dashboard"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = DashboardYearForm(self.request.GET or None)
        year = form.chosen_year()
        context["year"] = year
        # The content is the same for everyone who may see it, whatever else the request asks,
        # when the year's choice shows the year shown (no error, no other value): then it is
        # cached, rendered with the unbound form of that year (which renders the same).
        if not form.is_bound or (not form.errors and str(form["year"].value()) == str(year)):
            key = figures_cache.page_key(year, timezone.localdate(), translation.get_language())
            content = figures_cache.get(key)
            if content is None:
                content = self._content(DashboardYearForm(initial={"year": str(year)}), year)
                figures_cache.put(key, content)
        else:
            content = self._content(form, year)
        context["content"] = mark_safe(content)  # rendered by our own template, which escapes
        return context

    def _content(self, form: DashboardYearForm, year: int) -> str:
        # The years compared (from the cached figures): the year and the year before, or the
        # round's period and the one before for an agreement followed up every other year.
        figures = year_figures(year)
        context = {
            "form": form,
            "year": year,
            "previous_year": year - 1,
            "period": figures.period.label,
            "previous_period": figures.previous_period.label,
            "followup_period": figures.round.period,
            "figures_html": dashboard_figures_html(year, figures),
            "operational_plan": operational_plan_status_counts(year),
        }
        return render_to_string(self.content_template_name, context, request=self.request)


urlpatterns = [
    path("samverkansgruppen/oversikt/", DashboardView.as_view(), name="dashboard"),
]
