"""The user's own account: overview, privacy page, data export, erasure."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from ..forms.account import AccountDeleteForm
from ..models import Organisation, OrganisationEvent, Representation
from ..roles import roles_of
from ..selectors import accessions_of, organisations_of, user_data_export
from ..services import user_erase


class AccountOverviewView(LoginRequiredMixin, TemplateView):
    """The user's own page: who they are, their roles, their organisations and applications."""

    template_name = "accounts/account_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["roles"] = sorted(roles_of(user), key=lambda role: role.label)
        context["organisations"] = organisations_of(user)
        context["accessions"] = accessions_of(user)
        context["consent_pending"] = _consent_pending(user)
        return context


def _consent_pending(user):
    """Organisations naming the user as contact person, where the user has not yet said whether
    they may be shown publicly (no consent, and no decision of theirs in the history)."""
    decided = OrganisationEvent.objects.filter(
        organisation=OuterRef("pk"),
        by=user,
        kind__in=[OrganisationEvent.Kind.CONSENT_GIVEN, OrganisationEvent.Kind.CONSENT_WITHDRAWN],
    )
    return (
        Organisation.objects.filter(
            contact_email__iexact=user.email, contact_publish_consent_at__isnull=True
        )
        .exclude(Exists(decided))
        .order_by("name")
    )


class PrivacyView(TemplateView):
    template_name = "accounts/privacy.html"


@login_required
def data_export(request):
    """Everything the portal holds about the user, as a JSON download."""
    payload = json.dumps(user_data_export(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mina-uppgifter-{stamp}.json"'
    return response


class AccountDeleteView(LoginRequiredMixin, FormView):
    """Delete the account: personal data is erased, received applications and decisions stay."""

    template_name = "accounts/account_delete.html"
    form_class = AccountDeleteForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Organisations that would be left without anyone to keep them.
        context["sole_representations"] = (
            Representation.objects.filter(user=self.request.user)
            .annotate(representatives=Count("organisation__representations"))
            .filter(representatives=1)
            .select_related("organisation")
        )
        return context

    def form_valid(self, form):
        user_erase(user=self.request.user)
        logout(self.request)
        messages.success(self.request, _("Your account has been deleted."))
        return redirect("home")
