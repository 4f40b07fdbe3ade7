"""Forms of the day and of afterwards: the check-in search, marking someone as attended, a walk-in,
and the documentation of a conference."""

import functools

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_pdf
from plumbing import ids
from plumbing.widgets import SearchInput

from ..models import Conference, Session

__all__ = [
    "DOCUMENT_MAX_BYTES",
    "CertificateNameForm",
    "CheckInSearchForm",
    "CheckInToggleForm",
    "DocumentForm",
    "WalkInForm",
]

# Presentations with pictures are larger than other uploads.
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


class SessionChoiceField(ids.ModelChoiceField):
    def label_from_instance(self, obj: Session) -> str:
        if obj.kind == Session.Kind.TRAINING:
            return _("%(title)s (training)") % {"title": obj.title}
        return obj.title


class CheckInSearchForm(forms.Form):
    """The check-in page's search (GET): a name, and optionally the session people are coming in to."""

    q = forms.CharField(
        label=_("Search by name, email or organisation"),
        required=False,
        max_length=100,
        widget=SearchInput(attrs={"autocomplete": "off", "enterkeyhint": "search"}),
    )
    session = SessionChoiceField(
        label=_("Checking in to"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("The conference (at the entrance)"),
    )

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = conference.sessions.order_by("starts_at", "pk")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def values(self) -> tuple[str, Session | None]:
        """The valid search and session; a session that is not this conference's is ignored."""
        if not self.is_bound:
            return "", None
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return (data.get("q") or "").strip(), data.get("session")


class CheckInToggleForm(forms.Form):
    """One button on the check-in list: mark as attended (1) or undo (0), at the conference or in a
    session, then back to the same search."""

    attended = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")
    session = ids.ModelChoiceField(queryset=Session.objects.none(), required=False)
    q = forms.CharField(required=False, max_length=100)
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = conference.sessions.all()


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("Optional. Needed for a certificate of attendance to be sent."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=200,
        help_text=_("Optional. Choose from the suggestions if the organisation is in the register."),
        widget=forms.TextInput(attrs={"list": "organisation-names", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    session = ids.ModelChoiceField(
        label=_("Session"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("The whole conference"),
        help_text=_("The session the documentation belongs to, if any."),
    )
    file = forms.FileField(
        label=_("Presentation or other document (PDF)"),
        required=False,
        validators=[functools.partial(validate_pdf, max_bytes=DOCUMENT_MAX_BYTES)],
        help_text=_("A PDF of at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("For example a summary of a dialogue round. Shown on the conference page."),
    )

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = conference.sessions.order_by("starts_at", "pk")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("file") and not (cleaned.get("notes") or "").strip():
            self.add_error("file", forms.ValidationError(_("Upload a PDF or write notes (or both)."), code="empty"))
        return cleaned


class CertificateNameForm(forms.Form):
    """The participant corrects the spelling of their name before (or after) the certificate is made."""

    name = forms.CharField(
        label=_("Your name as it should be on the certificate"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
