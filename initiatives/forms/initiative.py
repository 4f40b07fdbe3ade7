"""Forms of collaboration initiatives: propose, edit step by step, the small forms on an
initiative's page (move on, move back, pause/close, interest, answer, introduction) and the
catalogue's filters."""

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Sector
from overenskommelse.models import Direction, PriorityArea
from overenskommelse.process import STEPS, Step
from overenskommelse.selectors import (
    agreement_words,
    priority_area_filter_choices,
    word_lazy,
    worded,
    worded_lazy,
)
from plumbing import ids
from plumbing.dates import validate_past_date, validate_plan_date
from plumbing.honeypot import HoneypotMixin
from plumbing.limits import TEXT_MAX_LENGTH
from plumbing.widgets import LargeSelect, SearchInput, frozen_choices, translated_choices

from ..models import CollaborationForm, Horizon, Initiative, PartyRequest
from ..selectors import (
    current_principles,
    party_choices,
    plan_priority_areas,
)

DATE_WIDGET = {"type": "date"}

# The fields of each step's content, in the order of the form.
STEP_ONE_FIELDS = [
    "title",
    "need",
    "goal",
    "priority_areas",
    "directions",
    "horizon",
    "looking_for_partners",
    "partners_wanted",
    "is_public",
]
STEP_FIELDS: dict[int, list[str]] = {
    2: ["form", "starts_on", "implementation_plan"],
    3: ["ends_on", "report_on", "results_summary", "dissemination", "reported_to_group_on"],
    4: ["evaluation_worked", "evaluation_did_not_work", "evaluation_lessons"],
}
# Which steps' content the parties fill in while the initiative is in a step: their own step's
# and the earlier ones, and where the condition to enter the next step asks for that step's
# content (implementation, results), that too. The evaluation is written once it has ended.
EDITABLE_GROUPS: dict[int, tuple[int, ...]] = {
    1: (2,),
    2: (2, 3),
    3: (2, 3),
    4: (2, 3, 4),
    5: (2, 3, 4),
}


def _date_field(label, *, required=False, help_text="", validators=(validate_plan_date,)):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        validators=list(validators),
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
    )


class SwedishNameChoiceField(ids.ModelMultipleChoiceField):
    """Names from the database are Swedish text: marked so in the English interface."""

    def label_from_instance(self, obj) -> str:
        return format_html('<span lang="sv">{}</span>', obj.name)


class DirectionChoiceField(ids.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return format_html('<span lang="sv">{}</span>', obj.text)


class OrganisationMultipleChoiceField(ids.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        sector = {
            Sector.PUBLIC: agreement_words().public,  # the agreement's own word: kommunal, offentlig
            Sector.IDEA_DRIVEN: _("idea-driven"),
        }.get(obj.sector, _("other"))
        return f"{obj.name} ({sector})"


class StepOneMixin:
    """The content of step 1, shared by the proposal and the edit: the action plan's priority
    areas and their directions (grouped by area), and what kind of partner is wanted."""

    def setup_step_one(self) -> None:
        self.areas = plan_priority_areas()
        area_ids = [area.pk for area in self.areas]
        self.fields["priority_areas"].queryset = PriorityArea.objects.filter(pk__in=area_ids).order_by(
            "position", "pk"
        )
        self.fields["directions"].queryset = Direction.objects.filter(
            priority_area_id__in=area_ids
        ).order_by("priority_area__position", "position", "pk")
        self._direction_area = {
            direction.pk: area.pk for area in self.areas for direction in area.directions.all()
        }
        self.fields["directions"].widget.attrs["class"] = "form-check-input"
        for name in ("need", "goal", "partners_wanted"):
            self.fields[name].widget.attrs["rows"] = 3
        for name in ("parties", "other_parties"):
            if name in self.fields:
                self.fields[name].widget.attrs["size"] = 8

    def direction_groups(self) -> list[tuple[PriorityArea, list]]:
        """The directions' checkboxes, grouped under their priority area (a fieldset each)."""
        widgets = {}
        for widget in self["directions"]:
            widgets[int(str(widget.data["value"]))] = widget
        groups = []
        for area in self.areas:
            boxes = [widgets[d.pk] for d in area.directions.all() if d.pk in widgets]
            if boxes:
                groups.append((area, boxes))
        return groups

    def clean_step_one(self, cleaned: dict) -> None:
        areas = cleaned.get("priority_areas")
        directions = cleaned.get("directions") or []
        if areas is not None:
            chosen = {area.pk for area in areas}
            outside = [d for d in directions if self._direction_area.get(d.pk) not in chosen]
            if outside:
                self.add_error(
                    "directions",
                    worded(_("Choose only directions under the %(areas)s you have chosen, or choose their area too.")),
                )
        if cleaned.get("looking_for_partners") and not (cleaned.get("partners_wanted") or "").strip():
            self.add_error(
                "partners_wanted", _("Say what kind of partner the initiative is looking for.")
            )


def _step_one_fields() -> dict[str, forms.Field]:
    return {
        "title": forms.CharField(label=_("Title"), max_length=200),
        "need": forms.CharField(
            label=_("The need it answers"),
            max_length=TEXT_MAX_LENGTH,
            widget=forms.Textarea,
            help_text=_("A need that both the municipality and the idea-driven sector recognise."),
        ),
        "goal": forms.CharField(
            label=_("What it wants to achieve"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea
        ),
        "priority_areas": SwedishNameChoiceField(
            label=worded_lazy(_("%(Areas)s of the action plan it serves")),
            queryset=PriorityArea.objects.none(),
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": worded_lazy(_("Choose at least one %(area)s."))},
        ),
        "directions": DirectionChoiceField(
            label=_("Directions of the action plan"),
            queryset=Direction.objects.none(),
            widget=forms.CheckboxSelectMultiple,
            required=False,
        ),
        "horizon": forms.ChoiceField(
            label=_("Short- or long-term"),
            choices=Horizon.choices,
            initial=Horizon.SHORT,
            widget=forms.RadioSelect,
        ),
        "looking_for_partners": forms.BooleanField(
            label=_("The initiative is looking for more partners"),
            required=False,
            help_text=_("It is then listed among the initiatives looking for partners."),
        ),
        "partners_wanted": forms.CharField(
            label=_("What kind of partner is wanted"),
            required=False,
            max_length=TEXT_MAX_LENGTH,
            widget=forms.Textarea,
            help_text=_(
                "For example an association working with young people, a förvaltning, a university or a business."
            ),
        ),
        "is_public": forms.BooleanField(
            label=_("Show the initiative in the public catalogue"),
            required=False,
            initial=True,
            help_text=_("The parties decide whether the public can follow the initiative."),
        ),
    }


class InitiativeProposeForm(StepOneMixin, forms.Form):
    """A new initiative, proposed by one of the user's organisations."""

    organisation = ids.ModelChoiceField(
        label=_("Proposed by"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("The organisation you propose the initiative for."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        step_one = _step_one_fields()
        for name in STEP_ONE_FIELDS:
            self.fields[name] = step_one[name]
            if name == "directions":
                self.fields["other_parties"] = OrganisationMultipleChoiceField(
                    label=_("Other parties so far"),
                    queryset=party_choices(),
                    required=False,
                    help_text=_(
                        "Connected idea-driven organisations and förvaltningar that already take part. "
                        "An organisation you do not represent is asked first and shown as a party once "
                        "it accepts. Hold down Ctrl (Cmd on a Mac) to choose several."
                    ),
                )
        self.fields["organisation"].queryset = organisations
        self.setup_step_one()

    def clean(self):
        cleaned = super().clean()
        self.clean_step_one(cleaned)
        return cleaned


class InitiativeEditForm(StepOneMixin, forms.ModelForm):
    """One form with the content of step 1, the parties, and the content of the steps the
    initiative has reached (see EDITABLE_GROUPS), including a text per principle once the
    evaluation is written. What earlier steps' conditions required stays required."""

    parties = OrganisationMultipleChoiceField(
        label=_("Parties"),
        queryset=Organisation.objects.none(),
        help_text=_(
            "Connected idea-driven organisations and förvaltningar that take part. An organisation "
            "you do not represent is asked first and shown as a party once it accepts. Hold down "
            "Ctrl (Cmd on a Mac) to choose several."
        ),
    )
    form = forms.ChoiceField(
        label=_("Form of collaboration"),
        choices=[("", _("Not chosen yet"))] + list(CollaborationForm.choices),
        required=False,
    )
    starts_on = _date_field(_("Start date"))
    ends_on = _date_field(_("End date"))
    report_on = _date_field(
        _("Report date"), help_text=_("For a long-term initiative: the date results are reported.")
    )
    reported_to_group_on = _date_field(
        worded_lazy(_("Date reported to %(group)s")), validators=[validate_past_date]
    )

    class Meta:
        model = Initiative
        formfield_callback = ids.id_formfield
        fields = STEP_ONE_FIELDS + [name for group in STEP_FIELDS.values() for name in group]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        initiative = self.instance
        step_one = _step_one_fields()
        for name in STEP_ONE_FIELDS:
            self.fields[name] = step_one[name]
        self.step_number = initiative.step_number
        self.groups = EDITABLE_GROUPS[self.step_number]
        for group, names in STEP_FIELDS.items():
            if group not in self.groups:
                for name in names:
                    del self.fields[name]
        # Parties and organisations still asked: both stay named when the form is saved again.
        named = [party.organisation_id for party in initiative.parties.all()] + list(
            initiative.party_requests.filter(status=PartyRequest.Status.PENDING).values_list(
                "organisation_id", flat=True
            )
        )
        self.fields["parties"].queryset = party_choices(keep=named)
        self.initial["parties"] = named
        self.principles = []
        if 4 in self.groups:
            texts = {a.principle_id: a.text for a in initiative.principle_assessments.all()}
            for principle in current_principles():
                name = f"principle_{principle.pk}"
                self.fields[name] = forms.CharField(
                    label=format_html(
                        '{} <span lang="sv">{}</span>',
                        _("How the collaboration lived up to the principle"),
                        principle.name,
                    ),
                    help_text=format_html('<span lang="sv">{}</span>', principle.description),
                    required=False,
                    max_length=TEXT_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    initial=texts.get(principle.pk, ""),
                )
                self.principles.append((principle, name))
        for name in self.fields:
            if isinstance(self.fields[name].widget, forms.Textarea) and name in self._meta.fields:
                self.fields[name].widget.attrs["rows"] = 4
        self.setup_step_one()
        self._require_passed_conditions()

    def _require_passed_conditions(self) -> None:
        """The content the initiative needed to reach its step cannot be emptied afterwards."""
        step = self.step_number
        required = []
        if step >= 2:
            required += ["form", "starts_on"]
        if step >= 3:
            required += ["results_summary", "dissemination", "reported_to_group_on"]
        if step >= 4:
            required += ["ends_on"]
        if step >= 5:
            required += ["evaluation_worked", "evaluation_did_not_work", "evaluation_lessons"]
            required += [name for _principle, name in self.principles]
        for name in required:
            if name in self.fields:
                self.fields[name].required = True

    def step_sections(self) -> list[tuple]:
        """(step description, bound fields) for each step's content on the form, in order."""
        return [
            (STEPS[group - 1], [self[name] for name in STEP_FIELDS[group] if name in self.fields])
            for group in self.groups
        ]

    def principle_fields(self) -> list:
        return [self[name] for _principle, name in self.principles]

    def clean(self):
        cleaned = super().clean()
        self.clean_step_one(cleaned)
        step = self.step_number
        if (
            step >= 3
            and "ends_on" in self.fields
            and not cleaned.get("ends_on")
            and not cleaned.get("report_on")
            and "ends_on" not in self.errors
        ):
            self.add_error("ends_on", _("Give an end date or a report date."))
        if step >= 4 and cleaned.get("ends_on") and cleaned["ends_on"] > timezone.localdate():
            self.add_error(
                "ends_on",
                _("The initiative is already being evaluated, so it has ended: the end date cannot be in the future."),
            )
        parties = cleaned.get("parties")
        if step >= 2 and parties is not None:
            sectors = {organisation.sector for organisation in parties}
            if Sector.PUBLIC not in sectors or Sector.IDEA_DRIVEN not in sectors:
                self.add_error(
                    "parties",
                    _("From the implementation step on, the parties include at least one förvaltning and one idea-driven organisation."),
                )
        return cleaned

    def principle_texts(self) -> dict[int, str] | None:
        if not self.principles:
            return None
        return {principle.pk: self.cleaned_data.get(name, "") for principle, name in self.principles}

    def model_fields(self) -> list[str]:
        """The model fields the form edits (for ``services.initiative_update``)."""
        skip = {"priority_areas", "directions", "parties"}
        return [name for name in self._meta.fields if name in self.fields and name not in skip]


# --- The small forms on an initiative's page --------------------------------------------------------


class AdvanceForm(forms.Form):
    step = forms.ChoiceField(choices=Step.choices, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MoveBackForm(forms.Form):
    step = forms.ChoiceField(choices=Step.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for moving it back"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason for moving the initiative back.")},
    )


class StateForm(forms.Form):
    """Pause or close an active initiative; resume or close a paused one."""

    state = forms.ChoiceField(label=_("What do you want to do?"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to pause or close the initiative. The parties are told."),
    )

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        if current == Initiative.State.PAUSED:
            choices = [(Initiative.State.ACTIVE, _("Resume the initiative"))]
        else:
            choices = [(Initiative.State.PAUSED, _("Pause the initiative"))]
        choices.append((Initiative.State.CLOSED, _("Close the initiative early")))
        self.fields["state"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("state") in (Initiative.State.PAUSED, Initiative.State.CLOSED) and not (
            cleaned.get("reason") or ""
        ).strip():
            self.add_error("reason", _("Give a reason."))
        return cleaned


class InterestForm(HoneypotMixin, forms.Form):
    organisation = ids.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    message = forms.CharField(
        label=_("Message to the parties"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What your organisation could bring, in a few sentences."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class InterestAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline"))], widget=forms.HiddenInput
    )
    answer = forms.CharField(
        label=_("Answer (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class IntroductionForm(forms.Form):
    organisation = ids.ModelChoiceField(
        label=_("Organisation to put in touch"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose…"),
    )
    note = forms.CharField(
        label=_("Note to both sides (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


# --- The catalogue --------------------------------------------------------------------------------


class InitiativeFilterForm(forms.Form):
    """The search and filters of the public catalogue (GET): every value optional."""

    q = forms.CharField(
        label=_("Title"), required=False, max_length=200, widget=SearchInput(attrs={"autocomplete": "off"})
    )
    # Options written in Python (LargeSelect), not through a template each: the filters are on
    # every request of the catalogue.
    area = forms.ChoiceField(label=word_lazy("Area"), required=False, widget=LargeSelect)
    step = forms.ChoiceField(label=_("Step"), required=False, widget=LargeSelect)
    form = forms.ChoiceField(label=_("Form of collaboration"), required=False, widget=LargeSelect)
    # A search field, not a list: at a region's scale thousands of organisations take part, and a
    # <select> of them all weighed 120 KiB and most of the page's time (docs/performance.md).
    organisation = forms.CharField(
        label=_("Organisation taking part"),
        required=False,
        max_length=200,
        help_text=_("The whole or a part of the name of a party, for example a förvaltning or an association."),
        widget=SearchInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Made once per language and data (plumbing.widgets.frozen_choices), not at each request.
        self.fields["area"].choices = priority_area_filter_choices()
        self.fields["step"].choices = frozen_choices(
            "initiative-step",
            lambda: [("", _("All steps"))]
            + [(value, f"{number}. {label}") for number, (value, label) in enumerate(translated_choices(Step), 1)],
        )
        self.fields["form"].choices = frozen_choices(
            "initiative-form", lambda: [("", _("All forms")), *translated_choices(CollaborationForm)]
        )
        # Written by ``{% filter_fields form %}`` (plumbing/filter_form.py: crispy's markup without
        # its templates); the template writes the <form method="get"> and its button.
        self.columns = [(name, "col-md-6 col-lg-4") for name in ("q", "area", "step", "form", "organisation")]

    def filters(self) -> dict[str, str]:
        """The valid filters as keyword arguments of ``selectors.initiative_catalogue_page``."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": (data.get("q") or "").strip(),
            "priority_area": data.get("area") or "",
            "step": data.get("step") or "",
            "form": data.get("form") or "",
            "organisation": (data.get("organisation") or "").strip(),
        }
