"""Forms of the public organisation list and of an organisation's own pages."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from overenskommelse.models import PriorityArea
from overenskommelse.selectors import (
    priority_area_filter_choices,
    word_lazy,
    worded,
    worded_lazy,
)
from plumbing import ids
from plumbing.checkboxes import CheckboxesField
from plumbing.form_layout import layout_html
from plumbing.widgets import (
    LargeSelect,
    SearchInput,
    frozen_choices,
    translated_choices,
)

from ..models import SECTOR_OF_KIND, Organisation, OrganisationKind, Withdrawal
from ..numbers import ContactNumbersMixin
from ..orgnr import normalise_org_number
from ..selectors import (
    PARTY_OTHERS,
    PARTY_PUBLIC,
    current_priority_areas,
    priority_area_id_choices,
    umbrella_choice_list,
    umbrella_choices,
    umbrellas_named_by,
)


class OrganisationFilterForm(forms.Form):
    """The search and filters of the public list (GET): every value optional."""

    q = forms.CharField(
        label=_("Name"), required=False, max_length=200, widget=SearchInput(attrs={"autocomplete": "off"})
    )
    # Options written in Python (LargeSelect), not through a template each: the filters are on
    # every request of the public lists.
    kind = forms.ChoiceField(label=_("Kind of organisation"), required=False, widget=LargeSelect)
    area = forms.ChoiceField(label=word_lazy("Area"), required=False, widget=LargeSelect)
    umbrella = forms.ChoiceField(label=_("Umbrella organisation"), required=False, widget=LargeSelect)
    # Only where the list has a part for public parties (``with_party``).
    party = forms.ChoiceField(label=_("Party"), required=False, widget=LargeSelect)

    def __init__(self, *args, with_party: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_party = with_party
        # The options are the same for every visitor: made once per language and data (the
        # reference cache's areas, words and umbrella organisations are part of the key), not
        # normalised and written afresh at each request.
        if with_party:
            self.fields["party"].choices = frozen_choices(
                "organisation-party",
                lambda: [
                    ("", _("All")),
                    (PARTY_OTHERS, _("Idea-driven organisations")),
                    (PARTY_PUBLIC, _("Public parties")),
                ],
            )
        else:
            del self.fields["party"]
        self.fields["kind"].choices = frozen_choices(
            "organisation-kind", lambda: [("", _("All kinds")), *translated_choices(OrganisationKind)]
        )
        self.fields["area"].choices = priority_area_filter_choices()
        umbrellas = tuple(umbrella_choice_list())
        self.fields["umbrella"].choices = frozen_choices(
            ("organisation-umbrella", umbrellas), lambda: [("", _("Any or none")), *umbrellas]
        )
        # Written by ``{% filter_fields form %}`` (plumbing/filter_form.py: crispy's markup without
        # its templates). The template writes the <form method="get"> and its button, so no
        # "submit" parameter ends up in the addresses that are shared and bookmarked.
        self.columns = [
            (name, "col-md-6 col-lg-3") for name in ("q", "party", "kind", "area", "umbrella") if name in self.fields
        ]

    def filters(self) -> dict[str, str]:
        """The valid filters, as keyword arguments for ``selectors.organisation_public_list``.

        A field with a value that is not among the choices is left out (and its error is shown)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": (data.get("q") or "").strip(),
            "kind": data.get("kind") or "",
            "priority_area": data.get("area") or "",
            "umbrella": data.get("umbrella") or "",
            "party": (data.get("party") or "") if self.with_party else "",
        }


UMBRELLA_HELP = _(
    "The umbrella organisation is asked to confirm: the membership is shown publicly once it has."
)


# The form's layout, the same for every form (its legends are lazy, shown in the language of the
# request): made once rather than at each form. Never changed in place (a test that gives crispy
# a layout of its own copies the helper).
ORGANISATION_LAYOUT = Layout(
    Fieldset(
        _("The organisation"),
        "name",
        Row(Column("org_number", css_class="col-md-6"), Column("kind", css_class="col-md-6")),
        "description",
        "website",
    ),
    Fieldset(
        _("Address, email and phone"),
        "street_address",
        Row(Column("postal_code", css_class="col-md-4"), Column("city", css_class="col-md-8")),
        Row(Column("email", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
    ),
    Fieldset(
        _("What the public profile shows"),
        "publish_address",
        "publish_email",
        "publish_phone",
    ),
    # A hundred umbrella organisations: written in Python (crispy's markup, its per-option
    # templates were most of the page's time; plumbing/checkboxes.py).
    Fieldset(
        _("Areas and umbrella organisations"), "priority_areas", CheckboxesField("umbrella_organisations")
    ),
    Fieldset(
        _("Contact person for the agreement"),
        "contact_name",
        Row(
            Column("contact_email", css_class="col-md-6"),
            Column("contact_phone", css_class="col-md-6"),
        ),
    ),
)


class OrganisationForm(ContactNumbersMixin, forms.ModelForm):
    """A representative's edit of the organisation's details, publishing choices and contact person."""

    priority_areas = ids.ModelMultipleChoiceField(
        label=worded_lazy(_("%(Areas)s the organisation works in")),
        queryset=PriorityArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    # Wider than the stored NNNNNN-NNNN, so the 12-digit form (16NNNNNN-NNNN) reaches the normalising.
    org_number = forms.CharField(
        label=_("Organisation number"),
        required=False,
        max_length=20,
        help_text=_("Ten digits, NNNNNN-NNNN. Leave empty if the organisation has none."),
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
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
        fields = [
            "name",
            "org_number",
            "kind",
            "street_address",
            "postal_code",
            "city",
            "website",
            "email",
            "phone",
            "description",
            "priority_areas",
            "publish_address",
            "publish_email",
            "publish_phone",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "kind": LargeSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "contact_phone": forms.TextInput(attrs={"type": "tel"}),
            "postal_code": forms.TextInput(attrs={"autocomplete": "postal-code"}),
        }
        help_texts = {
            "contact_email": _(
                "The contact person decides for themself whether they are shown on the public "
                "profile: they log in with this address to agree."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The kind decides the sector, and the sector decides the roles of the representatives:
        # a representative may change the kind only within the organisation's own sector.
        # The choices are made once per language (and sector, and data): not normalised afresh.
        sector = SECTOR_OF_KIND.get(self.instance.kind)
        self.fields["kind"].choices = frozen_choices(
            ("organisation-form-kind", sector),
            lambda: [
                (value, label)
                for value, label in OrganisationKind.choices
                if sector is None or SECTOR_OF_KIND[value] == sector
            ],
        )
        # Every organisation that joined names a contact person for the agreement.
        if self.instance.pk and self.instance.is_connected:
            self.fields["contact_name"].required = True
            self.fields["contact_email"].required = True
        # The querysets check what is posted: only a bound form needs them (composing them costs
        # more than writing the boxes). The boxes shown are written from the reference cache's
        # (id, name) pairs: the same rows in the same order.
        own = str(self.instance.pk) if self.instance.pk else None
        if self.is_bound:
            self.fields["priority_areas"].queryset = current_priority_areas()
            umbrellas = umbrella_choices()
            self.fields["umbrella_organisations"].queryset = umbrellas.exclude(pk=own) if own else umbrellas
        areas = tuple(priority_area_id_choices())
        self.fields["priority_areas"].widget.choices = frozen_choices(("organisation-form-areas", areas), lambda: areas)
        umbrellas = tuple(umbrella_choice_list())
        if any(pk == own for pk, _name in umbrellas):
            # An umbrella's own form, without itself: a list of its own, not kept.
            self.fields["umbrella_organisations"].widget.choices = [
                (pk, name) for pk, name in umbrellas if pk != own
            ]
        else:
            self.fields["umbrella_organisations"].widget.choices = frozen_choices(
                ("organisation-form-umbrellas", umbrellas), lambda: umbrellas
            )
        self.fields["umbrella_organisations"].initial = umbrellas_named_by(self.instance)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = ORGANISATION_LAYOUT

    def layout_html(self):
        """The form as ``{% crispy form %}`` wrote it, without its templates (plumbing/form_layout.py)."""
        return layout_html(self)

    def clean_org_number(self) -> str:
        raw = self.cleaned_data.get("org_number", "")
        if not raw.strip():
            return ""
        number = normalise_org_number(raw)
        taken = Organisation.objects.filter(org_number=number).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                worded(_("Another organisation in the register already has this number. Contact %(convener)s."))
            )
        return number


class ConfirmDetailsForm(forms.Form):
    """The yearly confirmation: nothing to fill in, the button is the statement."""


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the person you invite"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("They get an email with a link that is valid for 30 days."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def layout_html(self):
        """The form as ``{% crispy form %}`` wrote it, without its templates (plumbing/form_layout.py)."""
        return layout_html(self)


class WithdrawalForm(forms.ModelForm):
    """The formal written notice of withdrawal (utträde)."""

    confirm = forms.BooleanField(
        label=_(
            "I confirm that the organisation has decided to leave the agreement and that I may "
            "sign this notice on its behalf."
        ),
    )

    class Meta:
        model = Withdrawal
        formfield_callback = ids.id_formfield
        fields = ["effective_on", "reason", "signatory_name", "signatory_role"]
        widgets = {
            "effective_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "reason": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "effective_on": _("The day the organisation leaves the agreement. Today or later."),
            "reason": worded_lazy(_("Why the organisation leaves. %(Group)s reads this.")),
            "signatory_role": _("For example chair or secretary."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].initial = timezone.localdate
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_effective_on(self) -> datetime.date:
        effective_on = self.cleaned_data["effective_on"]
        if effective_on < timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the past."))
        return effective_on


class ContactConsentForm(forms.Form):
    """The contact person's own choice; the button pressed says which."""

    consent = forms.TypedChoiceField(
        choices=[("yes", "yes"), ("no", "no")],
        coerce=lambda value: value == "yes",
        widget=forms.HiddenInput,
    )
