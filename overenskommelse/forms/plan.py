"""The forms of the yearly operational plan (verksamhetsplan) and its activities: what the convener
types, checked here; what needs other rows (one plan a year, a period inside the plan's year) is
checked by the services (``operational_plan_save``, ``activity_save``)."""

from typing import ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from plumbing import ids
from plumbing.forms import ErrorSummaryMixin

from ..models import ActionPlan, Activity, OperationalPlan, PriorityArea
from ..selectors import worded_lazy

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OperationalPlanForm(ErrorSummaryMixin, forms.ModelForm):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("Write the year the plan is for."),
            "invalid": _("Write the year as four digits, for example 2026."),
            "min_value": _("Write the year as four digits, for example 2026."),
            "max_value": _("Write the year as four digits, for example 2026."),
        },
    )

    class Meta:
        model = OperationalPlan
        formfield_callback = ids.id_formfield
        fields: ClassVar[list[str]] = ["year", "introduction", "adopted_on"]
        widgets: ClassVar[dict] = {"introduction": forms.Textarea(attrs={"rows": 4}), "adopted_on": DATE_INPUT}
        labels: ClassVar[dict] = {"introduction": _("Introduction"), "adopted_on": _("Adopted on")}
        help_texts: ClassVar[dict] = {
            "introduction": _("What the year's work is about, in a few sentences."),
            "adopted_on": worded_lazy(
                _(
                    "The day %(group)s adopted the plan. Leave it empty while the plan is a draft; an adopted plan is shown publicly."
                )
            ),
        }


class ActivityForm(ErrorSummaryMixin, forms.ModelForm):
    class Meta:
        model = Activity
        formfield_callback = ids.id_formfield
        fields: ClassVar[list[str]] = [
            "title",
            "priority_area",
            "responsible",
            "starts_on",
            "ends_on",
            "status",
            "note",
        ]
        widgets: ClassVar[dict] = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        labels: ClassVar[dict] = {
            "title": _("What is done"),
            "responsible": _("Who is responsible"),
            "starts_on": _("Planned from"),
            "ends_on": _("Planned until"),
            "status": _("Status"),
            "note": _("Follow-up note"),
        }
        help_texts: ClassVar[dict] = {
            "responsible": _("A party, a working group or a person."),
            "note": _("How the activity is going, in a sentence or two."),
        }
        error_messages: ClassVar[dict] = {
            "title": {"required": _("Write what the activity is.")},
            "responsible": {"required": _("Write who is responsible for the activity.")},
            "starts_on": {
                "required": _("Give the day the activity is planned to start."),
                "invalid": _("Give a date, for example 2026-03-01."),
            },
            "ends_on": {
                "required": _("Give the day the activity is planned to end."),
                "invalid": _("Give a date, for example 2026-03-01."),
            },
        }

    def __init__(self, *args, action_plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        area = self.fields["priority_area"]
        area.queryset = PriorityArea.objects.filter(action_plan=action_plan).order_by("position", "pk")
        area.label = worded_lazy("%(Area)s")  # the agreement's own word, nothing to translate
        area.empty_label = _("(none)")

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The activity cannot end before it starts."))
        return cleaned
