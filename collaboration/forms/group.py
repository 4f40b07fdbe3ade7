"""Forms of the convener's work on the group: seats, who holds them for which term, and the chair
and the vice chair."""


from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Organisation
from plumbing import ids
from plumbing.dates import (
    apply_model_date_rules,
    validate_plan_date,
    years_later,
)
from plumbing.forms import ErrorSummaryMixin

from ..models import GroupOffice, Seat, SeatKind, SeatTerm, sector_choices
from ..selectors.group import seat_label

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganisationChoiceField(ids.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class SeatForm(ErrorSummaryMixin, forms.ModelForm):
    appointed_by = OrganisationChoiceField(
        label=_("Appointed by"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("The förvaltning or the umbrella organisation that appoints the seat."),
    )

    class Meta:
        model = Seat
        formfield_callback = ids.id_formfield
        fields = ["position", "kind", "sector", "appointed_by", "appointed_by_text", "note"]
        labels = {"position": _("Order on the page")}
        widgets = {"kind": forms.RadioSelect}
        help_texts = {"sector": _("Needed for an ordinary seat; an adjunct seat may leave it empty.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False  # a form sent without it adds an ordinary seat
        # The public side by the agreement's own word (kommunal, offentlig), not the model's label.
        self.fields["sector"].choices = [("", "---------"), *sector_choices()]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("kind"):
            cleaned["kind"] = self.instance.kind if self.instance.pk else SeatKind.ORDINARY
        if not cleaned.get("appointed_by") and not (cleaned.get("appointed_by_text") or "").strip():
            self.add_error(
                "appointed_by",
                _("Say who appoints the seat: an organisation in the register, or in words."),
            )
        return cleaned


class SeatRemoveForm(ErrorSummaryMixin, forms.Form):
    """Nothing to fill in: the button confirms (the service says why a seat cannot go)."""


class SeatAssignForm(ErrorSummaryMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address of the holder"),
        help_text=_(
            "If the person has no account, one is made and they get an email with a link to choose "
            "a password."
        ),
    )
    full_name = forms.CharField(
        label=_("Name"), max_length=150, required=False, help_text=_("Needed when the person has no account yet.")
    )
    starts_on = forms.DateField(label=_("Term starts"), widget=_DATE, validators=[validate_plan_date])
    ends_on = forms.DateField(label=_("Term ends"), widget=_DATE, validators=[validate_plan_date])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["starts_on"].initial = today
        self.fields["ends_on"].initial = years_later(today, 2)
        self.fields["email"].widget.attrs["autocomplete"] = "off"

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The term cannot end before it starts."))
        return cleaned


class SeatTermForm(ErrorSummaryMixin, forms.ModelForm):
    class Meta:
        model = SeatTerm
        formfield_callback = ids.id_formfield
        fields = ["starts_on", "ends_on"]
        widgets = {"starts_on": _DATE, "ends_on": _DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_model_date_rules(self)  # full_clean is skipped below

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The term cannot end before it starts."))
        return cleaned

    def _post_clean(self):  # the service checks the rest (overlaps with other terms)
        pass


class SeatTermEndForm(ErrorSummaryMixin, forms.Form):
    left_on = forms.DateField(
        label=_("Leaves the seat on"),
        widget=_DATE,
        validators=[validate_plan_date],
        help_text=_("From this day the seat is empty until someone else is appointed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["left_on"].initial = timezone.localdate()


class SeatChoiceField(ids.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{seat_label(obj)} ({obj.get_sector_display().lower()})"


class GroupOfficeForm(ErrorSummaryMixin, forms.Form):
    """The chair or the vice chair: an ordinary seat, from a day, for the agreement's mandate when it
    sets one (``mandate_years``; the form then asks for no end), else until a day."""

    kind = forms.ChoiceField(label=_("Office"), choices=GroupOffice.Kind.choices, widget=forms.RadioSelect)
    seat = SeatChoiceField(
        label=_("Seat"),
        queryset=Seat.objects.filter(kind=SeatKind.ORDINARY).select_related("appointed_by").order_by("position", "pk"),
        help_text=_("The office follows the seat: whoever holds the seat holds the office."),
    )
    starts_on = forms.DateField(label=_("From"), widget=_DATE, validators=[validate_plan_date])
    ends_on = forms.DateField(
        label=_("Until"),
        widget=_DATE,
        validators=[validate_plan_date],
        required=False,
        help_text=_("Leave empty for two years. The chair and the vice chair should come one from each sector."),
    )

    def __init__(self, *args, mandate_years: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = timezone.localdate()
        if mandate_years:
            del self.fields["ends_on"]  # the mandate decides the end
            self.fields["starts_on"].label = _("The mandate starts")
            self.fields["starts_on"].help_text = ngettext(
                "The mandate runs for %(years)s year from this day. The chair and the vice chair "
                "should come one from each sector.",
                "The mandate runs for %(years)s years from this day. The chair and the vice chair "
                "should come one from each sector.",
                mandate_years,
            ) % {"years": mandate_years}

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        return cleaned


class GroupOfficeEndForm(ErrorSummaryMixin, forms.Form):
    ends_on = forms.DateField(label=_("Last day in the office"), widget=_DATE, validators=[validate_plan_date])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].initial = timezone.localdate()


__all__ = [
    "ErrorSummaryMixin",
    "GroupOfficeEndForm",
    "GroupOfficeForm",
    "SeatAssignForm",
    "SeatForm",
    "SeatRemoveForm",
    "SeatTermEndForm",
    "SeatTermForm",
]
