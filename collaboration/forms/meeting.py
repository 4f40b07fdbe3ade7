"""Forms of the meetings: planning one, its agenda, attendance, decisions, deciding an application
at the meeting, and the minutes."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from plumbing import ids
from plumbing.dates import apply_model_date_rules
from plumbing.limits import LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH

from ..models import AgendaItem, Meeting
from .group import ErrorSummaryMixin

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(ErrorSummaryMixin, forms.ModelForm):
    video_link = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        help_text=_("Sent to the members only; never shown in the public calendar."),
    )

    class Meta:
        model = Meeting
        formfield_callback = ids.id_formfield
        fields = ["starts_at", "ends_at", "place", "video_link", "description"]
        widgets = {
            "starts_at": _DATETIME,
            "ends_at": _DATETIME,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "place": _("The room and the address. Give a place, a video link, or both."),
            "description": _("Sent with the invitation."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ends_at"].required = True
        apply_model_date_rules(self)  # full_clean is skipped below
        self.fields["starts_at"].help_text = _("Date and time (Swedish time).")

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        if "place" in cleaned and "video_link" in cleaned and not cleaned["place"] and not cleaned["video_link"]:
            self.add_error("place", _("Give a place, a video link, or both."))
        return cleaned

    def _post_clean(self):  # the service validates the meeting as a whole
        pass


class AgendaItemForm(ErrorSummaryMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        formfield_callback = ids.id_formfield
        fields = ["title", "description", "duration_minutes"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's validators run in full_clean, which this form skips (the item has no meeting
        # until the service adds it): the limits are checked by the form field itself.
        duration = self.fields["duration_minutes"]
        duration.validators.extend([MinValueValidator(1), MaxValueValidator(480)])
        duration.widget.attrs.update(min=1, max=480)

    def _post_clean(self):
        pass


class AddWaitingForm(forms.Form):
    kind = forms.ChoiceField(choices=AgendaItem.Kind.choices)
    object_id = ids.IdField()


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Present at the meeting"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(row.person.pk), f"{row.person.get_full_name()} ({row.seat_label})" if row.seat_label else row.person.get_full_name())
            for row in rows
        ]
        if not self.is_bound:
            self.fields["present"].initial = [str(row.person.pk) for row in rows if row.present]

    def present_ids(self) -> set[int]:
        return {int(value) for value in self.cleaned_data["present"]}


class AgendaItemChoiceField(ids.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class DecisionForm(ErrorSummaryMixin, forms.Form):
    text = forms.CharField(
        label=_("Decision"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    agenda_item = AgendaItemChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("(no particular item)"),
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position", "pk")


class MeetingDecideForm(ErrorSummaryMixin, forms.Form):
    """The group's decision on an application, taken at the meeting."""

    APPROVE = "approve"
    REJECT = "reject"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve: the organisation joins the agreement")), (REJECT, _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the application is rejected. The applicant is told the reason."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REJECT and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason when the application is rejected."))
        return cleaned

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == self.APPROVE


class MinutesForm(ErrorSummaryMixin, forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=LONG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "What was discussed under each item. The decisions are listed with the minutes; once "
            "published, the minutes are public."
        ),
    )


class MeetingCancelForm(ErrorSummaryMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the meeting cancelled?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to everyone who had the invitation, for example with a new date if there is one."),
    )
