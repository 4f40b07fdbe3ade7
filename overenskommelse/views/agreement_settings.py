"""The agreement's settings: what it calls its group, its convener and its areas, and its rules."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from plumbing.forms import apply_service_errors

from ..forms.agreement_settings import AgreementSettingsForm
from ..selectors import agreement_current
from ..services import agreement_settings_update


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


urlpatterns = [
    path("overenskommelsen/installningar/", AgreementSettingsView.as_view(), name="agreement_settings"),
]
