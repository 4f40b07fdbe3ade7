"""Forms of the commitments register: the public filters, an officer's form for one commitment with
what each party contributes (an inline formset, so rows are added without JavaScript), and ending
a commitment."""

import functools
import re

from django import forms
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.forms.organisation import current_priority_areas
from accounts.models import Organisation, User
from accounts.validators import validate_pdf
from overenskommelse.models import PriorityArea
from overenskommelse.selectors import (
    priority_area_filter_choices,
    word_lazy,
    worded_lazy,
)
from plumbing import ids
from plumbing.dates import EARLIEST_DATE, latest_plan_date, validate_plan_date
from plumbing.forms import ErrorSummaryMixin
from plumbing.uploads import (
    kept_upload_discard,
    kept_upload_held,
    kept_upload_store,
)
from plumbing.widgets import LargeSelect, frozen_choices, translated_choices

from ..models import CollaborationForm, Contribution, Initiative, Partnership
from ..selectors.partnership import (
    STATUS_ACTIVE,
    STATUS_ENDED,
    administration_choice_list,
    initiatives_for_partnership,
    partnership_idea_driven_choices,
)
from ..services.partnership import PARTNERSHIP_FIELDS

# The signed agreement may be larger than other uploads: scanned agreements with appendices.
SIGNED_AGREEMENT_MAX_BYTES = 10 * 1024 * 1024

# Where an upload is kept between a form with errors and the next try (never served publicly).
_KEPT_PATH = re.compile(r"^partnerships/[0-9a-f]{32}\.pdf$")
_KEPT_SALT = "initiatives.partnership.signed_agreement"
_KEPT_MAX_AGE = 24 * 60 * 60

_DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# --- The public register's filters ---------------------------------------------------------------


class YearField(forms.IntegerField):
    """A calendar year typed as digits. No min/max attributes: the server's message says the range
    in words (a browser would refuse in its own language first)."""

    default_error_messages = {"invalid": _("Write the year with four digits, e.g. 2025.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {}


class PartnershipFilterForm(forms.Form):
    """The filters of the public register and its open data (GET): every value optional.

    The commitments running during a period: ``from_year``–``to_year`` (either end may be left
    open). The one-year filter's addresses (``?year=2025``) still work: read as that year to that
    year."""

    # Options written in Python (LargeSelect), not through a template each: the filters are on
    # every request of the register.
    form = forms.ChoiceField(label=_("Form"), required=False, widget=LargeSelect)
    administration = forms.ChoiceField(label=_("Förvaltning"), required=False, widget=LargeSelect)
    area = forms.ChoiceField(label=word_lazy("Area"), required=False, widget=LargeSelect)
    status = forms.ChoiceField(label=_("Active or ended"), required=False, widget=LargeSelect)
    from_year = YearField(label=_("Running from the year"), required=False)
    to_year = YearField(label=_("Running up to and including the year"), required=False)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("year") and not (data.get("from_year") or data.get("to_year")):
            # The one-year filter's address (the dashboard's and bookmarks): that year to that year.
            data = data.copy()
            data["from_year"] = data["to_year"] = data["year"]
        super().__init__(data, *args, **kwargs)
        # The options are the same for every visitor: made once per language and data (the
        # reference cache's förvaltningar and areas are part of the key; plumbing.widgets.frozen_choices).
        self.fields["form"].choices = frozen_choices(
            "partnership-form", lambda: [("", _("All forms")), *translated_choices(CollaborationForm)]
        )
        administrations = tuple(administration_choice_list())
        self.fields["administration"].choices = frozen_choices(
            ("partnership-administration", administrations),
            lambda: [("", _("All förvaltningar")), *administrations],
        )
        self.fields["area"].choices = priority_area_filter_choices()
        self.fields["status"].choices = frozen_choices(
            "partnership-status",
            lambda: [("", _("Active and ended")), (STATUS_ACTIVE, _("Active")), (STATUS_ENDED, _("Ended"))],
        )
        # Written by ``{% filter_fields form %}`` (plumbing/filter_form.py: crispy's markup without
        # its templates). The template writes the <form method="get"> and its button, so no
        # "submit" parameter ends up in the addresses that are shared and bookmarked.
        self.columns = [
            (name, "col-md-6 col-lg") for name in ("form", "administration", "area", "status", "from_year", "to_year")
        ]

    def _clean_year(self, name: str) -> int | None:
        """A year in the range of a commitment's dates (``plumbing.dates``: from 1900 until fifty
        years ahead)."""
        year = self.cleaned_data.get(name)
        first, last = EARLIEST_DATE.year, latest_plan_date().year
        if year is not None and not first <= year <= last:
            raise forms.ValidationError(
                _("Write a year from %(first)s to %(last)s."),
                code="year_out_of_range",
                params={"first": first, "last": last},
            )
        return year

    def clean_from_year(self) -> int | None:
        return self._clean_year("from_year")

    def clean_to_year(self) -> int | None:
        return self._clean_year("to_year")

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("from_year"), cleaned.get("to_year")
        if first is not None and last is not None and last < first:
            # Said at the second year; both stay as typed, and neither filters the list.
            self.add_error(
                "to_year",
                forms.ValidationError(
                    _("The period cannot end before it begins: write a year from %(first)s on."),
                    code="period_backwards",
                    params={"first": first},
                ),
            )
            cleaned.pop("from_year", None)
        return cleaned

    def filters(self) -> dict:
        """The valid filters, as keyword arguments for ``selectors.partnership_public_list``.

        A field with a value that is not valid is left out (and its error is shown); a period that
        ends before it begins leaves out both years."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "form": data.get("form") or "",
            "administration": data.get("administration") or "",
            "priority_area": data.get("area") or "",
            "status": data.get("status") or "",
            "from_year": data.get("from_year"),
            "to_year": data.get("to_year"),
        }


# --- One commitment ------------------------------------------------------------------------------


class PartyChoiceField(ids.ModelMultipleChoiceField):
    """Names of organisations are Swedish text: marked so in the English interface."""

    def label_from_instance(self, obj) -> str:
        return format_html('<span lang="sv">{}</span>', obj.name)


class PartnershipForm(ErrorSummaryMixin, forms.ModelForm):
    """A commitment of the officer's förvaltning. The file is kept between tries: a form with
    errors elsewhere shows it as uploaded, and the officer does not choose it again."""

    form = forms.ChoiceField(
        label=_("Form of collaboration"),
        choices=CollaborationForm.choices,
        widget=forms.RadioSelect,
    )
    administration = ids.ModelChoiceField(
        label=_("Förvaltning"),
        queryset=Organisation.objects.none(),
        help_text=_(
            "The förvaltning that enters into the commitment. You can choose the förvaltningar you work at."
        ),
    )
    organisations = PartyChoiceField(
        label=_("Idea-driven parties"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick each connected organisation that is a party to the commitment."
        ),
        error_messages={"required": _("Choose at least one idea-driven party.")},
    )
    priority_area = ids.ModelChoiceField(
        label=word_lazy("Area"),
        queryset=PriorityArea.objects.none(),
        required=False,
        empty_label=_("None in particular"),
    )
    initiative = ids.ModelChoiceField(
        label=_("The initiative it came from"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_(
            "Optional: a collaboration initiative that the förvaltning takes part in."
        ),
    )
    signed_agreement = forms.FileField(
        label=_("Signed agreement (PDF)"),
        required=False,
        validators=[
            functools.partial(validate_pdf, max_bytes=SIGNED_AGREEMENT_MAX_BYTES)
        ],
        help_text=worded_lazy(
            _("Optional. A PDF file of at most 10 MB. Only the förvaltning's officers and %(group)s can open it.")
        ),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    signed_agreement_token = forms.CharField(required=False, widget=forms.HiddenInput)
    remove_signed_agreement = forms.BooleanField(
        label=_("Remove the attached agreement"), required=False
    )
    # The order of the page (and of the error summary): the parties after the description.
    field_order = (*PARTNERSHIP_FIELDS[: PARTNERSHIP_FIELDS.index("description") + 1], "organisations")

    class Meta:
        model = Partnership
        formfield_callback = ids.id_formfield
        # The commitment's own fields (the services' list) and its parties.
        fields = [*PARTNERSHIP_FIELDS, "organisations"]
        labels = {
            "decision_on": _("Date of the decision"),
            "decision_reference": _("Diarienummer of the decision"),
        }
        help_texts = {
            "title": _("For example “IOP om läxhjälp på Linero”."),
            "description": _(
                "What the parties do together, for whom, and what it should lead to."
            ),
            "ends_on": _("Leave empty if the commitment runs until further notice."),
            "decision_on": _(
                "The date of the decision the commitment rests on, e.g. the nämnd's decision."
            ),
            "decision_reference": _(
                "The decision's reference number, e.g. KU 2026/0123."
            ),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "starts_on": _DATE_WIDGET,
            "ends_on": _DATE_WIDGET,
            "decision_on": _DATE_WIDGET,
        }

    def __init__(self, *args, user: User, administrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.kept_agreement: dict | None = None
        administrations = list(administrations)
        self.administrations = administrations
        field = self.fields["administration"]
        field.queryset = Organisation.objects.filter(
            pk__in=[a.pk for a in administrations]
        ).order_by("name")
        if len(administrations) == 1:
            field.empty_label = None
            if not self.initial.get("administration"):
                self.initial["administration"] = administrations[0].pk
        earlier = list(self.instance.organisations.all()) if self.instance.pk else []
        self.fields["organisations"].queryset = partnership_idea_driven_choices(
            include=earlier
        )
        areas = current_priority_areas()
        if self.instance.priority_area_id:
            areas = PriorityArea.objects.filter(
                pk__in=[
                    *areas.values_list("pk", flat=True),
                    self.instance.priority_area_id,
                ]
            ).order_by("position", "pk")
        self.fields["priority_area"].queryset = areas
        self.fields["initiative"].queryset = initiatives_for_partnership(
            administrations
        )
        self.fields["title"].widget.attrs["autocomplete"] = "off"

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean(self):
        cleaned = super().clean()
        self._clean_agreement(cleaned)
        return cleaned

    def partnership_data(self) -> dict:
        """The commitment's own fields, for ``services.partnership_create``/``_update``."""
        return {
            field: self.cleaned_data.get(field) for field in PARTNERSHIP_FIELDS
        } | {
            "decision_reference": (
                self.cleaned_data.get("decision_reference") or ""
            ).strip()
        }

    def file_arguments(self) -> dict:
        """The signed agreement, as the services take it."""
        upload = self.cleaned_data.get("signed_agreement")
        return {
            "signed_agreement": upload if isinstance(upload, UploadedFile) else None,
            "kept_signed_agreement": self.kept_agreement["path"]
            if self.kept_agreement
            else "",
        }

    # --- The signed agreement: kept between tries, so a form with errors loses nothing ----------

    def _clean_agreement(self, cleaned) -> None:
        if cleaned.get("remove_signed_agreement"):
            self.kept_agreement = None
            return
        if (
            isinstance(cleaned.get("signed_agreement"), UploadedFile)
            or "signed_agreement" in self.errors
        ):
            return
        token = cleaned.get("signed_agreement_token")
        if token:
            self.kept_agreement = self._read_token(token)

    def _read_token(self, token: str) -> dict | None:
        try:
            kept = signing.loads(token, salt=_KEPT_SALT, max_age=_KEPT_MAX_AGE)
        except signing.BadSignature:
            return None
        if kept.get("user") != self.user.pk or not _KEPT_PATH.match(
            kept.get("path", "")
        ):
            return None
        if not kept_upload_held(user=self.user, path=kept["path"]):
            return None
        return kept

    def keep_upload(self) -> None:
        """After an error elsewhere in the form: store a valid new upload where only this user's
        next try can find it again, so the file does not have to be chosen a second time."""
        upload = getattr(self, "cleaned_data", {}).get("signed_agreement")
        if not isinstance(upload, UploadedFile) or "signed_agreement" in self.errors:
            return
        # The file kept from an earlier try is replaced by this one: it is not needed any more.
        earlier = self._read_token(self.data.get(self.add_prefix("signed_agreement_token")) or "")
        if earlier:
            kept_upload_discard(user=self.user, path=earlier["path"])
        path = kept_upload_store(user=self.user, upload=upload, folder="partnerships")
        self.kept_agreement = {
            "path": path,
            "name": upload.name[:200],
            "size": upload.size,
            "user": self.user.pk,
        }
        self.data = self.data.copy()
        self.data[self.add_prefix("signed_agreement_token")] = signing.dumps(
            self.kept_agreement, salt=_KEPT_SALT
        )

    SHORT_LABELS = {"organisations": _("Idea-driven parties")}



# --- What each party contributes -----------------------------------------------------------------


class KronorField(forms.IntegerField):
    """Whole kronor, 0 or more. Spaces between thousands and a trailing “kr” are accepted."""

    default_error_messages = {
        "invalid": _("Write the amount in whole kronor, without öre, e.g. 150 000."),
        "min_value": _(
            "The amount cannot be negative. Write it in whole kronor, 0 or more."
        ),
        "max_value": _("The amount is too large. Write it in whole kronor per year."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2_000_000_000)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # No min/max attributes on a text input: the browser would not apply them anyway.
        return {}

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]", "", value)
            value = re.sub(r"(?i)(kronor|kr\.?|sek|:-)$", "", value)
        return super().to_python(value)


class ContributionForm(forms.ModelForm):
    """One row: which party contributes what each year."""

    organisation = ids.ModelChoiceField(
        label=_("Party"), queryset=Organisation.objects.none()
    )
    kind = forms.ChoiceField(
        label=_("Kind of contribution"),
        choices=[("", _("Choose…")), *Contribution.Kind.choices],
    )
    amount_sek_per_year = KronorField(
        label=_("Kronor per year"),
        required=False,
        help_text=_(
            "Whole kronor. For money, the amount per year; for other contributions, their value if known."
        ),
    )

    class Meta:
        model = Contribution
        formfield_callback = ids.id_formfield
        fields = ["organisation", "kind", "amount_sek_per_year", "description"]
        labels = {"description": _("What is contributed")}
        help_texts = {
            "description": _("For example “Lokal på Linero två kvällar i veckan”.")
        }

    def __init__(self, *args, party_choices, party_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = party_queryset
        field.choices = (
            party_choices  # grouped for the eye; the queryset decides what is valid
        )


class BaseContributionFormSet(ids.IdFormSetMixin, BaseInlineFormSet):
    def __init__(self, *args, administrations, parties, candidates, **kwargs):
        administrations, parties, candidates = (
            list(administrations),
            list(parties),
            list(candidates),
        )
        chosen = {party.pk for party in parties}
        groups = [("", gettext("Choose…"))]
        groups.append(
            (gettext("The förvaltning"), [(a.pk, a.name) for a in administrations])
        )
        if parties:
            groups.append(
                (
                    gettext("Idea-driven parties of this commitment"),
                    [(o.pk, o.name) for o in parties],
                )
            )
        others = [(o.pk, o.name) for o in candidates if o.pk not in chosen]
        if others:
            groups.append((gettext("Other connected organisations"), others))
        everyone = {o.pk for o in (*administrations, *parties, *candidates)}
        kwargs["form_kwargs"] = {
            **kwargs.get("form_kwargs", {}),
            "party_choices": groups,
            "party_queryset": Organisation.objects.filter(pk__in=everyone),
        }
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this contribution")

    def contributions(self) -> list[tuple[forms.Form, dict]]:
        """The rows to keep (filled in and not removed), each with its form (to show errors)."""
        rows = []
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = form.cleaned_data
            rows.append(
                (
                    form,
                    {
                        "organisation": data["organisation"],
                        "kind": data["kind"],
                        "amount_sek_per_year": data.get("amount_sek_per_year"),
                        "description": (data.get("description") or "").strip(),
                    },
                )
            )
        return rows


def contribution_formset_class(*, extra: int):
    return inlineformset_factory(
        Partnership,
        Contribution,
        form=ContributionForm,
        formset=BaseContributionFormSet,
        extra=extra,
        can_delete=True,
        max_num=100,
        validate_max=True,
    )


# --- Ending a commitment -------------------------------------------------------------------------


class PartnershipEndForm(forms.Form):
    ends_on = forms.DateField(
        label=_("End date"),
        widget=_DATE_WIDGET,
        validators=[validate_plan_date],
        help_text=_(
            "The last day of the commitment. It cannot be before the start date."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs["initial"] = {
            "ends_on": timezone.localdate(),
            **(kwargs.get("initial") or {}),
        }
        super().__init__(*args, **kwargs)
