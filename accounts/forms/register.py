"""Forms of the convener's register: the search and filters, an organisation, the import upload."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from overenskommelse.selectors import worded_lazy
from plumbing import ids
from plumbing.widgets import SearchInput

from .. import register_import
from ..models import OWNING_PARTY_KINDS, Organisation, OrganisationKind, Sector
from ..numbers import ContactNumbersMixin
from ..orgnr import normalise_org_number
from ..selectors import umbrella_choices, umbrellas_named_by
from ..services import REGISTER_FIELDS, organisation_parent_problem, organisation_public_party_problem
from .organisation import UMBRELLA_HELP, current_priority_areas

STATUS_CHOICES = [
    ("", _("Any status")),
    ("connected", _("Connected")),
    ("not_connected", _("Not connected")),
    ("withdrawn", _("Withdrawn")),
    ("unconfirmed", _("Details not confirmed for over a year")),
]


class RegisterFilterForm(forms.Form):
    """Search and filters of the register (GET): every value optional."""

    q = forms.CharField(
        label=_("Name or organisation number"),
        required=False,
        max_length=200,
        widget=SearchInput(attrs={"autocomplete": "off"}),
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        choices=[("", _("All sectors"))] + list(Sector.choices),
    )
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("All kinds"))] + list(OrganisationKind.choices),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=STATUS_CHOICES
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.form_class = "register-filter mb-3"
        self.helper.attrs = {
            "role": "search",
            "aria-label": _("Search and filter the register"),
        }
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-md-3"),
                Column("sector", css_class="col-md-3"),
                Column("kind", css_class="col-md-3"),
                Column("status", css_class="col-md-3"),
            ),
            Submit("", _("Show organisations"), css_class="btn-primary"),
        )

    def filters(self) -> dict[str, str]:
        """The valid filters as keyword arguments for ``selectors.organisation_register``."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": (data.get("q") or "").strip(),
            "sector": data.get("sector") or "",
            "kind": data.get("kind") or "",
            "status": data.get("status") or "",
        }


class RegisterOrganisationForm(ContactNumbersMixin, forms.ModelForm):
    """The convener adds or edits an organisation of any kind. Connection dates are not here:
    they follow from the group's decisions and from withdrawals."""

    # Wider than the stored form, so the 12-digit form with 16 can be typed.
    org_number = forms.CharField(
        label=_("Organisation number"),
        required=False,
        max_length=20,
        help_text=_(
            "Ten digits, NNNNNN-NNNN. Leave empty if the organisation has none."
        ),
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )
    priority_areas = ids.ModelMultipleChoiceField(
        label=worded_lazy(_("%(Areas)s the organisation works in")),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    # Not a model field here: ticking only asks the umbrella (services.umbrella_memberships_set).
    umbrella_organisations = ids.ModelMultipleChoiceField(
        label=_("Umbrella organisations it belongs to"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=UMBRELLA_HELP,
    )

    class Meta:
        model = Organisation
        formfield_callback = ids.id_formfield
        fields = [*REGISTER_FIELDS, "priority_areas"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
            "contact_phone": forms.TextInput(attrs={"type": "tel"}),
        }
        help_texts = {
            "parent": _(
                "Required for an administration (förvaltning): the committee it works under."
            ),
            "chair_email": _(
                "The chair and vice chair of a committee are invited to the conference."
            ),
            "in_local_register": _(
                "The organisation is listed in the municipality's association register."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        committees = Organisation.objects.filter(
            kind=OrganisationKind.COMMITTEE
        ).order_by("name")
        umbrellas = umbrella_choices()
        if self.instance.pk:
            committees = committees.exclude(pk=self.instance.pk)
            umbrellas = umbrellas.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = committees
        self.fields["parent"].empty_label = _("(none)")
        self.fields["parent"].label = _("Belongs to the committee (nämnd)")
        # Only where the register holds a municipality or a region (several public parties, as in
        # a regional agreement): elsewhere the form stays as it was.
        parties = Organisation.objects.filter(kind__in=OWNING_PARTY_KINDS).order_by("name")
        if self.instance.pk:
            parties = parties.exclude(pk=self.instance.pk)
        has_parties = parties.exists()
        if has_parties:
            self.fields["public_party"].queryset = parties
            self.fields["public_party"].empty_label = _("(none)")
        else:
            del self.fields["public_party"]
        self.fields["priority_areas"].queryset = current_priority_areas()
        self.fields["umbrella_organisations"].queryset = umbrellas
        self.fields["umbrella_organisations"].initial = umbrellas_named_by(self.instance)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("The organisation"),
                "name",
                Row(
                    Column("kind", css_class="col-md-6"),
                    Column("org_number", css_class="col-md-6"),
                ),
                "parent",
                *(["public_party"] if has_parties else []),
                "description",
                "website",
                "in_local_register",
            ),
            Fieldset(
                _("Address, email and phone"),
                "street_address",
                Row(
                    Column("postal_code", css_class="col-md-4"),
                    Column("city", css_class="col-md-8"),
                ),
                Row(
                    Column("email", css_class="col-md-6"),
                    Column("phone", css_class="col-md-6"),
                ),
            ),
            Fieldset(
                _("Contact person"),
                "contact_name",
                Row(
                    Column("contact_email", css_class="col-md-6"),
                    Column("contact_phone", css_class="col-md-6"),
                ),
            ),
            Fieldset(
                _("For a committee (nämnd): chair and vice chair"),
                Row(
                    Column("chair_name", css_class="col-md-6"),
                    Column("chair_email", css_class="col-md-6"),
                ),
                Row(
                    Column("vice_chair_name", css_class="col-md-6"),
                    Column("vice_chair_email", css_class="col-md-6"),
                ),
            ),
            Fieldset(
                _("Areas and umbrella organisations"),
                "priority_areas",
                "umbrella_organisations",
            ),
        )

    def clean_org_number(self) -> str:
        raw = self.cleaned_data.get("org_number", "")
        if not raw.strip():
            return ""
        number = normalise_org_number(raw)
        taken = (
            Organisation.objects.filter(org_number=number)
            .exclude(pk=self.instance.pk)
            .first()
        )
        if taken is not None:
            raise forms.ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Another organisation in the register already has this number:"),
                    reverse("accounts:register_edit", kwargs={"pk": taken.pk}),
                    taken.name,
                ),
                code="taken",
            )
        return number

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind:
            problem = organisation_parent_problem(
                kind=kind, parent=cleaned.get("parent"), organisation=self.instance
            )
            if problem:
                self.add_error("parent", problem)
            problem = organisation_public_party_problem(kind=kind, public_party=cleaned.get("public_party"))
            if problem and "public_party" in self.fields:
                self.add_error("public_party", problem)
            if (
                self.instance.pk
                and kind != OrganisationKind.COMMITTEE
                and self.instance.kind == OrganisationKind.COMMITTEE
                and self.instance.children.exists()
            ):
                self.add_error(
                    "kind",
                    _(
                        "Administrations belong to this committee: move them to another committee first."
                    ),
                )
        return cleaned

    def details(self) -> dict:
        """The cleaned register fields, for ``services.organisation_create``."""
        return {field: self.cleaned_data[field] for field in REGISTER_FIELDS if field in self.cleaned_data}

    def changed_fields(self) -> list[str]:
        """What really changed (a number typed in another form is not a change)."""
        changed = list(self.changed_data)
        if "org_number" in changed and self.cleaned_data.get(
            "org_number"
        ) == self.initial.get("org_number", ""):
            changed.remove("org_number")
        return changed


class RegisterImportForm(forms.Form):
    file = forms.FileField(
        label=_("The register file"),
        help_text=_(
            "A CSV file (columns separated by semicolons or commas) or an Excel workbook (.xlsx), "
            "at most 5 MB. The first row holds the column names: Namn (required), "
            "Organisationsnummer, Organisationsform, Adress, Postnummer, Ort, E-post, Telefon, "
            "Webbplats."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > register_import.MAX_FILE_SIZE:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        name = (upload.name or "").lower()
        if not name.endswith(register_import.ALLOWED_EXTENSIONS):
            raise forms.ValidationError(
                _("Upload a CSV file (.csv) or an Excel workbook (.xlsx).")
            )
        return upload
