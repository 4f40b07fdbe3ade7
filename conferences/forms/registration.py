"""Forms of invitations and registrations: the public registration form (with a honeypot against
bots), the change form behind the personal link, a representative's form for colleagues, and the
convener's form to add an address to the invitation list."""

from django import forms
from django.forms import formset_factory
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from plumbing import ids
from plumbing.forms import ErrorSummaryMixin

from ..models import Conference, Session

# The honeypot: a text field people never see (hidden by CSS, skipped by screen readers and the
# keyboard) that simple bots fill in like every other field.
HONEYPOT_FIELD = "website"


class SessionCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes of sessions; a full session is shown but cannot be ticked."""

    def __init__(self, *args, full: set[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.full = full or set()

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        pk = getattr(value, "value", value)
        if pk in self.full and not selected:
            option["attrs"]["disabled"] = True
        return option


class SessionChoiceField(ids.ModelMultipleChoiceField):
    """Each session labelled with its day and time, its title (Swedish) and whether it is full."""

    def __init__(self, *args, full: set[int] | None = None, **kwargs):
        self.full = full or set()
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        starts = timezone.localtime(obj.starts_at)
        ends = timezone.localtime(obj.ends_at)
        when = f"{formats.date_format(starts, 'j F')} {formats.time_format(starts)}–{formats.time_format(ends)}"
        if obj.pk in self.full:
            return format_html(
                '{} <span lang="sv">{}</span> <strong>({})</strong>', when, obj.title, _("full")
            )
        return format_html('{} <span lang="sv">{}</span>', when, obj.title)


def _sessions_field(conference: Conference, sessions, full: set[int]) -> SessionChoiceField:
    return SessionChoiceField(
        label=_("Sessions you want to attend"),
        queryset=Session.objects.filter(conference=conference).order_by("starts_at", "pk"),
        required=False,
        full=full,
        widget=SessionCheckboxes(full=full),
        help_text=_(
            "Some sessions have a limited number of places: first come, first served. A session "
            "marked full cannot be chosen."
        ),
    )


def _full_ids(sessions) -> set[int]:
    return {
        session.pk
        for session in sessions
        if session.capacity is not None and session.confirmed_count >= session.capacity
    }


class RegistrationChangeForm(ErrorSummaryMixin, forms.Form):
    """What a registered person may change through their personal link."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    dietary_needs = forms.CharField(
        label=_("Dietary needs"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Allergies, vegetarian or vegan food, and so on."),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A sign language or speech-to-text interpreter, a hearing loop, step-free seating, and so on."),
    )
    on_participant_list = forms.BooleanField(
        label=_("My name and organisation may appear on the participant list"),
        required=False,
        help_text=_("The participant list is handed out to the participants at the conference."),
    )

    def __init__(self, *args, conference: Conference, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        full = _full_ids(sessions)
        # A session the person already has stays theirs even when it is full now.
        chosen = set(self.initial.get("sessions") or [])
        self.fields["sessions"] = _sessions_field(conference, sessions, full - chosen)
        # The sessions come after the name, as on the registration form.
        self.order_fields(["name", "sessions"])
        days = conference.needs_retention_days
        # Said without the agreement's title for the convener: whoever organises the conference.
        self.needs_notice = _(
            "Only the convener of the conference sees your dietary and accessibility needs. They "
            "are erased %(days)s days after the conference."
        ) % {"days": days}


class RegistrationForm(RegistrationChangeForm):
    """The public registration form: no account needed."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("The confirmation and your personal link to change or cancel are sent here."),
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=200,
        help_text=_("The association, förvaltning or other organisation you come from, if any."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(
            ["name", "email", "organisation_name", "sessions", "dietary_needs", "accessibility_needs",
             "on_participant_list", HONEYPOT_FIELD]
        )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            raise forms.ValidationError(
                _("The registration could not be sent. Please try again."), code="honeypot"
            )
        return cleaned


class InvitationAddForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    name = forms.CharField(label=_("Name (if you like)"), required=False, max_length=200)


class ColleagueOrganisationForm(forms.Form):
    organisation = ids.ModelChoiceField(
        label=_("Organisation"), queryset=None, empty_label=None
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ColleagueForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email address"), max_length=254, required=False)

    def clean(self):
        cleaned = super().clean()
        name, email = cleaned.get("name"), cleaned.get("email")
        if name and not email and "email" not in self.errors:
            self.add_error("email", _("Give the person's email address."))
        if email and not name:
            self.add_error("name", _("Give the person's name."))
        return cleaned


class BaseColleagueFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.people():
            raise forms.ValidationError(_("Give at least one person's name and email address."))

    def people(self) -> list[tuple[str, str]]:
        """(name, email) of each filled row."""
        return [
            (form.cleaned_data["name"], form.cleaned_data["email"])
            for form in self.forms
            if form.cleaned_data.get("name") and form.cleaned_data.get("email")
        ]

    def row_of(self, index: int) -> int:
        """The form (row) of the ``index``-th person in ``people()``."""
        filled = [
            i for i, form in enumerate(self.forms)
            if form.cleaned_data.get("name") and form.cleaned_data.get("email")
        ]
        return filled[index]


ColleagueFormSet = formset_factory(ColleagueForm, formset=BaseColleagueFormSet, extra=5, max_num=50)
