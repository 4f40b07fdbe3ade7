"""The convener's register of every organisation the agreement deals with, and its import."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from .. import register_import
from ..forms.register import (
    RegisterFilterForm,
    RegisterImportForm,
    RegisterOrganisationForm,
)
from ..models import Organisation, RegisterImport
from ..orgnr import kind_mismatch_warning
from ..selectors import organisation_history, organisation_register, several_public_parties
from ..services import (
    organisation_create,
    organisation_update,
    register_import_apply,
    register_import_preview,
    umbrella_memberships_set,
)


class RegisterListView(PermissionRequiredMixin, ListView):
    """Every organisation, connected or not, with search, filters and what needs attention."""

    permission_required = "accounts.view_register"
    template_name = "accounts/register_list.html"
    context_object_name = "organisations"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = RegisterFilterForm(self.request.GET or None)
        return organisation_register(**self.filter_form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["unconfirmed_count"] = organisation_register(
            status="unconfirmed"
        ).count()
        context["is_filtered"] = any(self.filter_form.filters().values())
        context["by_party"] = several_public_parties(
            organisation.public_party.name for organisation in context["organisations"] if organisation.public_party
        )
        return context


class _RegisterFormMixin:
    model = Organisation
    form_class = RegisterOrganisationForm
    template_name = "accounts/register_form.html"

    def _warn_kind(self, organisation: Organisation) -> None:
        warning = kind_mismatch_warning(organisation.org_number, organisation.kind)
        if warning:
            messages.warning(self.request, warning)

    def get_success_url(self) -> str:
        return reverse("accounts:register_edit", kwargs={"pk": self.object.pk})


class RegisterCreateView(PermissionRequiredMixin, _RegisterFormMixin, CreateView):
    """The convener adds an organisation of any kind: an association, a nämnd, a förvaltning, …"""

    permission_required = "accounts.add_organisation"

    def form_valid(self, form):
        try:
            self.object = organisation_create(
                by=self.request.user,
                details=form.details(),
                priority_areas=form.cleaned_data["priority_areas"],
                umbrella_organisations=form.cleaned_data["umbrella_organisations"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s was added to the register.") % {"name": self.object.name},
        )
        self._warn_kind(self.object)
        return redirect(self.get_success_url())


class RegisterEditView(PermissionRequiredMixin, _RegisterFormMixin, UpdateView):
    """The convener edits any organisation's details (not its connection to the agreement)."""

    permission_required = "accounts.edit_register"

    def get_queryset(self):
        return Organisation.objects.select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = organisation_history(self.object)[:10]
        context["children"] = self.object.children.order_by("name")
        context["pending"] = self.object.accessions.open().exists()
        return context

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
            changed = [name for name in form.changed_fields() if name != "umbrella_organisations"]
            organisation_update(
                organisation=self.object,
                by=self.request.user,
                changed=changed,
                before={name: form.initial.get(name) for name in changed},
            )
            if "umbrella_organisations" in form.changed_data:
                umbrella_memberships_set(
                    organisation=self.object,
                    umbrellas=form.cleaned_data["umbrella_organisations"],
                    by=self.request.user,
                )
        messages.success(self.request, _("The changes were saved."))
        self._warn_kind(self.object)
        return redirect(self.get_success_url())


class RegisterImportUploadView(PermissionRequiredMixin, FormView):
    """Upload the local association register; the next page previews it, row by row."""

    permission_required = "accounts.import_register"
    template_name = "accounts/register_import.html"
    form_class = RegisterImportForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["imports"] = RegisterImport.objects.select_related("created_by")[:10]
        return context

    def form_valid(self, form):
        try:
            preview = register_import_preview(
                file=form.cleaned_data["file"], by=self.request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        return redirect("accounts:register_import_preview", pk=preview.pk)


ROW_ORDER = {"errors": 0, "create": 1, "update": 2, "skip": 3}


class RegisterImportPreviewView(PermissionRequiredMixin, DetailView):
    """What importing the file does, row by row with the errors first; the button imports."""

    permission_required = "accounts.import_register"
    template_name = "accounts/register_import_preview.html"
    context_object_name = "register_import"

    def get_queryset(self):
        return RegisterImport.objects.select_related("created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.object.rows
        context["summary"] = register_import.summarise(rows)
        label = {
            field: Organisation._meta.get_field(field).verbose_name
            for field in (*register_import.FIELDS, "in_local_register")
        }
        context["rows"] = sorted(
            (
                {
                    **row,
                    "change_labels": [label[field] for field in row.get("changes", [])],
                }
                for row in rows
            ),
            key=lambda row: (
                ROW_ORDER["errors" if row["errors"] else row["action"]],
                row["row"],
            ),
        )
        context["ignored_columns"] = self.object.result.get("ignored_columns", [])
        context["can_import"] = (
            self.object.status == RegisterImport.Status.PREVIEW
            and (context["summary"]["create"] + context["summary"]["update"] > 0)
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            done = register_import_apply(register_import=self.object, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("accounts:register_import_preview", pk=self.object.pk)
        messages.success(
            request,
            _("Imported: %(created)s new and %(updated)s updated organisations.")
            % {"created": done.result["created"], "updated": done.result["updated"]},
        )
        return redirect("accounts:register_import_preview", pk=done.pk)
