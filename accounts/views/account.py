from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from .roles import roles_of


class AccountOverviewView(LoginRequiredMixin, TemplateView):
    """The user's own page: who they are, their roles, the organisations they act for."""

    template_name = "accounts/account_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["roles"] = sorted(roles_of(user), key=lambda role: role.label)
        context["representations"] = user.representations.select_related("organisation")
        return context
