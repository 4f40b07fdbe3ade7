"""Forms of the agreement's follow-up table (one row per thing followed up: what, who is
responsible, whom it asks) and of a recurring network. The forms validate what a person types; the
services in ``services/table.py`` check the rows again and save them."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from overenskommelse.words import AgreementWords
from plumbing import ids
from plumbing.forms import ErrorSummaryMixin

from ..models import FollowUpArea, Network
from ..selectors.table import network_member_choices

PUBLIC_UNITS = "public_units"
JOINED = "joined"
NETWORKS = "networks"

AUDIENCE_CHOICES = [
    (PUBLIC_UNITS, _("Förvaltningar, nämnder and municipal companies (a report each)")),
    (JOINED, _("The organisations that have joined the agreement (the survey)")),
    (NETWORKS, _("The organisations in recurring networks (the survey)")),
]


class FollowUpAreaForm(ErrorSummaryMixin, forms.Form):
    """One row of the table. A row left empty (a new one not needed) is skipped."""

    text = forms.CharField(
        label=_("What is followed up"), max_length=500, required=False
    )
    help_text = forms.CharField(
        label=_("Help text"),
        max_length=500,
        required=False,
        help_text=_("Shown under the question: what a good answer says."),
    )
    responsible = forms.ChoiceField(
        label=_("Responsible"), choices=FollowUpArea.Responsible.choices
    )
    responsible_other = forms.CharField(
        label=_("Responsible, when someone else"),
        max_length=200,
        required=False,
        help_text=_("For example a nämnd: Fritids- och folkhälsonämnden."),
    )
    audiences = forms.MultipleChoiceField(
        label=_("Whom it asks"),
        choices=AUDIENCE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    has_scale = forms.BooleanField(
        label=_(
            "The organisations answer on the five-step scale (besides their own words)"
        ),
        required=False,
    )

    SHORT_LABELS: ClassVar = {"has_scale": _("The five-step scale")}

    def __init__(self, *args, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        words = AgreementWords.of(agreement)
        public_party = (getattr(agreement, "municipality", "") or "").strip()
        self.fields["responsible"].choices = [
            (FollowUpArea.Responsible.GROUP, words.Group),
            (FollowUpArea.Responsible.CONVENER, words.Convener),
            (
                FollowUpArea.Responsible.PUBLIC_PARTY,
                public_party or FollowUpArea.Responsible.PUBLIC_PARTY.label,
            ),
            (FollowUpArea.Responsible.OTHER, _("Someone else (write who below)")),
        ]

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", None) or {}
        return not (data.get("text") or "").strip()

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("text") or "").strip():
            return cleaned  # an empty row: skipped, whatever else it says
        audiences = cleaned.get("audiences") or []
        if not audiences:
            self.add_error("audiences", _("Choose whom the row asks."))
        if (
            cleaned.get("responsible") == FollowUpArea.Responsible.OTHER
            and not (cleaned.get("responsible_other") or "").strip()
        ):
            self.add_error("responsible_other", _("Write who is responsible."))
        if (
            cleaned.get("has_scale")
            and audiences
            and not ({JOINED, NETWORKS} & set(audiences))
        ):
            self.add_error(
                "has_scale",
                _("Only what organisations are asked is answered on the scale."),
            )
        return cleaned

    def as_row(self) -> dict:
        data = self.cleaned_data
        audiences = set(data.get("audiences") or [])
        return {
            "text": data.get("text", ""),
            "help_text": data.get("help_text", ""),
            "responsible": data.get("responsible"),
            "responsible_other": data.get("responsible_other", ""),
            "asks_public_units": PUBLIC_UNITS in audiences,
            "asks_joined": JOINED in audiences,
            "asks_networks": NETWORKS in audiences,
            "has_scale": data.get("has_scale", False),
        }


class BaseFollowUpTableFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and not form.is_blank
        ]
        if not kept:
            raise forms.ValidationError(_("Keep at least one row in the table."))

    def rows(self) -> list[dict]:
        """The rows to save, in the order asked (the order numbers; rows without one keep their
        place after the numbered ones)."""
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and not form.is_blank
        ]
        kept.sort(
            key=lambda form: (
                form.cleaned_data.get("ORDER") is None,
                form.cleaned_data.get("ORDER") or 0,
            )
        )
        return [form.as_row() for form in kept]

    def error_summary(self) -> list[tuple[str, str]]:
        """Each field with an error, row by row, as (the id of its input, "Row 2: Whom it asks")."""
        summary = []
        for number, form in enumerate(self.forms, start=1):
            for anchor, label in form.error_summary():
                summary.append(
                    (
                        anchor,
                        _("Row %(number)s: %(field)s")
                        % {"number": number, "field": label},
                    )
                )
        return summary


FollowUpTableFormSet = forms.formset_factory(
    FollowUpAreaForm,
    formset=BaseFollowUpTableFormSet,
    extra=2,
    can_delete=True,
    can_order=True,
    max_num=40,
    validate_max=True,
)


def _audiences_of(area: FollowUpArea) -> list[str]:
    return [
        value
        for value, asked in (
            (PUBLIC_UNITS, area.asks_public_units),
            (JOINED, area.asks_joined),
            (NETWORKS, area.asks_networks),
        )
        if asked
    ]


def followup_table_formset(
    agreement, areas: list[FollowUpArea], data=None
) -> BaseFollowUpTableFormSet:
    initial = [
        {
            "text": area.text,
            "help_text": area.help_text,
            "responsible": area.responsible,
            "responsible_other": area.responsible_other,
            "audiences": _audiences_of(area),
            "has_scale": area.has_scale,
            "ORDER": position,
        }
        for position, area in enumerate(areas, start=1)
    ]
    formset = FollowUpTableFormSet(
        data, initial=initial, prefix="areas", form_kwargs={"agreement": agreement}
    )
    for form in formset.forms:
        form.fields["ORDER"].label = _("Place in the table")
        form.fields["DELETE"].label = _("Remove this row")
    return formset


class NetworkForm(ErrorSummaryMixin, forms.ModelForm):
    """A recurring network: its name, a line about it, and its member organisations."""

    name = forms.CharField(
        label=_("Name of the network"),
        max_length=200,
        error_messages={"required": _("Write the name of the network.")},
    )
    description = forms.CharField(
        label=_("About the network"),
        max_length=500,
        required=False,
        help_text=_(
            "For example: the local network of a housing area, meeting four times a year."
        ),
    )
    members = ids.ModelMultipleChoiceField(
        label=_("Member organisations"),
        queryset=network_member_choices(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_(
            "Idea-driven organisations of the register, joined to the agreement or not. Hold Ctrl (⌘ on a Mac) to choose several."
        ),
    )

    class Meta:
        model = Network
        fields = ["name", "description", "members"]
