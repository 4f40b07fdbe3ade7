"""The convener's pages of the follow-up's settings: the agreement's follow-up table (what each
round asks, of whom, and who is responsible) and the recurring networks whose organisations a
round can ask.

Thin views: forms validate, ``services.table`` saves, ``selectors.table`` reads; the permissions
live in ``followup/rules.py``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from overenskommelse.selectors import agreement_current
from plumbing.forms import apply_service_errors

from ..forms.table import NetworkForm, followup_table_formset
from ..models import Network
from ..selectors.table import followup_table, network_list, responsible_label
from ..services import table as services

__all__ = ["FollowUpTableView", "NetworkDeleteView", "NetworkEditView", "NetworkListView"]


class FollowUpTableView(PermissionRequiredMixin, TemplateView):
    """/uppfoljning/tabell/: the agreement's follow-up table. Each new round takes its questions
    from it; the rounds already made keep theirs."""

    permission_required = "followup.change_followup_table"
    template_name = "followup/followup_table.html"

    def dispatch(self, request, *args, **kwargs):
        # Read for changing: from the database, never from the reference cache.
        self.agreement = agreement_current()
        return super().dispatch(request, *args, **kwargs)

    def render(self, formset, areas):
        return self.render_to_response(
            {
                "agreement": self.agreement,
                "formset": formset,
                "areas": [
                    (area, responsible_label(area, self.agreement)) for area in areas
                ],
                "uses_default": not any(area.pk for area in areas),
                "view": self,
            }
        )

    def get(self, request, *args, **kwargs):
        areas = followup_table(self.agreement)
        formset = (
            followup_table_formset(self.agreement, areas) if self.agreement else None
        )
        return self.render(formset, areas)

    def post(self, request, *args, **kwargs):
        if self.agreement is None:
            raise Http404
        areas = followup_table(self.agreement)
        formset = followup_table_formset(self.agreement, areas, request.POST)
        if formset.is_valid():
            try:
                services.followup_table_update(
                    agreement=self.agreement, rows=formset.rows(), by=request.user
                )
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                messages.success(
                    request,
                    _(
                        "The follow-up table has been saved. The next round takes its questions from it."
                    ),
                )
                return redirect("followup:followup_table")
        return self.render(formset, areas)


class NetworkListView(PermissionRequiredMixin, TemplateView):
    """/uppfoljning/natverk/: the recurring networks and their number of members."""

    permission_required = "followup.manage_networks"
    template_name = "followup/network_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["networks"] = network_list()
        return context


class NetworkEditView(PermissionRequiredMixin, TemplateView):
    """/uppfoljning/natverk/ny/ and /uppfoljning/natverk/<pk>/: make a network, change its name,
    description and members, or remove it."""

    permission_required = "followup.manage_networks"
    template_name = "followup/network_form.html"

    def get_network(self) -> Network | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(Network, pk=self.kwargs["pk"])

    def render(self, form, network):
        return self.render_to_response({"form": form, "network": network, "view": self})

    def get(self, request, *args, **kwargs):
        network = self.get_network()
        return self.render(NetworkForm(instance=network), network)

    def post(self, request, *args, **kwargs):
        network = self.get_network()
        form = NetworkForm(request.POST, instance=network)
        if form.is_valid():
            try:
                saved = services.network_save(
                    network=network,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    members=form.cleaned_data["members"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_service_errors(error, form)
            else:
                messages.success(
                    request,
                    _("The network %(name)s has been saved.") % {"name": saved.name},
                )
                return redirect("followup:network_list")
        return self.render(form, network)


class NetworkDeleteView(PermissionRequiredMixin, View):
    """POST /uppfoljning/natverk/<pk>/ta-bort/: remove a network (a button of its own, on the
    network's page; its members stay in the register)."""

    permission_required = "followup.manage_networks"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        network = get_object_or_404(Network, pk=self.kwargs["pk"])
        services.network_delete(network=network, by=request.user)
        messages.success(
            request,
            _("The network %(name)s has been removed.") % {"name": network.name},
        )
        return redirect("followup:network_list")


urlpatterns = [
    path("uppfoljning/tabell/", FollowUpTableView.as_view(), name="followup_table"),
    path("uppfoljning/natverk/", NetworkListView.as_view(), name="network_list"),
    path("uppfoljning/natverk/ny/", NetworkEditView.as_view(), name="network_create"),
    path(
        "uppfoljning/natverk/<int:pk>/", NetworkEditView.as_view(), name="network_edit"
    ),
    path(
        "uppfoljning/natverk/<int:pk>/ta-bort/",
        NetworkDeleteView.as_view(),
        name="network_delete",
    ),
]
