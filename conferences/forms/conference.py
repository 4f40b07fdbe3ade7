"""Forms of the convener's set-up: the conference and the sessions of its programme."""

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative
from overenskommelse.selectors import worded_lazy
from plumbing import ids
from plumbing.forms import ErrorSummaryMixin

from ..models import Conference, Session
from ..services.conference import CONFERENCE_FIELDS, SESSION_FIELDS

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ConferenceForm(ErrorSummaryMixin, forms.ModelForm):
    class Meta:
        model = Conference
        formfield_callback = ids.id_formfield
        fields = CONFERENCE_FIELDS
        widgets = {
            "starts_on": _DATE,
            "ends_on": _DATE,
            "registration_opens_at": _DATETIME,
            "registration_closes_at": _DATETIME,
            "description": forms.Textarea(attrs={"rows": 5}),
            "venue_accessibility": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "description": _("What the day offers and whom it is for. Shown on the public page."),
            "capacity": _(
                "When every place is taken, new registrations go to a waiting list and are offered "
                "a place, in order, when someone cancels."
            ),
            "needs_retention_days": _(
                "Dietary and accessibility needs are erased this many days after the last day. "
                "The registration form says so."
            ),
            "is_published": worded_lazy(
                _(
                    "A draft is seen only by %(group)s and %(convener)s. Publish it to "
                    "show it to everyone and to open registration in its window."
                )
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1
        self.fields["registration_opens_at"].help_text = _("Date and time (Swedish time).")
        self.fields["registration_closes_at"].help_text = _("Date and time (Swedish time).")

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity is not None and capacity < 1:
            raise forms.ValidationError(_("The conference needs at least one place."))
        return capacity

    def clean(self):
        cleaned = super().clean()
        closes = cleaned.get("registration_closes_at")
        ends_on = cleaned.get("ends_on")
        if closes and ends_on and closes.date() > ends_on:
            self.add_error(
                "registration_closes_at",
                _("Registration must close before the conference is over."),
            )
        return cleaned


class InitiativeChoiceField(ids.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class SessionForm(ErrorSummaryMixin, forms.ModelForm):
    initiative = InitiativeChoiceField(
        label=_("Initiative presented"),
        queryset=Initiative.objects.none(),
        required=False,
        help_text=_("For the presentation of an initiative: the initiative in the public catalogue."),
    )

    class Meta:
        model = Session
        formfield_callback = ids.id_formfield
        fields = SESSION_FIELDS
        widgets = {
            "starts_at": _DATETIME,
            "ends_at": _DATETIME,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "speakers": _("Names and, if you like, organisations, separated by commas."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        initiatives = Initiative.objects.public()
        if self.instance.initiative_id:
            initiatives = initiatives | Initiative.objects.filter(pk=self.instance.initiative_id)
        self.fields["initiative"].queryset = initiatives.order_by("title")
        self.fields["capacity"].widget.attrs["min"] = 1

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Session.Kind.INITIATIVE and not cleaned.get("initiative"):
            self.add_error(
                "initiative", _("Choose the initiative that is presented in this session.")
            )
        if cleaned.get("capacity") == 0:
            self.add_error("capacity", _("Leave the field empty if the session has no own limit."))
        return cleaned
