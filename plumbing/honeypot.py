"""A honeypot against spam bots for the public forms: a text field people are asked to leave empty.

The field is moved off-screen by the class ``hp-field`` (static/css/portal.css), kept out of the
tab order (``tabindex="-1"``) and of autofill (``autocomplete="off"``), and its label tells anyone
who still meets it — a screen reader user, a browser without our styles — to leave it empty. Its
wrapper is not ``aria-hidden``: hiding a form control from assistive technology while it can still
take focus is an accessibility failure. Render it with
``{% include "plumbing/_honeypot.html" with field=form.<honeypot field> %}``.

A form whose honeypot is filled in is invalid with one general error, so nothing is saved and the
bot learns nothing about which field gave it away.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "homepage"


class HoneypotMixin:
    """Adds the honeypot field (``honeypot_field``, default ``homepage``) to a form."""

    honeypot_field: str = HONEYPOT_FIELD
    honeypot_error = _("The form could not be sent. Please try again.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.honeypot_field] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    @property
    def honeypot(self):
        """The bound field, for the template."""
        return self[self.honeypot_field]

    @property
    def caught_by_honeypot(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get(self.honeypot_field))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(self.honeypot_field):
            raise forms.ValidationError(self.honeypot_error, code="honeypot")
        return cleaned
